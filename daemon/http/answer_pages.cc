// The pages behind the links notices carry (docs/answers.md): GET/POST /svar/LINK, where the
// responsible unit answers, and GET/POST /godkjenn/LINK, where the approvers decide a deadline
// request. Server-rendered, without scripts, in the configured language, universally designed:
// every field has its label, problems stand beside their field and in a summary at the top,
// and the pages read at 390 px and by keyboard alone. A link is the only key: it reaches one
// measure, and an unknown or expired one shows nothing.
#include "daemon/http/api.h"
#include "daemon/http/html.h"
#include "db/answers.h"
#include "db/tokens.h"
#include "rules/calendar.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

// The forms' anti-forgery value: the same in a cookie (SameSite=Strict, so a form posted from
// another site does not carry it) and in a hidden field.
constexpr const char* kFormCookie = "fristvakt_form";

constexpr const char* kStyle = R"(
dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:bold}
dd{margin:0;overflow-wrap:anywhere}
fieldset{border:1px solid #767676;border-radius:4px;margin:1.25rem 0;padding:.75rem 1rem}
legend{font-weight:bold;font-size:1.2rem;padding:0 .25rem}
label{display:block;font-weight:bold;margin:.75rem 0 .25rem}
.hint{margin:.25rem 0;color:#3d3d3d}
input,select,textarea{font:inherit;width:100%;max-width:30rem;padding:.5rem;border:2px solid #4d4d4d;border-radius:4px;background:#fff;color:#1a1a1a}
input[type=radio]{width:auto;margin-right:.5rem}
.choice{display:flex;align-items:center;font-weight:normal;margin:.5rem 0}
textarea{min-height:5rem}
[aria-invalid=true]{border-color:#a30000}
.field-error{color:#a30000;font-weight:bold;margin:.25rem 0}
button{font:inherit;font-weight:bold;padding:.75rem 1.5rem;border:0;border-radius:4px;background:#0b3d91;color:#fff;cursor:pointer;margin:1rem 0}
ul.history{padding-left:1.25rem}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
)";

std::string Secure(const Config& config) {
  return config.public_url.rfind("https://", 0) == 0 ? "; Secure" : "";
}

// The origin (scheme://host[:port]) of an address.
std::string OriginOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

// A form posted from another site is refused whatever it holds. Browsers send Origin with every
// POST; it must be this server, as people reach it (`public_url`) or as it was asked (Host).
bool CrossSite(const HttpRequest& r, const Config& config) {
  if (r.origin.empty()) return false;  // not a browser's cross-site form; the cookie still counts
  if (!config.public_url.empty() && r.origin == OriginOf(config.public_url)) return false;
  return r.origin != "http://" + r.host && r.origin != "https://" + r.host;
}

HttpResponse Html(int status, Language lang, const std::string& title, const std::string& body,
                  const std::string& cookie = "") {
  return {status, "text/html; charset=utf-8", HtmlPage(lang, title, body, kStyle), cookie, ""};
}

// A database that is busy or failing: worth trying again in a moment.
HttpResponse PageError(const Status& s, Language lang) {
  HttpResponse r = Html(
      s.code() == Status::Code::kUnavailable ? 503 : 500, lang,
      Tr(lang, "Prøv igjen – fristvakt", "Try again – fristvakt"),
      "<main>\n<h1>" + Tr(lang, "Prøv igjen om litt", "Please try again shortly") + "</h1>\n<p>" +
          Tr(lang, "Svaret kunne ikke lagres akkurat nå. Ingenting er endret.",
             "The answer could not be saved just now. Nothing has changed.") +
          "</p>\n</main>\n");
  r.retry_after = 5;
  return r;
}

// The page for a link that does not work: it says so and shows nothing of any measure.
HttpResponse NoSuchLink(Language lang) {
  const std::string title =
      Tr(lang, "Lenken virker ikke – fristvakt", "The link does not work – fristvakt");
  return Html(404, lang, title,
              "<main>\n<h1>" + Tr(lang, "Lenken virker ikke", "The link does not work") +
                  "</h1>\n<p>" +
                  Tr(lang,
                     "Lenken finnes ikke eller er utløpt. Lenker i varsler virker en tid etter at "
                     "varselet ble sendt; det neste varselet om tiltaket har en ny lenke.",
                     "The link does not exist or has expired. Links in notices work for a while "
                     "after the notice was sent; the next notice about the measure carries a "
                     "new one.") +
                  "</p>\n</main>\n");
}

std::string StatusLabel(MeasureStatus s, Language lang) { return MeasureStatusLabel(s, lang); }

// An event's yyyy-mm-dd date as dd.mm.yyyy.
std::string DateOrText(const std::string& iso) {
  auto d = ParseDate(iso);
  return d ? FormatNorwegianDate(*d) : iso;
}

// The measure as the unit and the approvers see it: its facts, the latest comment, a running
// acknowledgement and a pending request, then the deadline's history.
std::string MeasureFacts(Store* store, const Config& config, const Measure& m, Timestamp now) {
  const Language lang = config.language;
  const Date today = LocalDate(now, config.timezone);
  const FocusArea* area = config.rules.FindArea(m.focus_area);
  const Recipient* unit = config.directory.Find(m.responsible);
  auto row = [](const std::string& label, const std::string& value) {
    return "<dt>" + HtmlEscape(label) + "</dt><dd>" + value + "</dd>\n";
  };
  std::string out = "<dl>\n";
  out += row(Tr(lang, "Tiltak", "Measure"), HtmlEscape(m.id + " " + m.title));
  out +=
      row(Tr(lang, "Satsningsområde", "Focus area"), HtmlEscape(area ? area->title : m.focus_area));
  out += row(Tr(lang, "Ansvar", "Responsible"), HtmlEscape(unit ? unit->name : m.responsible));
  std::string deadline = FormatNorwegianDate(m.deadline);
  if (IsOpen(m.status) && m.deadline < today) {
    deadline += Tr(lang, " (over fristen)", " (overdue)");
  }
  out += row(Tr(lang, "Frist", "Deadline"), HtmlEscape(deadline));
  out += row(Tr(lang, "Status", "Status"), HtmlEscape(StatusLabel(m.status, lang)));
  out += row(Tr(lang, "Fremdrift", "Progress"), std::to_string(m.progress) + " %");
  out += row(Tr(lang, "Siste kommentar", "Latest comment"),
             m.comment.empty() ? Tr(lang, "ingen", "none") : HtmlEscape(m.comment));
  std::vector<Acknowledgement> acks;
  if (store->AcknowledgementsFor(m.id, &acks).ok()) {
    for (auto it = acks.rbegin(); it != acks.rend(); ++it) {
      if (!it->InForce(m, now, today)) continue;
      std::string value = it->until
                              ? Tr(lang, "til og med ", "until ") + FormatNorwegianDate(*it->until)
                              : Tr(lang, "til fristen eller statusen endres",
                                   "until the deadline or status changes");
      if (!it->note.empty()) value += " – " + it->note;
      out += row(Tr(lang, "Kvittert", "Acknowledged"), HtmlEscape(value));
      break;
    }
  }
  std::optional<DeadlineRequest> pending;
  if (store->PendingRequestFor(m.id, &pending).ok() && pending) {
    out += row(Tr(lang, "Ønsket ny frist", "New deadline requested"),
               HtmlEscape(FormatNorwegianDate(pending->new_deadline) + " – " + pending->reason +
                          Tr(lang, " (venter på avgjørelse)", " (waiting for a decision)")));
  }
  out += "</dl>\n";
  std::vector<Event> events;
  std::string history;
  if (store->EventsFor(m.id, &events).ok()) {
    for (const Event& e : events) {
      const std::string when = FormatNorwegianDate(LocalDate(e.at, config.timezone));
      const std::string old_date = DateOrText(e.data.value("old", ""));
      const std::string new_date = DateOrText(e.data.value("new", ""));
      const std::string reason = e.data.value("reason", "");
      std::string line;
      if (e.kind == "deadline_moved") {
        line = Tr(lang, "Fristen flyttet fra ", "Deadline moved from ") + old_date +
               Tr(lang, " til ", " to ") + new_date;
      } else if (e.kind == "deadline_move_requested") {
        line = Tr(lang, "Ny frist ønsket: ", "New deadline requested: ") + new_date;
      } else if (e.kind == "deadline_move_approved") {
        line = Tr(lang, "Ønsket om ", "The request for ") + new_date +
               Tr(lang, " ble godkjent", " was approved");
      } else if (e.kind == "deadline_move_rejected") {
        line = Tr(lang, "Ønsket om ", "The request for ") + new_date +
               Tr(lang, " ble avslått", " was rejected");
      } else {
        continue;
      }
      line = when + ": " + line;
      if (!reason.empty()) line += " – " + reason;
      const std::string note = e.data.value("note", "");
      if (!note.empty()) line += " (" + note + ")";
      line += " (" + e.actor + ")";
      history += "<li>" + HtmlEscape(line) + "</li>\n";
    }
  }
  out += "<h2>" + Tr(lang, "Fristens historikk", "The deadline's history") + "</h2>\n";
  out +=
      history.empty()
          ? "<p>" + Tr(lang, "Fristen er ikke flyttet.", "The deadline has not moved.") + "</p>\n"
          : "<ul class=\"history\">\n" + history + "</ul>\n";
  return out;
}

// A labelled field with its hint and, when there is one, its problem beside it.
std::string FieldHtml(const std::string& name, const std::string& label, const std::string& hint,
                      const std::string& control_open, const std::string& control_rest,
                      const std::map<std::string, std::string>& errors) {
  std::string described;
  std::string out = "<label for=\"" + name + "\">" + HtmlEscape(label) + "</label>\n";
  if (!hint.empty()) {
    out += "<p class=\"hint\" id=\"" + name + "-hint\">" + HtmlEscape(hint) + "</p>\n";
    described = name + "-hint";
  }
  auto error = errors.find(name);
  if (error != errors.end()) {
    out += "<p class=\"field-error\" id=\"" + name + "-error\">" + HtmlEscape(error->second) +
           "</p>\n";
    described += (described.empty() ? "" : " ") + name + "-error";
  }
  out += control_open + " id=\"" + name + "\" name=\"" + name + "\"";
  if (!described.empty()) out += " aria-describedby=\"" + described + "\"";
  if (error != errors.end()) out += " aria-invalid=\"true\"";
  return out + control_rest + "\n";
}

// The summary of problems at the top of a refused form, each a link to its field.
std::string ErrorSummary(Language lang, const std::map<std::string, std::string>& errors,
                         const std::map<std::string, std::string>& labels) {
  if (errors.empty()) return "";
  std::string out = "<div class=\"error\" role=\"alert\">\n<h2>" +
                    Tr(lang, "Svaret ble ikke lagret", "The answer was not saved") +
                    "</h2>\n<ul>\n";
  for (const auto& [field, message] : errors) {
    auto label = labels.find(field);
    // A field the form does not show (a new deadline where none may be asked for) has no link.
    out += label == labels.end() ? "<li>" + HtmlEscape(message) + "</li>\n"
                                 : "<li><a href=\"#" + field + "\">" + HtmlEscape(label->second) +
                                       "</a>: " + HtmlEscape(message) + "</li>\n";
  }
  return out + "</ul>\n</div>\n";
}

}  // namespace

HttpResponse HttpApi::AnswerPage(const HttpRequest& r, const std::string& secret,
                                 const std::string& query) {
  const Config& config = hooks_.config();
  const Language lang = config.language;
  if (r.method != "GET" && r.method != "POST") {
    return {405, "text/plain", "method not allowed", "", ""};
  }
  const Timestamp now = clock_->Now();
  std::optional<AnswerLink> link;
  if (Status s = FindLiveLink(store_, "svar", secret, now, &link); !s.ok())
    return PageError(s, lang);
  std::optional<Measure> m;
  if (link) {
    if (Status s = store_->GetMeasure(link->measure, &m); !s.ok()) return PageError(s, lang);
  }
  if (!link || !m) return NoSuchLink(lang);
  const std::string self = "/svar/" + secret;

  AnswerForm form;
  std::map<std::string, std::string> errors;
  int status = 200;
  std::string notice;
  if (r.method == "POST") {
    if (CrossSite(r, config)) {
      return Html(
          403, lang, Tr(lang, "Avvist – fristvakt", "Refused – fristvakt"),
          "<main>\n<h1>" +
              Tr(lang, "Skjemaet kom fra et annet nettsted", "The form came from another site") +
              "</h1>\n<p>" +
              Tr(lang, "Svaret ble ikke lagret. Åpne lenken i varselet og svar derfra.",
                 "The answer was not saved. Open the link in the notice and answer there.") +
              "</p>\n</main>\n");
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
      HtmlEscape(Tr(lang, "Uendret (", "Unchanged (") + StatusLabel(m->status, lang) + ")") +
      "</option>";
  for (MeasureStatus s : {MeasureStatus::kPlanned, MeasureStatus::kInProgress, MeasureStatus::kDone,
                          MeasureStatus::kCancelled}) {
    const std::string name = MeasureStatusName(s);
    options += "<option value=\"" + name + "\"" + (form.status == name ? " selected" : "") + ">" +
               HtmlEscape(StatusLabel(s, lang)) + "</option>";
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

HttpResponse HttpApi::ApprovalPage(const HttpRequest& r, const std::string& secret,
                                   const std::string& query) {
  const Config& config = hooks_.config();
  const Language lang = config.language;
  if (r.method != "GET" && r.method != "POST") {
    return {405, "text/plain", "method not allowed", "", ""};
  }
  const Timestamp now = clock_->Now();
  std::optional<AnswerLink> link;
  if (Status s = FindLiveLink(store_, "godkjenn", secret, now, &link); !s.ok()) {
    return PageError(s, lang);
  }
  std::optional<Measure> m;
  std::optional<DeadlineRequest> request;
  if (link) {
    if (Status s = store_->GetMeasure(link->measure, &m); !s.ok()) return PageError(s, lang);
    if (Status s = store_->GetDeadlineRequest(link->request, &request); !s.ok()) {
      return PageError(s, lang);
    }
  }
  if (!link || !m || !request || request->measure != m->id) return NoSuchLink(lang);
  const std::string self = "/godkjenn/" + secret;
  std::string decision;
  std::string note;
  std::map<std::string, std::string> errors;
  std::string alert;
  int status = 200;
  if (r.method == "POST") {
    if (CrossSite(r, config)) {
      return Html(
          403, lang, Tr(lang, "Avvist – fristvakt", "Refused – fristvakt"),
          "<main>\n<h1>" +
              Tr(lang, "Skjemaet kom fra et annet nettsted", "The form came from another site") +
              "</h1>\n</main>\n");
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
