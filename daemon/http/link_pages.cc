// What the pages behind notices' links share (daemon/http/link_pages.h).
#include "daemon/http/link_pages.h"

#include "daemon/http/html.h"
#include "db/answers.h"
#include "rules/calendar.h"
#include "rules/json_text.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

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

// The origin (scheme://host[:port]) of an address.
std::string OriginOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

}  // namespace

std::string Secure(const Config& config) {
  return config.public_url.rfind("https://", 0) == 0 ? "; Secure" : "";
}

bool CrossSite(const HttpRequest& r, const Config& config) {
  if (r.origin.empty()) return false;  // not a browser's cross-site form; the cookie still counts
  if (!config.public_url.empty() && r.origin == OriginOf(config.public_url)) return false;
  return r.origin != "http://" + r.host && r.origin != "https://" + r.host;
}

HttpResponse Html(int status, Language lang, const std::string& title, const std::string& body,
                  const std::string& cookie) {
  return {status, "text/html; charset=utf-8", HtmlPage(lang, title, body, kStyle), cookie, ""};
}

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
  out += row(Tr(lang, "Status", "Status"), HtmlEscape(MeasureStatusLabel(m.status, lang)));
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
      const std::string old_date = NorwegianDateText(TextMember(e.data, "old"));
      const std::string new_date = NorwegianDateText(TextMember(e.data, "new"));
      const std::string reason = TextMember(e.data, "reason");
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
      const std::string note = TextMember(e.data, "note");
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

std::optional<LinkedMeasure> OpenLink(Store* store, const HttpRequest& r, const std::string& page,
                                      const std::string& secret, Timestamp now, Language lang,
                                      HttpResponse* refusal) {
  if (r.method != "GET" && r.method != "POST") {
    *refusal = {405, "text/plain", "method not allowed", "", ""};
    return std::nullopt;
  }
  std::optional<AnswerLink> link;
  if (Status s = FindLiveLink(store, page, secret, now, &link); !s.ok()) {
    *refusal = PageError(s, lang);
    return std::nullopt;
  }
  std::optional<Measure> m;
  if (link) {
    if (Status s = store->GetMeasure(link->measure, &m); !s.ok()) {
      *refusal = PageError(s, lang);
      return std::nullopt;
    }
  }
  if (!link || !m) {
    *refusal = NoSuchLink(lang);
    return std::nullopt;
  }
  return LinkedMeasure{std::move(*link), std::move(*m)};
}

HttpResponse CrossSiteRefusal(Language lang, const std::string& explanation) {
  std::string body =
      "<main>\n<h1>" +
      Tr(lang, "Skjemaet kom fra et annet nettsted", "The form came from another site") + "</h1>\n";
  if (!explanation.empty()) body += "<p>" + explanation + "</p>\n";
  return Html(403, lang, Tr(lang, "Avvist – fristvakt", "Refused – fristvakt"), body + "</main>\n");
}

}  // namespace fristvakt
