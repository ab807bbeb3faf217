// GET /: the leadership group's dashboard, served by the daemon, self-contained (no scripts, no
// external fonts or styles), in the configured language, universally designed: headings, tables
// with header cells and captions, text that states each state (never colour alone), large type for
// a meeting-room projector and tables that scroll on a phone. Access with a token through a small
// login form; the server keeps the session (a random id in an HttpOnly cookie), ends it at
// logout or after 12 hours, and checks every form against forgery.
#include <cctype>
#include <map>
#include <sstream>

#include "daemon/http/api.h"
#include "db/tokens.h"
#include "rules/classify.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

// The session's cookie holds a random id, never the token: the token is checked once, at login.
constexpr const char* kCookie = "fristvakt_session";
// The login form's anti-forgery value: the same in a cookie (SameSite=Strict, so a form posted
// from another site does not carry it) and in a hidden field.
constexpr const char* kLoginCookie = "fristvakt_login";
constexpr std::chrono::hours kSessionLength{12};

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body{margin:0;font-family:Calibri,Arial,Helvetica,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:3px solid #1a1a1a}
h1{font-size:2rem;margin:0 0 .25rem}
h2{font-size:1.5rem;margin:2rem 0 .5rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .75rem .4rem 0;border-bottom:1px solid #767676}
thead th{border-bottom:2px solid #1a1a1a}
td.n,th.n{text-align:right}
.late{font-weight:bold}
a,button{color:#0b3d91}
button,input{font-size:1rem;padding:.5rem .75rem}
:focus{outline:3px solid #0b3d91;outline-offset:2px}
.error{border-left:6px solid #a30000;padding:.5rem 1rem;background:#fdecec}
)";

std::string Page(Language lang, const std::string& title, const std::string& body) {
  return std::string("<!DOCTYPE html>\n<html lang=\"") + LanguageCode(lang) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>" +
         Escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n" + body +
         "</body>\n</html>\n";
}

HttpResponse LoginPage(Language lang, int status, const std::string& error,
                       const std::string& secure) {
  const std::string form_key = GenerateToken();
  std::string body = "<main>\n<h1>fristvakt</h1>\n<p>" +
                     Tr(lang,
                        "Logg inn med en tilgangsnøkkel (token) for å se oversikten over "
                        "tiltakene.",
                        "Log in with an access key (token) to see the overview of the measures.") +
                     "</p>\n";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + Escape(error) + "</p>\n";
  body +=
      "<form method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"form_key\" "
      "value=\"" +
      form_key + "\">\n<p><label for=\"token\">" + Tr(lang, "Tilgangsnøkkel", "Access key") +
      "</label><br>"
      "\n<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" "
      "required size=\"50\"></p>\n<p><button type=\"submit\">" +
      Tr(lang, "Logg inn", "Log in") + "</button></p>\n</form>\n</main>\n";
  return {status, "text/html; charset=utf-8",
          Page(lang, Tr(lang, "Logg inn – fristvakt", "Log in – fristvakt"), body),
          std::string(kLoginCookie) + "=" + form_key +
              "; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict" + secure};
}

std::string CookieValue(const std::string& header, const std::string& name) {
  for (const std::string& part : SplitList(header, ';')) {
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
  }
  return {};
}

std::string FormValue(const std::string& body, const std::string& name) {
  for (const std::string& pair : SplitList(body, '&')) {
    if (pair.rfind(name + "=", 0) != 0) continue;
    std::string value;
    for (size_t i = name.size() + 1; i < pair.size(); ++i) {
      if (pair[i] == '+') {
        value.push_back(' ');
      } else if (pair[i] == '%' && i + 2 < pair.size() && std::isxdigit(uint8_t(pair[i + 1])) &&
                 std::isxdigit(uint8_t(pair[i + 2]))) {
        value.push_back(static_cast<char>(std::stoi(pair.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {  // a '%' not followed by two hex digits stands for itself
        value.push_back(pair[i]);
      }
    }
    return value;
  }
  return {};
}

// One table: a caption, column headers, rows; "Ingen." when empty.
std::string Table(Language lang, const std::string& caption,
                  const std::vector<std::string>& columns,
                  const std::vector<std::vector<std::string>>& rows, size_t numeric_from) {
  if (rows.empty()) return "<p>" + Tr(lang, "Ingen.", "None.") + "</p>\n";
  std::string out = "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"" +
                    Escape(caption) + "\">\n<table>\n<caption>" + Escape(caption) +
                    "</caption>\n<thead><tr>";
  for (size_t i = 0; i < columns.size(); ++i) {
    out += std::string("<th scope=\"col\"") + (i >= numeric_from ? " class=\"n\"" : "") + ">" +
           Escape(columns[i]) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      if (i == 0) {
        out += "<th scope=\"row\">" + Escape(row[i]) + "</th>";
      } else {
        out += std::string("<td") + (i >= numeric_from ? " class=\"n\"" : "") + ">" +
               Escape(row[i]) + "</td>";
      }
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</div>\n";
}

}  // namespace

std::string HttpApi::SessionCookie(const std::string& value, int max_age) const {
  // Secure when people reach the pages over HTTPS (behind a proxy that ends TLS).
  const bool https = hooks_.config().public_url.rfind("https://", 0) == 0;
  return std::string(kCookie) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
}

const HttpApi::WebSession* HttpApi::FindSession(const HttpRequest& r,
                                                std::optional<ApiToken>* token) {
  const std::string id = CookieValue(r.cookie, kCookie);
  if (id.empty()) return nullptr;
  auto it = sessions_.find(HashToken(id));
  if (it == sessions_.end()) return nullptr;
  if (it->second.expires <= clock_->Now() ||
      !store_->FindToken(it->second.token_hash, token).ok() || !*token) {
    sessions_.erase(it);  // expired, or its token revoked
    return nullptr;
  }
  NoteUse(**token);
  return &it->second;
}

HttpResponse HttpApi::Login(const HttpRequest& r) {
  const std::string secure = hooks_.config().public_url.rfind("https://", 0) == 0 ? "; Secure" : "";
  const Language lang = hooks_.config().language;
  if (r.method == "GET") return LoginPage(lang, 200, "", secure);
  if (r.method != "POST") return {405, "text/plain", "method not allowed", "", ""};
  // A form posted from another site carries no login cookie (SameSite=Strict).
  const std::string form_key = FormValue(r.body, "form_key");
  if (form_key.empty() || form_key != CookieValue(r.cookie, kLoginCookie)) {
    return LoginPage(
        lang, 403,
        Tr(lang, "Skjemaet er for gammelt eller kom fra et annet nettsted. Prøv igjen.",
           "The form is too old or came from another site. Please try again."),
        secure);
  }
  const std::string token = Trim(FormValue(r.body, "token"));
  if (token.empty() || !Authenticate(token)) {
    return LoginPage(lang, 401,
                     Tr(lang, "Tilgangsnøkkelen er ikke gyldig.", "The access key is not valid."),
                     secure);
  }
  // Expired sessions go when someone logs in, so that the map does not grow.
  const Timestamp now = clock_->Now();
  std::erase_if(sessions_, [&](const auto& s) { return s.second.expires <= now; });
  const std::string id = GenerateToken();
  sessions_[HashToken(id)] = {HashToken(token), GenerateToken(), now + kSessionLength};
  return {303, "text/plain", "",
          SessionCookie(id, static_cast<int>(std::chrono::seconds(kSessionLength).count())), "/"};
}

HttpResponse HttpApi::Logout(const HttpRequest& r) {
  if (r.method != "POST") return {405, "text/plain", "method not allowed", "", ""};
  std::optional<ApiToken> token;
  if (const WebSession* s = FindSession(r, &token)) {
    if (FormValue(r.body, "form_key") != s->form_key) {
      return {403, "text/plain; charset=utf-8",
              Tr(hooks_.config().language, "Skjemaet kom ikke fra denne siden.",
                 "The form did not come from this page."),
              "", ""};
    }
    sessions_.erase(HashToken(CookieValue(r.cookie, kCookie)));
  }
  return {303, "text/plain", "", SessionCookie("", 0), "/"};
}

HttpResponse HttpApi::Dashboard(const HttpRequest& r) {
  if (r.method != "GET") return {405, "text/plain", "method not allowed", "", ""};
  std::optional<ApiToken> token;
  const WebSession* session = FindSession(r, &token);
  if (session == nullptr) {
    return LoginPage(hooks_.config().language, 200, "",
                     hooks_.config().public_url.rfind("https://", 0) == 0 ? "; Secure" : "");
  }
  const std::string form_key = session->form_key;
  const Config& config = hooks_.config();
  const Language lang = config.language;
  const Timestamp now = clock_->Now();
  const Date today = LocalDate(now, config.timezone);
  std::vector<Measure> measures;
  std::vector<Event> moves;
  if (!store_->AllMeasures(&measures).ok() ||
      !store_->EventsOfKindSince("deadline_moved", Timestamp{}, &moves).ok()) {
    return {503, "text/plain", "the database is not reachable", "", ""};
  }
  if (token->scope == "unit") {
    std::erase_if(measures, [&](const Measure& m) { return m.responsible != token->unit; });
  }
  std::map<std::string, int> times_moved;
  for (const Event& e : moves) ++times_moved[e.measure_id];
  auto unit_name = [&](const std::string& id) {
    const Recipient* u = config.directory.Find(id);
    return u ? u->name : id;
  };
  auto area_title = [&](const std::string& id) {
    const FocusArea* a = config.rules.FindArea(id);
    return a ? a->title : id;
  };
  auto title = [](const Measure& m) { return m.id + " " + Ellipsize(m.title, 90); };
  // The default thresholds, not a digest's: the dashboard is for everyone. In calendar days.
  const Classifier classifier(today, kDefaultThresholds, Calendar(config.calendar),
                              config.timezone);
  const std::string soon_days =
      CountOf(lang, kDefaultThresholds.due_soon.CalendarDays(), "dag", "dager", "day", "days");
  const std::string stale_days =
      CountOf(lang, kDefaultThresholds.stale_after.CalendarDays(), "dag", "dager", "day", "days");
  std::map<std::string, std::array<int, 4>> per_area;  // on track, due soon, overdue, done
  for (const FocusArea& a : config.rules.areas) per_area[a.id] = {0, 0, 0, 0};
  std::vector<std::vector<std::string>> overdue, due, stale;
  for (const Measure& m : measures) {
    const Classification c = classifier.Classify(m);
    const Date updated = LocalDate(m.updated_at, config.timezone);
    auto& counts = per_area[m.focus_area];
    switch (c.standing) {
      case Standing::kDone:
        ++counts[3];
        break;
      case Standing::kOverdue:
        ++counts[2];
        overdue.push_back({title(m), unit_name(m.responsible), FormatNorwegianDate(m.deadline),
                           std::to_string(-c.days_to_deadline), std::to_string(times_moved[m.id]),
                           FormatNorwegianDate(updated)});
        break;
      case Standing::kDueSoon:
        ++counts[1];
        due.push_back({title(m), unit_name(m.responsible), FormatNorwegianDate(m.deadline),
                       std::to_string(c.days_to_deadline), FormatNorwegianDate(updated)});
        break;
      case Standing::kOnTrack:
        ++counts[0];
        break;
      case Standing::kCancelled:  // counted nowhere on the dashboard
        break;
    }
    if (c.stale) {
      stale.push_back({title(m), unit_name(m.responsible), FormatNorwegianDate(updated),
                       std::to_string(c.days_since_update)});
    }
  }
  std::vector<std::vector<std::string>> areas;
  for (const auto& [id, c] : per_area) {
    areas.push_back({area_title(id), std::to_string(c[0]), std::to_string(c[1]),
                     std::to_string(c[2]), std::to_string(c[3])});
  }
  std::vector<std::vector<std::string>> moved;
  for (auto it = moves.rbegin(); it != moves.rend(); ++it) {
    if ((now - it->at) > std::chrono::hours(24 * 30)) break;
    auto m = std::find_if(measures.begin(), measures.end(),
                          [&](const Measure& x) { return x.id == it->measure_id; });
    if (m == measures.end()) continue;
    auto old_date = ParseDate(it->data.value("old", ""));
    auto new_date = ParseDate(it->data.value("new", ""));
    moved.push_back({title(*m), unit_name(m->responsible),
                     old_date ? FormatNorwegianDate(*old_date) : "",
                     new_date ? FormatNorwegianDate(*new_date) : "", it->data.value("reason", ""),
                     std::to_string(times_moved[m->id])});
  }
  std::ostringstream body;
  body << "<header>\n<h1>"
       << Tr(lang, "Oppfølging av handlingsplanene", "Follow-up of the action plans")
       << "</h1>\n<p>" << Tr(lang, "Status per ", "Status as of ") << FormatNorwegianDate(today)
       << (token->scope == "unit" ? Tr(lang, ", for ", ", for ") + Escape(unit_name(token->unit))
                                  : std::string())
       << ".</p>\n</header>\n<main>\n"
       << "<h2>" << Tr(lang, "Per satsningsområde", "By focus area") << "</h2>\n"
       << Table(lang, Tr(lang, "Antall tiltak per satsningsområde", "Measures by focus area"),
                {Tr(lang, "Satsningsområde", "Focus area"), Tr(lang, "I rute", "On track"),
                 Tr(lang, "Frist innen ", "Due within ") + soon_days,
                 Tr(lang, "Over fristen", "Overdue"), Tr(lang, "Fullført", "Done")},
                areas, 1)
       << "<h2>" << Tr(lang, "Over fristen", "Overdue") << "</h2>\n"
       << Table(lang, Tr(lang, "Tiltak over fristen", "Measures past their deadline"),
                {Tr(lang, "Tiltak", "Measure"), Tr(lang, "Ansvar", "Responsible"),
                 Tr(lang, "Frist", "Deadline"), Tr(lang, "Dager over fristen", "Days overdue"),
                 Tr(lang, "Frist flyttet (ganger)", "Deadline moved (times)"),
                 Tr(lang, "Sist oppdatert", "Last updated")},
                overdue, 3)
       << "<h2>" << Tr(lang, "Frist innen ", "Due within ") << soon_days << "</h2>\n"
       << Table(lang, Tr(lang, "Tiltak med frist innen ", "Measures due within ") + soon_days,
                {Tr(lang, "Tiltak", "Measure"), Tr(lang, "Ansvar", "Responsible"),
                 Tr(lang, "Frist", "Deadline"), Tr(lang, "Dager igjen", "Days left"),
                 Tr(lang, "Sist oppdatert", "Last updated")},
                due, 3)
       << "<h2>"
       << Tr(lang, "Fristen flyttet siste 30 dager", "Deadlines moved in the last 30 days")
       << "</h2>\n"
       << Table(lang, Tr(lang, "Flyttede frister", "Moved deadlines"),
                {Tr(lang, "Tiltak", "Measure"), Tr(lang, "Ansvar", "Responsible"),
                 Tr(lang, "Fra", "From"), Tr(lang, "Til", "To"), Tr(lang, "Begrunnelse", "Reason"),
                 Tr(lang, "Ganger i alt", "Times in all")},
                moved, 5)
       << "<h2>" << Tr(lang, "Ikke oppdatert på ", "Not updated for ") << stale_days << "</h2>\n"
       << Table(lang, Tr(lang, "Tiltak uten oppdatering", "Measures without updates"),
                {Tr(lang, "Tiltak", "Measure"), Tr(lang, "Ansvar", "Responsible"),
                 Tr(lang, "Sist oppdatert", "Last updated"), Tr(lang, "Dager siden", "Days ago")},
                stale, 3)
       << "</main>\n<footer>\n<form method=\"post\" action=\"/logout\">"
       << "<input type=\"hidden\" name=\"form_key\" value=\"" << form_key << "\">"
       << "<button type=\"submit\">" << Tr(lang, "Logg ut", "Log out") << "</button></form>\n"
       << "</footer>\n";
  return {
      200, "text/html; charset=utf-8",
      Page(lang, Tr(lang, "Oppfølging av tiltak – fristvakt", "Follow-up of measures – fristvakt"),
           body.str()),
      "", ""};
}

}  // namespace fristvakt
