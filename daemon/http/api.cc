#include "daemon/http/api.h"

#include <nlohmann/json.hpp>

#include <spdlog/spdlog.h>

#include "daemon/http/html.h"
#include "db/export.h"
#include "db/measure_changes.h"
#include "db/tokens.h"
#include "rules/calendar.h"
#include "rules/classify.h"
#include "rules/json_text.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

using nlohmann::json;

HttpResponse Json(int status, const json& body) {
  return {status, "application/json", JsonText(body)};
}
HttpResponse Error(int status, const std::string& message) {
  return Json(status, {{"error", message}});
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  for (const std::string& pair : SplitList(query, '&')) {
    size_t eq = pair.find('=');
    out[UrlDecode(pair.substr(0, eq))] =
        eq == std::string::npos ? "" : UrlDecode(pair.substr(eq + 1));
  }
  return out;
}

// Text of a JSON value given as a string or a number; nothing for anything else.
std::optional<std::string> TextOf(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return std::nullopt;
}

HttpResponse FromStatus(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk:
      return Json(200, json::object());
    case Status::Code::kNotFound:
      return Error(404, s.message());
    case Status::Code::kBadInput:
    case Status::Code::kUsage:
      return Error(400, s.message());
    case Status::Code::kUnavailable: {
      // The database is busy (another process's lock) or failing: worth trying again soon.
      HttpResponse r = Error(503, s.message());
      r.retry_after = 5;
      return r;
    }
  }
  return Error(500, s.message());
}

}  // namespace

HttpResponse HttpApi::Handle(const HttpRequest& request) {
  const size_t q = request.target.find('?');
  const std::string path = request.target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : request.target.substr(q + 1);
  if (path == "/healthz") {
    return request.method == "GET" ? Health() : Error(405, "method not allowed");
  }
  if (path == "/") return Dashboard(request);
  if (path == "/login") return Login(request);
  if (path == "/logout") return Logout(request);
  // The links notices carry are their own key (docs/answers.md).
  if (path.rfind("/svar/", 0) == 0) return AnswerPage(request, path.substr(6), query);
  if (path.rfind("/godkjenn/", 0) == 0) return ApprovalPage(request, path.substr(10), query);
  // Every other path needs a token: "Authorization: Bearer TOKEN".
  const std::string prefix = "Bearer ";
  if (request.authorization.rfind(prefix, 0) != 0) return Error(401, "a bearer token is needed");
  std::optional<ApiToken> token;
  // Tokens are found by their SHA-256, so nothing about a token's characters shows in timing.
  if (Status s =
          store_->FindToken(HashToken(Trim(request.authorization.substr(prefix.size()))), &token);
      !s.ok()) {
    return FromStatus(s);
  }
  if (!token) return Error(401, "the token is not valid");
  NoteUse(*token);
  if (path == "/metrics") {
    return request.method == "GET" ? Metrics() : Error(405, "method not allowed");
  }
  if (path == "/api/v1/events") {
    if (token->scope == "unit") return Error(403, "a unit token may read only its own measures");
    return request.method == "GET" ? Events(query) : Error(405, "method not allowed");
  }
  if (path.rfind("/api/v1/measures", 0) == 0) {
    HttpRequest r = request;
    r.target = query;
    return Measures(r, *token, path.substr(std::string("/api/v1/measures").size()));
  }
  return Error(404, "no such resource");
}

HttpResponse HttpApi::Measures(const HttpRequest& r, const ApiToken& token,
                               const std::string& rest) {
  const Config& config = hooks_.config();
  const Timestamp now = clock_->Now();
  const Date today = LocalDate(now, config.timezone);
  if (rest.empty() || rest == "/") {
    if (r.method != "GET") return Error(405, "method not allowed");
    auto params = ParseQuery(r.target);
    std::string area;
    if (!params["area"].empty()) {
      const FocusArea* a = config.rules.FindArea(params["area"]);
      if (a == nullptr) return Error(400, "area: unknown focus area '" + params["area"] + "'");
      area = a->id;
    }
    std::string unit;
    if (!params["unit"].empty()) {
      const Recipient* u = config.directory.FindUnit(params["unit"]);
      if (u == nullptr) return Error(400, "unit: unknown unit '" + params["unit"] + "'");
      unit = u->id;
    }
    const std::string state = params["state"];
    if (!state.empty() && state != "open" && state != "overdue" && state != "due_soon") {
      return Error(400, "state: use open, overdue or due_soon");
    }
    const Classifier classifier(today, kDefaultThresholds, Calendar(config.calendar),
                                config.timezone);
    std::vector<Measure> all;
    if (Status s = store_->AllMeasures(&all); !s.ok()) return FromStatus(s);
    json out = json::array();
    for (const Measure& m : all) {
      if (token.scope == "unit" && m.responsible != token.unit) continue;
      if (!area.empty() && m.focus_area != area) continue;
      if (!unit.empty() && m.responsible != unit) continue;
      if (!state.empty() && !IsOpen(m.status)) continue;
      const Standing standing = classifier.Classify(m).standing;
      if (state == "overdue" && standing != Standing::kOverdue) continue;
      if (state == "due_soon" && standing != Standing::kDueSoon) continue;
      out.push_back(MeasureToJson(m, config.timezone));
    }
    return Json(200, out);
  }
  // /ID or /ID/ack
  std::string id = UrlDecode(rest.substr(1));
  bool ack = false;
  if (id.size() > 4 && id.compare(id.size() - 4, 4, "/ack") == 0) {
    ack = true;
    id = id.substr(0, id.size() - 4);
  }
  std::optional<Measure> m;
  if (Status s = store_->GetMeasure(id, &m); !s.ok()) return FromStatus(s);
  // Another unit's measure answers as one that does not exist: a unit token cannot learn
  // which ids there are.
  if (!m || (token.scope == "unit" && m->responsible != token.unit)) {
    return Error(404, "no such measure '" + id + "'");
  }
  const bool may_change = token.scope == "admin" || token.scope == "unit";
  if (!ack && r.method == "GET") return Json(200, MeasureToJson(*m, config.timezone));
  if ((!ack && r.method != "PATCH") || (ack && r.method != "POST")) {
    return Error(405, "method not allowed");
  }
  if (!may_change) return Error(403, "a read-only token may not change anything");
  json body = r.body.empty() ? json::object() : json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Error(400, "the body must be a JSON object");
  const std::string actor = "api:" + (token.name.empty() ? std::to_string(token.id) : token.name);
  Status s;
  if (ack) {
    for (const auto& [key, value] : body.items()) {
      if (key != "until" && key != "note") return Error(400, key + ": unknown field");
    }
    std::optional<std::string> until;
    if (body.contains("until") && !body["until"].is_null()) {
      until = TextOf(body["until"]);
      if (!until) return Error(400, "until: must be a date");
    }
    std::string note = body.contains("note") ? TextOf(body["note"]).value_or("") : "";
    // A unit's acknowledgement silences only its own notices, and not for long: the
    // leadership's escalations about it go on.
    const Date today = LocalDate(now, config.timezone);
    AckScope scope;
    if (token.scope == "unit") {
      scope.unit = token.unit;
      scope.latest = Calendar(config.calendar).Add(today, config.answers.ack_max, 1);
    }
    s = AcknowledgeMeasure(store_, id, until, note, actor, scope, now, today, Language::kEn);
  } else {
    MeasureChange change;
    for (const auto& [key, value] : body.items()) {
      std::optional<std::string> text = TextOf(value);
      if (key != "status" && key != "progress" && key != "comment" && key != "deadline" &&
          key != "reason") {
        return Error(400, key + ": unknown field");
      }
      if (!text) return Error(400, key + ": must be text or a whole number");
      if ((key == "deadline" || key == "reason") && token.scope == "unit") {
        return Error(403, key + ": a unit token may change status, progress and comment");
      }
      if (key == "status") change.status = text;
      if (key == "progress") change.progress = text;
      if (key == "comment") change.comment = text;
      if (key == "deadline") change.deadline = text;
      if (key == "reason") change.reason = text;
    }
    int events = 0;
    s = ChangeMeasure(store_, id, change, actor, now, Language::kEn, &events);
  }
  if (!s.ok()) return FromStatus(s);
  if (hooks_.changed) hooks_.changed();
  if (Status get = store_->GetMeasure(id, &m); !get.ok()) return FromStatus(get);
  return Json(200, MeasureToJson(*m, config.timezone));
}

void HttpApi::NoteUse(const ApiToken& token) {
  // Coarse on purpose: a token in steady use is recorded once every kUseGranularity, and a
  // request never writes (a write could wait for another process's lock).
  const Timestamp now = clock_->Now();
  if (token.last_used && now - *token.last_used < kUseGranularity) return;
  used_[token.id] = now;
  if (!use_timer_armed_) {
    use_timer_armed_ = true;
    use_timer_.expires_after(std::chrono::seconds(5));
    use_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec == boost::asio::error::operation_aborted) return;  // stopped; `this` may be gone
      use_timer_armed_ = false;
      RecordUse();
    });
  }
}

void HttpApi::RecordUse() {
  for (auto it = used_.begin(); it != used_.end();) {
    if (Status s = store_->TouchToken(it->first, it->second); !s.ok()) {
      // Kept for the next request's round; when the token was last used is no reason to wait.
      spdlog::warn("cannot record when token {} was used: {}", it->first, s.message());
      return;
    }
    it = used_.erase(it);
  }
}

std::optional<ApiToken> HttpApi::Authenticate(const std::string& secret) {
  std::optional<ApiToken> token;
  // Tokens are found by their SHA-256, so nothing about a token's characters shows in timing.
  if (!store_->FindToken(HashToken(Trim(secret)), &token).ok()) return std::nullopt;
  if (token) NoteUse(*token);
  return token;
}

HttpResponse HttpApi::Events(const std::string& query) {
  auto params = ParseQuery(query);
  int64_t after = 0;
  if (!params["after"].empty()) {
    const std::string& a = params["after"];
    if (a.find_first_not_of("0123456789") != std::string::npos || a.size() > 18) {
      return Error(400, "after: must be a sequence number");
    }
    after = std::stoll(a);
  }
  std::vector<Event> events;
  if (Status s = store_->EventsAfter(after, 500, &events); !s.ok()) return FromStatus(s);
  const Config& config = hooks_.config();
  json out = json::array();
  for (const Event& e : events) {
    out.push_back({{"seq", e.seq},
                   {"at", FormatIsoTimestamp(e.at, config.timezone)},
                   {"measure", e.measure_id.empty() ? json(nullptr) : json(e.measure_id)},
                   {"kind", e.kind},
                   {"actor", e.actor},
                   {"data", e.data}});
  }
  return Json(200, out);
}

HttpResponse HttpApi::Health() {
  OutboxSummary summary;
  const bool database = store_->Summarize(&summary).ok();
  const bool scheduler = hooks_.scheduler_armed ? hooks_.scheduler_armed() : false;
  const bool dispatcher = hooks_.delivery && hooks_.delivery() != nullptr;
  // Reading works while another process holds the write lock or the disk is full; writing
  // does not, and then nothing decided can be recorded or sent.
  const bool writable = hooks_.database_writable ? hooks_.database_writable() : true;
  const bool ok = database && writable && scheduler && dispatcher;
  return Json(ok ? 200 : 503, {{"status", ok ? "ok" : "unhealthy"},
                               {"database", database},
                               {"database_writable", writable},
                               {"scheduler", scheduler},
                               {"dispatcher", dispatcher},
                               {"queue", summary.queued}});
}

}  // namespace fristvakt
