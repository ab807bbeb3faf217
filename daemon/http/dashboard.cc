// GET /: the leadership group's dashboard, served by the daemon, self-contained (no scripts, no
// external fonts or styles), in the configured language, universally designed (its page is
// dashboard_page.cc). Access with a token through a small login form; the server keeps the
// session (a random id in an HttpOnly cookie), ends it at logout or after 12 hours, and checks
// every form against forgery. This file gathers what the page shows.
#include <cctype>
#include <map>

#include "daemon/http/api.h"
#include "daemon/http/dashboard_page.h"
#include "db/measure_history.h"
#include "db/tokens.h"
#include "rules/classify.h"
#include "rules/json_text.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

// The session's cookie holds a random id, never the token: the token is checked once, at login.
constexpr const char* kCookie = "fristvakt_session";
// The login form's anti-forgery value: the same in a cookie (SameSite=Strict, so a form posted
// from another site does not carry it) and in a hidden field.
constexpr const char* kLoginCookie = "fristvakt_login";
constexpr std::chrono::hours kSessionLength{12};
// The weekly chart covers a year.
constexpr int kWeeks = 52;

HttpResponse LoginPage(Language lang, int status, const std::string& error,
                       const std::string& secure) {
  const std::string form_key = GenerateToken();
  std::string body = "<main>\n<h1>fristvakt</h1>\n<p>" +
                     Tr(lang,
                        "Logg inn med en tilgangsnøkkel (token) for å se oversikten over "
                        "tiltakene.",
                        "Log in with an access token to see the overview of the measures.") +
                     "</p>\n";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + HtmlEscape(error) + "</p>\n";
  body +=
      "<form method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"form_key\" "
      "value=\"" +
      form_key + "\">\n<p><label for=\"token\">" + Tr(lang, "Tilgangsnøkkel", "Access token") +
      "</label><br>"
      "\n<input id=\"token\" name=\"token\" type=\"password\" "
      "autocomplete=\"current-password\" required size=\"50\"></p>\n<p><button "
      "type=\"submit\">" +
      Tr(lang, "Logg inn", "Log in") + "</button></p>\n</form>\n</main>\n";
  return {status, "text/html; charset=utf-8",
          DashboardPage(lang, Tr(lang, "Logg inn – fristvakt", "Log in – fristvakt"), body),
          std::string(kLoginCookie) + "=" + form_key +
              "; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict" + secure};
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
  const std::string id = CookieField(r.cookie, kCookie);
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
  const std::string form_key = FormField(r.body, "form_key");
  if (form_key.empty() || form_key != CookieField(r.cookie, kLoginCookie)) {
    return LoginPage(
        lang, 403,
        Tr(lang, "Skjemaet er for gammelt eller kom fra et annet nettsted. Prøv igjen.",
           "The form is too old or came from another site. Try again."),
        secure);
  }
  const std::string token = Trim(FormField(r.body, "token"));
  if (token.empty() || !Authenticate(token)) {
    return LoginPage(lang, 401,
                     Tr(lang, "Tilgangsnøkkelen er ikke gyldig.", "The access token is not valid."),
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
    if (FormField(r.body, "form_key") != s->form_key) {
      return {403, "text/plain; charset=utf-8",
              Tr(hooks_.config().language, "Skjemaet kom ikke fra denne siden.",
                 "The form did not come from this page."),
              "", ""};
    }
    sessions_.erase(HashToken(CookieField(r.cookie, kCookie)));
  }
  return {303, "text/plain", "", SessionCookie("", 0), "/"};
}

HttpResponse HttpApi::Dashboard(const HttpRequest& r) {
  if (r.method != "GET") return {405, "text/plain", "method not allowed", "", ""};
  const Config& config = hooks_.config();
  const Language lang = config.language;
  std::optional<ApiToken> token;
  const WebSession* session = FindSession(r, &token);
  if (session == nullptr) {
    return LoginPage(lang, 200, "", config.public_url.rfind("https://", 0) == 0 ? "; Secure" : "");
  }
  DashboardView view;
  view.form_key = session->form_key;
  if (Status s = GatherDashboard(*token, &view); !s.ok()) {
    return {503, "text/plain", "the database is not reachable", "", ""};
  }
  return {
      200, "text/html; charset=utf-8",
      DashboardPage(
          lang, Tr(lang, "Oppfølging av tiltak – fristvakt", "Follow-up of measures – fristvakt"),
          DashboardBody(view)),
      "", ""};
}

namespace {

int MovesOf(const DigestHistory& history, const std::string& id) {
  auto it = history.moved_total.find(id);
  return it == history.moved_total.end() ? 0 : it->second;
}

// "Cancelled since the last overview" counts from the latest digest of any name, or 30 days.
Status CancelledSince(Store* store, const Config& config, Date today, Timestamp* out) {
  std::optional<Timestamp> latest;
  for (const DigestConfig& digest : config.digests) {
    std::optional<Timestamp> last;
    if (Status s = store->LastDigestRun(digest.name, &last); !s.ok()) return s;
    if (last && (!latest || *last > *latest)) latest = last;
  }
  *out = latest ? *latest : LocalMoment(today - date::days(30), {}, config.timezone);
  return Status::Ok();
}

// Sorts the measures into the page's lists and the areas' counts, with the unit's answer of
// each measure listed as overdue, due soon or cancelled. The standings use the default
// thresholds, not a digest's: the dashboard is for everyone.
Status SortMeasures(Store* store, const Config& config, const std::vector<MeasureHistory>& measures,
                    const DigestHistory& history, Timestamp now, DashboardView* v) {
  const Classifier classifier(v->today, kDefaultThresholds, Calendar(config.calendar),
                              config.timezone);
  std::map<std::string, StandingCounts> per_area;
  for (const MeasureHistory& h : measures) {
    const Measure& m = h.measure;
    const Classification c = classifier.Classify(m);
    const Recipient* unit = config.directory.Find(m.responsible);
    DashboardMeasure row{m.id + " " + Ellipsize(m.title, 90),
                         unit ? unit->name : m.responsible,
                         FormatNorwegianDate(m.deadline),
                         FormatNorwegianDate(LocalDate(m.updated_at, config.timezone)),
                         0,
                         MovesOf(history, m.id),
                         {}};
    auto listed = [&](int days, std::vector<DashboardMeasure>* list) -> Status {
      UnitAnswer answer;
      if (Status s = ReadUnitAnswer(store, m, now, v->today, &answer); !s.ok()) return s;
      row.days = days;
      row.answer = AnswerLines(answer, v->lang, config.directory, config.timezone);
      list->push_back(row);
      return Status::Ok();
    };
    StandingCounts& counts = per_area[m.focus_area];
    Status s;
    if (c.standing == Standing::kOverdue) {
      ++counts[2];
      s = listed(-c.days_to_deadline, &v->overdue);
    } else if (c.standing == Standing::kDueSoon) {
      ++counts[1];
      s = listed(c.days_to_deadline, &v->due_soon);
    } else if (c.standing == Standing::kCancelled) {  // counted in no bar
      if (history.cancelled.count(m.id) > 0) s = listed(0, &v->cancelled);
    } else {
      ++counts[c.standing == Standing::kDone ? 3 : 0];
    }
    if (!s.ok()) return s;
    if (c.stale) {
      row.days = c.days_since_update;
      v->stale.push_back(row);
    }
  }
  for (const FocusArea& a : config.rules.areas) v->areas.push_back({a.title, per_area[a.id]});
  return Status::Ok();
}

// The deadlines moved in the last 30 days, newest first, of the measures shown.
Status RecentMoves(Store* store, const Config& config, const std::vector<MeasureHistory>& measures,
                   const DigestHistory& history, Timestamp now, DashboardView* v) {
  std::vector<Event> moves;
  if (Status s =
          store->EventsOfKindSince("deadline_moved", now - std::chrono::hours(24 * 30), &moves);
      !s.ok()) {
    return s;
  }
  std::map<std::string, const Measure*> by_id;
  for (const MeasureHistory& h : measures) by_id[h.measure.id] = &h.measure;
  for (auto it = moves.rbegin(); it != moves.rend(); ++it) {
    auto m = by_id.find(it->measure_id);
    if (m == by_id.end()) continue;
    const Recipient* unit = config.directory.Find(m->second->responsible);
    auto old_date = ParseDate(TextMember(it->data, "old"));
    auto new_date = ParseDate(TextMember(it->data, "new"));
    v->moved.push_back({m->second->id + " " + Ellipsize(m->second->title, 90),
                        unit ? unit->name : m->second->responsible,
                        old_date ? FormatNorwegianDate(*old_date) : "",
                        new_date ? FormatNorwegianDate(*new_date) : "",
                        TextMember(it->data, "reason"), MovesOf(history, m->first)});
  }
  return Status::Ok();
}

// The deadline requests waiting for the approvers, of the measures shown.
Status PendingRequests(Store* store, const Config& config,
                       const std::vector<MeasureHistory>& measures, DashboardView* v) {
  std::vector<DeadlineRequest> pending;
  if (Status s = store->PendingRequests(&pending); !s.ok()) return s;
  std::map<std::string, const Measure*> by_id;
  for (const MeasureHistory& h : measures) by_id[h.measure.id] = &h.measure;
  for (const DeadlineRequest& r : pending) {
    auto m = by_id.find(r.measure);
    if (m == by_id.end()) continue;
    const Recipient* unit = config.directory.Find(r.unit);
    v->requests.push_back({m->second->id + " " + Ellipsize(m->second->title, 90),
                           unit ? unit->name : r.unit, FormatNorwegianDate(r.old_deadline),
                           FormatNorwegianDate(r.new_deadline), r.reason,
                           FormatNorwegianDate(LocalDate(r.requested_at, config.timezone))});
  }
  return Status::Ok();
}

}  // namespace

// What the page shows, for the token's scope: a unit's token sees only its unit's measures.
Status HttpApi::GatherDashboard(const ApiToken& token, DashboardView* v) {
  const Config& config = hooks_.config();
  const Timestamp now = clock_->Now();
  v->lang = config.language;
  v->today = LocalDate(now, config.timezone);
  v->soon_days = kDefaultThresholds.due_soon.CalendarDays();
  v->stale_days = kDefaultThresholds.stale_after.CalendarDays();
  if (token.scope == "unit") {
    const Recipient* unit = config.directory.Find(token.unit);
    v->unit_name = unit ? unit->name : token.unit;
  }
  // Every measure with its changes over the year the weekly chart covers.
  std::vector<MeasureHistory> measures;
  const Timestamp first = LocalMoment(FirstCountedDay(v->today, kWeeks), {}, config.timezone);
  if (Status s = ReadMeasureHistories(store_, first, &measures); !s.ok()) return s;
  if (token.scope == "unit") {
    std::erase_if(measures,
                  [&](const MeasureHistory& h) { return h.measure.responsible != token.unit; });
  }
  Timestamp since;
  DigestHistory history;
  if (Status s = CancelledSince(store_, config, v->today, &since); !s.ok()) return s;
  v->cancelled_since = LocalDate(since, config.timezone);
  if (Status s = ReadDigestHistory(store_, since, &history); !s.ok()) return s;
  if (Status s = SortMeasures(store_, config, measures, history, now, v); !s.ok()) return s;
  if (Status s = RecentMoves(store_, config, measures, history, now, v); !s.ok()) return s;
  if (Status s = PendingRequests(store_, config, measures, v); !s.ok()) return s;
  v->weeks = OverdueByWeek(measures, now, kWeeks, Calendar(config.calendar), config.timezone);
  return Status::Ok();
}

}  // namespace fristvakt
