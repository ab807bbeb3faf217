// The HTTP API's handling of one request (docs/api.md), transport aside: JSON bodies for PATCH and
// ack, queries, the login form and cookies, the answer page's form, with each kind of token. Every
// input starts from the same database: the example plan and three tokens.
#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>

#include "daemon/http/api.h"
#include "db/answers.h"
#include "db/plan_import.h"
#include "db/sqlite/sqlite_store.h"
#include "db/tokens.h"
#include "fuzz_support.h"

namespace {

using namespace fristvakt;

const Timestamp kNow{std::chrono::seconds(1774000000)};  // 2026-03-20
// An answer link for FH-2 (docs/answers.md), stored by its hash as a sent notice's would be.
const std::string kLink(43, 'L');

// The database every input starts from, built once.
Database& Template() {
  static Database* db = [] {
    std::unique_ptr<SqliteStore> store;
    if (!SqliteStore::Open(":memory:", &store).ok()) std::abort();
    const Config& config = fuzz::ExampleConfig();
    PlanContext ctx{&config.rules, &config.directory, config.timezone, Language::kNb};
    PlanFile plan;
    Diagnostics diag;
    ReadPlan(std::string(FRISTVAKT_SOURCE_DIR) + "/examples/handlingsplan.csv", ctx, &plan, &diag);
    ImportSummary summary;
    if (diag.has_errors() || !ApplyPlan(plan, "fuzz", kNow, false, store.get(), &summary).ok()) {
      std::abort();
    }
    int64_t id = 0;
    if (!store->CreateToken({0, "admin", "admin", "", kNow, {}, {}}, HashToken("admin"), &id)
             .ok() ||
        !store->CreateToken({0, "kff", "unit", "kff", kNow, {}, {}}, HashToken("unit"), &id).ok() ||
        !store->CreateToken({0, "lese", "read_only", "", kNow, {}, {}}, HashToken("read"), &id)
             .ok()) {
      std::abort();
    }
    AnswerLink link{"svar", "FH-2", "kff", 0, kNow, kNow + std::chrono::hours(24 * 30)};
    if (!store->CreateLink(HashLink(kLink), link).ok()) std::abort();
    std::unique_ptr<Database> copy;
    if (!Database::Open(":memory:", &copy).ok() || !copy->CopyFrom(store->db()).ok()) {
      std::abort();
    }
    return copy.release();
  }();
  return *db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const Config& config = fuzz::ExampleConfig();
  std::unique_ptr<Database> db;
  if (!Database::Open(":memory:", &db).ok() || !db->CopyFrom(Template()).ok()) std::abort();
  SqliteStore store(std::move(db));
  boost::asio::io_context io;
  FixedClock clock(kNow);
  HttpApi::Hooks hooks;
  hooks.store = &store;
  hooks.clock = &clock;
  hooks.config = [&config]() -> const Config& { return config; };
  hooks.changed = [] {};
  HttpApi api(io, hooks);

  static const char* kTokens[] = {"admin", "unit", "read", "", "Bearer admin"};
  HttpRequest r;
  r.authorization = std::string("Bearer ") + kTokens[data[1] % 5];
  const std::string rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  // The route: its method and path, and where the rest of the input goes.
  enum Part { kBody, kQuery, kCookie, kPath, kRequestLine, kAnswerForm };
  struct Route {
    const char* method;
    const char* target;
    Part rest;
  };
  static const Route kRoutes[] = {{"PATCH", "/api/v1/measures/FH-2", kBody},
                                  {"POST", "/api/v1/measures/FH-2/ack", kBody},
                                  {"GET", "/api/v1/measures?", kQuery},
                                  {"GET", "/api/v1/events?", kQuery},
                                  {"POST", "/login", kBody},
                                  {"GET", "/", kCookie},
                                  {"GET", "/api/v1/measures/", kPath},
                                  {"", "", kRequestLine},
                                  {"GET", "/svar/", kPath},
                                  {"POST", "/svar/", kAnswerForm}};
  const Route& route = kRoutes[data[0] % 10];
  r.method = route.method;
  r.target = route.target;
  switch (route.rest) {
    case kBody:
      r.body = rest;
      break;
    case kQuery:
    case kPath:
      r.target += rest;
      break;
    case kCookie:
      r.cookie = rest;
      break;
    case kAnswerForm:  // the answer page's form, with its anti-forgery value right
      r.target += kLink;
      r.cookie = "fristvakt_form=k";
      r.body = "form_key=k&" + rest;
      break;
    case kRequestLine:  // any method and target at all
      r.method = rest.substr(0, 8);
      r.target = rest.size() > 8 ? rest.substr(8) : "/";
      break;
  }
  HttpResponse response = api.Handle(r);
  if (response.status < 200 || response.status > 599) __builtin_trap();
  return 0;
}
