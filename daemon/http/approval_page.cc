// GET/POST /godkjenn/LINK: the page where the approvers decide a unit's deadline request
// (docs/answers.md).
// What it shares with the approvers' page is in link_pages.h.
#include "daemon/http/api.h"
#include "daemon/http/html.h"
#include "daemon/http/link_pages.h"
#include "db/answers.h"
#include "db/tokens.h"
#include "rules/calendar.h"
#include "rules/text.h"

namespace fristvakt {

HttpResponse HttpApi::ApprovalPage(const HttpRequest& r, const std::string& secret,
                                   const std::string& query) {
  const Config& config = hooks_.config();
  const Language lang = config.language;
  const Timestamp now = clock_->Now();
  HttpResponse refusal;
  std::optional<LinkedMeasure> linked =
      OpenLink(store_, r, "godkjenn", secret, now, lang, &refusal);
  if (!linked) return refusal;
  const AnswerLink* link = &linked->link;
  std::optional<Measure> m = std::move(linked->measure);
  std::optional<DeadlineRequest> request;
  if (Status s = store_->GetDeadlineRequest(link->request, &request); !s.ok()) {
    return PageError(s, lang);
  }
  if (!request || request->measure != m->id) return NoSuchLink(lang);
  const std::string self = "/godkjenn/" + secret;
  std::string decision;
  std::string note;
  std::map<std::string, std::string> errors;
  std::string alert;
  int status = 200;
  if (r.method == "POST") {
    if (CrossSite(r, config)) {
      return CrossSiteRefusal(lang, "");
    }
    decision = FormField(r.body, "decision");
    note = FormField(r.body, "note");
    const std::string key = FormField(r.body, "form_key");
    if (key.empty() || key != CookieField(r.cookie, kFormCookie)) {
      status = 403;
      alert = Tr(lang, "Skjemaet var for gammelt eller kom fra et annet nettsted. Send på nytt.",
                 "The form was too old or came from another site. Send it again.");
    } else {
      bool decided = false;
      Status s = DecideRequest(store_, config, *link, decision, note, now, &decided);
      if (s.code() == Status::Code::kBadInput) {
        status = 400;
        errors["decision"] = s.message();
      } else if (s.code() == Status::Code::kNotFound) {
        return NoSuchLink(lang);
      } else if (!s.ok()) {
        return PageError(s, lang);
      } else {
        if (decided && hooks_.changed) hooks_.changed();
        return {303, "text/plain", "", "", self + "?avgjort=1"};
      }
    }
  }
  // Read again: a decision just made, or made by someone else meanwhile.
  if (Status s = store_->GetDeadlineRequest(link->request, &request); !s.ok() || !request) {
    return NoSuchLink(lang);
  }
  if (Status s = store_->GetMeasure(link->measure, &m); !s.ok() || !m) return NoSuchLink(lang);
  const Recipient* unit = config.directory.Find(request->unit);
  const Recipient* group = config.directory.Find(request->decided_by);
  std::string body = "<header><p>fristvakt – " +
                     Tr(lang, "ønske om ny frist", "a deadline request") +
                     "</p></header>\n<main>\n<h1>" + HtmlEscape(m->title) + "</h1>\n";
  if (!alert.empty())
    body += "<div class=\"error\" role=\"alert\"><p>" + HtmlEscape(alert) + "</p></div>\n";
  body += ErrorSummary(lang, errors, {{"decision", Tr(lang, "Avgjørelse", "Decision")}});
  if (query == "avgjort=1" && request->state != "pending") {
    body += "<div class=\"ok\" role=\"status\"><p>" +
            Tr(lang, "Takk, avgjørelsen er lagret. Enheten får beskjed.",
               "Thank you, the decision is saved. The unit will be told.") +
            "</p></div>\n";
  }
  body += "<h2>" + Tr(lang, "Ønsket", "The request") + "</h2>\n<dl>\n<dt>" +
          Tr(lang, "Fra", "From") + "</dt><dd>" + HtmlEscape(unit ? unit->name : request->unit) +
          "</dd>\n<dt>" + Tr(lang, "Frist nå", "Deadline now") + "</dt><dd>" +
          FormatNorwegianDate(request->old_deadline) + "</dd>\n<dt>" +
          Tr(lang, "Ønsket frist", "Requested deadline") + "</dt><dd>" +
          FormatNorwegianDate(request->new_deadline) + "</dd>\n<dt>" +
          Tr(lang, "Begrunnelse", "Reason") + "</dt><dd>" + HtmlEscape(request->reason) +
          "</dd>\n</dl>\n<h2>" + Tr(lang, "Tiltaket", "The measure") + "</h2>\n";
  body += MeasureFacts(store_, config, *m, now);
  if (request->state == "pending") {
    const std::string form_key = GenerateToken();
    body += "<h2 id=\"decide\">" + Tr(lang, "Avgjørelse", "Decision") +
            "</h2>\n<form method=\"post\" action=\"" + self + "\" novalidate>\n" +
            "<input type=\"hidden\" name=\"form_key\" value=\"" + form_key + "\">\n" +
            "<fieldset id=\"decision\"" +
            (errors.count("decision") ? " aria-describedby=\"decision-error\"" : "") +
            ">\n<legend>" + Tr(lang, "Avgjørelse", "Decision") + "</legend>\n";
    if (auto e = errors.find("decision"); e != errors.end()) {
      body += "<p class=\"field-error\" id=\"decision-error\">" + HtmlEscape(e->second) + "</p>\n";
    }
    for (const auto& [v, label] :
         {std::pair<std::string, std::string>{
              "approve", Tr(lang, "Godkjenn den nye fristen", "Approve the new deadline")},
          std::pair<std::string, std::string>{
              "reject", Tr(lang, "Avslå; fristen står", "Reject; the deadline stands")}}) {
      body += "<label class=\"choice\"><input type=\"radio\" name=\"decision\" value=\"" + v +
              "\"" + (decision == v ? " checked" : "") + "> " + HtmlEscape(label) + "</label>\n";
    }
    body += "</fieldset>\n";
    body +=
        FieldHtml("note", Tr(lang, "Merknad til enheten (valgfri)", "Note to the unit (optional)"),
                  "", "<textarea rows=\"3\"", ">" + HtmlEscape(note) + "</textarea>", errors);
    body += "<button type=\"submit\">" + Tr(lang, "Lagre avgjørelsen", "Save the decision") +
            "</button>\n</form>\n</main>\n";
    return Html(status, lang,
                m->title + Tr(lang, " – ny frist – fristvakt", " – deadline request – fristvakt"),
                body,
                std::string(kFormCookie) + "=" + form_key +
                    "; Path=/godkjenn/; Max-Age=86400; HttpOnly; SameSite=Strict" + Secure(config));
  }
  std::string outcome =
      request->state == "approved" ? Tr(lang, "Ønsket er godkjent", "The request was approved")
      : request->state == "rejected"
          ? Tr(lang, "Ønsket er avslått", "The request was rejected")
          : Tr(lang, "Ønsket er erstattet av et nyere", "The request was replaced by a newer one");
  if (group != nullptr) outcome += Tr(lang, " av ", " by ") + group->name;
  if (request->decided_at) {
    outcome += " " + FormatNorwegianDate(LocalDate(*request->decided_at, config.timezone));
  }
  if (!request->note.empty()) outcome += ": " + request->note;
  body += "<h2>" + Tr(lang, "Avgjørelse", "Decision") + "</h2>\n<p>" + HtmlEscape(outcome) +
          ".</p>\n</main>\n";
  return Html(status, lang,
              m->title + Tr(lang, " – ny frist – fristvakt", " – deadline request – fristvakt"),
              body);
}
}  // namespace fristvakt
