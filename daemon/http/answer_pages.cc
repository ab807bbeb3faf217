// GET/POST /svar/LINK: the page where the responsible unit answers a notice (docs/answers.md).
// What it shares with the approvers' page is in link_pages.h.
#include "daemon/http/api.h"
#include "daemon/http/html.h"
#include "daemon/http/link_pages.h"
#include "db/answers.h"
#include "db/tokens.h"
#include "rules/calendar.h"
#include "rules/text.h"

namespace fristvakt {

HttpResponse HttpApi::AnswerPage(const HttpRequest& r, const std::string& secret,
                                 const std::string& query) {
  const Config& config = hooks_.config();
  const Language lang = config.language;
  const Timestamp now = clock_->Now();
  HttpResponse refusal;
  std::optional<LinkedMeasure> linked = OpenLink(store_, r, "svar", secret, now, lang, &refusal);
  if (!linked) return refusal;
  const AnswerLink* link = &linked->link;
  const Measure* m = &linked->measure;
  const std::string self = "/svar/" + secret;

  AnswerForm form;
  std::map<std::string, std::string> errors;
  int status = 200;
  std::string notice;
  if (r.method == "POST") {
    if (CrossSite(r, config)) {
      return CrossSiteRefusal(
          lang, Tr(lang, "Svaret ble ikke lagret. Åpne lenken i varselet og svar derfra.",
                   "The answer was not saved. Open the link in the notice and answer there."));
    }
    form.status = FormField(r.body, "status");
    form.progress = FormField(r.body, "progress");
    form.comment = FormField(r.body, "comment");
    form.ack_until = FormField(r.body, "ack_until");
    form.ack_note = FormField(r.body, "ack_note");
    form.new_deadline = FormField(r.body, "new_deadline");
    form.reason = FormField(r.body, "reason");
    const std::string key = FormField(r.body, "form_key");
    if (key.empty() || key != CookieField(r.cookie, kFormCookie)) {
      status = 403;
      notice = Tr(lang,
                  "Skjemaet var for gammelt eller kom fra et annet nettsted, så svaret ble ikke "
                  "lagret. Se over feltene og send på nytt.",
                  "The form was too old or came from another site, so the answer was not saved. "
                  "Check the fields and send it again.");
    } else {
      AnswerOutcome outcome;
      if (Status s = RecordAnswer(store_, config, *link, form, now, &outcome); !s.ok()) {
        if (s.code() == Status::Code::kNotFound) return NoSuchLink(lang);
        return PageError(s, lang);
      }
      errors = outcome.errors;
      const bool nothing =
          errors.empty() && outcome.changes == 0 && !outcome.acknowledged && !outcome.requested;
      if (errors.empty() && !nothing) {
        if (hooks_.changed) hooks_.changed();
        std::string saved;
        if (outcome.changes > 0) saved += "e";
        if (outcome.acknowledged) saved += "k";
        if (outcome.requested) saved += "f";
        return {303, "text/plain", "", "", self + "?lagret=" + saved};
      }
      status = 400;
      if (nothing) {
        notice = Tr(lang, "Ingenting er endret: fyll inn det som er nytt, og send igjen.",
                    "Nothing has changed: fill in what is new, and send again.");
      }
    }
  } else if (query.rfind("lagret=", 0) == 0) {
    const std::string saved = query.substr(7);
    std::string items;
    if (saved.find('e') != std::string::npos) {
      items += "<li>" + Tr(lang, "Endringene i tiltaket", "The changes to the measure") + "</li>\n";
    }
    if (saved.find('k') != std::string::npos) {
      items += "<li>" + Tr(lang, "Kvitteringen for varselet", "The acknowledgement") + "</li>\n";
    }
    if (saved.find('f') != std::string::npos) {
      items += "<li>" +
               Tr(lang, "Ønsket om ny frist; dere får beskjed når det er avgjort",
                  "The request for a new deadline; you will hear when it is decided") +
               "</li>\n";
    }
    notice = "ok";
    if (!items.empty()) {
      notice = "<div class=\"ok\" role=\"status\">\n<h2>" +
               Tr(lang, "Takk, svaret er lagret", "Thank you, the answer is saved") +
               "</h2>\n<ul>\n" + items + "</ul>\n<p>" +
               Tr(lang, "Ledelsen ser svaret i oversikten sin.",
                  "The leadership sees the answer in its overview.") +
               "</p>\n</div>\n";
    } else {
      notice.clear();
    }
  }

  const std::string form_key = GenerateToken();
  const Date today = LocalDate(now, config.timezone);
  const Date latest_ack = Calendar(config.calendar).Add(today, config.answers.ack_max, 1);
  const DeadlineMoves moves = config.answers.moves();
  std::map<std::string, std::string> labels = {
      {"status", Tr(lang, "Status", "Status")},
      {"progress", Tr(lang, "Fremdrift i prosent", "Progress in per cent")},
      {"comment", Tr(lang, "Kommentar", "Comment")},
      {"ack_until", Tr(lang, "Kvitter til og med", "Acknowledge until")},
      {"ack_note", Tr(lang, "Merknad til kvitteringen", "Note with the acknowledgement")},
      {"new_deadline", Tr(lang, "Ny frist", "New deadline")},
      {"reason", Tr(lang, "Begrunnelse for ny frist", "Reason for the new deadline")}};
  if (moves == DeadlineMoves::kNone) {
    labels.erase("new_deadline");
    labels.erase("reason");
  }
  auto value = [](const std::string& v) { return " value=\"" + HtmlEscape(v) + "\""; };

  std::string body = "<header><p>fristvakt – " + Tr(lang, "svar på varsel", "answer a notice") +
                     "</p></header>\n<main>\n<h1>" + HtmlEscape(m->title) + "</h1>\n";
  if (!notice.empty() && notice.rfind("<div", 0) == 0) {
    body += notice;
  } else if (!notice.empty()) {
    body += "<div class=\"error\" role=\"alert\"><p>" + HtmlEscape(notice) + "</p></div>\n";
  }
  body += ErrorSummary(lang, errors, labels);
  body += MeasureFacts(store_, config, *m, now);
  body += "<h2 id=\"answer\">" + Tr(lang, "Svar", "Answer") + "</h2>\n<p>" +
          Tr(lang, "Fyll inn det som er nytt; tomme felt lar verdien stå som den er.",
             "Fill in what is new; an empty field leaves its value as it is.") +
          "</p>\n<form method=\"post\" action=\"" + self + "\" novalidate>\n" +
          "<input type=\"hidden\" name=\"form_key\" value=\"" + form_key + "\">\n";

  body += "<fieldset>\n<legend>" + Tr(lang, "Status og fremdrift", "Status and progress") +
          "</legend>\n";
  std::string options =
      "<option value=\"\">" +
      HtmlEscape(Tr(lang, "Uendret (", "Unchanged (") + MeasureStatusLabel(m->status, lang) + ")") +
      "</option>";
  for (MeasureStatus s : {MeasureStatus::kPlanned, MeasureStatus::kInProgress, MeasureStatus::kDone,
                          MeasureStatus::kCancelled}) {
    const std::string name = MeasureStatusName(s);
    options += "<option value=\"" + name + "\"" + (form.status == name ? " selected" : "") + ">" +
               HtmlEscape(MeasureStatusLabel(s, lang)) + "</option>";
  }
  body +=
      FieldHtml("status", labels.at("status"), "", "<select", ">" + options + "</select>", errors);
  body += FieldHtml(
      "progress", labels.at("progress"),
      Tr(lang, "Et helt tall fra 0 til 100. Nå: ", "A whole number from 0 to 100. Now: ") +
          std::to_string(m->progress) + " %",
      "<input type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" size=\"4\"",
      value(form.progress) + ">", errors);
  body += FieldHtml("comment", labels.at("comment"),
                    Tr(lang, "Hvor står tiltaket? Ledelsen ser kommentaren.",
                       "Where does the measure stand? The leadership sees the comment."),
                    "<textarea rows=\"4\"", ">" + HtmlEscape(form.comment) + "</textarea>", errors);
  body += "</fieldset>\n<fieldset>\n<legend>" +
          Tr(lang, "Kvitter for varselet", "Acknowledge the notice") +
          "</legend>\n<p class=\"hint\">" +
          Tr(lang,
             "Har dere saken under kontroll? Da stopper påminnelsene til enheten til og med "
             "datoen. Ledelsen får fortsatt sine varsler.",
             "Is the matter in hand? Then the reminders to your unit stop until the date. The "
             "leadership still gets its notices.") +
          "</p>\n";
  body +=
      FieldHtml("ack_until", labels.at("ack_until"),
                Tr(lang, "En dato fra i dag til og med ", "A date from today up to ") +
                    FormatNorwegianDate(latest_ack) + Tr(lang, " (åååå-mm-dd).", " (yyyy-mm-dd)."),
                "<input type=\"date\" min=\"" + FormatIsoDate(today) + "\" max=\"" +
                    FormatIsoDate(latest_ack) + "\"",
                value(form.ack_until) + ">", errors);
  body += FieldHtml("ack_note", labels.at("ack_note"), "", "<input type=\"text\"",
                    value(form.ack_note) + ">", errors);
  body += "</fieldset>\n";
  if (moves != DeadlineMoves::kNone) {
    body += "<fieldset>\n<legend>" +
            (moves == DeadlineMoves::kRequest ? Tr(lang, "Be om ny frist", "Ask for a new deadline")
                                              : Tr(lang, "Flytt fristen", "Move the deadline")) +
            "</legend>\n<p class=\"hint\">" +
            (moves == DeadlineMoves::kRequest
                 ? Tr(lang,
                      "Ønsket går til dem som godkjenner frister. Til det er avgjort, står fristen "
                      "som den er.",
                      "The request goes to those who approve deadlines. Until it is decided, the "
                      "deadline stands.")
                 : Tr(lang, "Den nye fristen gjelder med en gang.",
                      "The new deadline holds at once.")) +
            "</p>\n";
    body += FieldHtml("new_deadline", labels.at("new_deadline"),
                      Tr(lang, "Datoen (åååå-mm-dd). Nå: ", "The date (yyyy-mm-dd). Now: ") +
                          FormatNorwegianDate(m->deadline),
                      "<input type=\"date\" min=\"" + FormatIsoDate(today) + "\"",
                      value(form.new_deadline) + ">", errors);
    body +=
        FieldHtml("reason", labels.at("reason"),
                  Tr(lang, "Påkrevd med ny frist.", "Required with a new deadline."),
                  "<textarea rows=\"3\"", ">" + HtmlEscape(form.reason) + "</textarea>", errors);
    body += "</fieldset>\n";
  }
  body += "<button type=\"submit\">" + Tr(lang, "Send svaret", "Send the answer") +
          "</button>\n</form>\n<p class=\"hint\">" +
          Tr(lang, "Lenken gjelder bare dette tiltaket. Ikke send den videre.",
             "The link is for this measure only. Please do not pass it on.") +
          "</p>\n</main>\n";
  return Html(status == 200 && !errors.empty() ? 400 : status, lang,
              m->title + Tr(lang, " – svar – fristvakt", " – answer – fristvakt"), body,
              std::string(kFormCookie) + "=" + form_key +
                  "; Path=/svar/; Max-Age=86400; HttpOnly; SameSite=Strict" + Secure(config));
}

}  // namespace fristvakt
