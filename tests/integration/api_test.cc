// The HTTP API over real HTTP, against the running daemon.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/harness.h"
#include "integration/http_client.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;

class ApiTest : public Harness {
 protected:
  void SetUp() override {
    Harness::SetUp();
    http_ = StartReceiver();
    dir_.Write("rules/00.yaml", R"(focus_area: "*"
rules:
  - {name: forfall, when: {on_deadline: true}, to: [responsible]}
  - {name: status-endret, when: {event: status_changed}, to: [responsible]}
)");
    ListenOn(FreePort());
    Import({"A-1;hbo;Første;", "A-2;kff;Andre;"});
    admin_ = Token({"--admin", "--name", "drift"});
    reader_ = Token({"--read-only"});
    unit_ = Token({"--unit", "hbo", "--name", "hbo-teams"});
    // A port free a moment ago may have been taken since (another test's client sockets use
    // the same range): then the next one.
    for (int tries = 1;; ++tries) {
      daemon_ = StartDaemon();
      if (WaitFor([&] { return Http("GET", api_ + "/healthz").status == 200; }, 5s)) break;
      const std::string log = ReadFile(dir_.File("daemon.log"));
      ASSERT_TRUE(tries < 3 && log.find("Address already in use") != std::string::npos) << log;
      daemon_.reset();
      ListenOn(FreePort());
    }
  }

  void ListenOn(int port) {
    api_ = "http://127.0.0.1:" + std::to_string(port);
    WriteConfig("api:\n  listen: " + api_.substr(7) +
                    "\nwebhooks:\n  ok: {url: \"http://127.0.0.1:" + std::to_string(http_) +
                    "/ok\"}\n",
                "units:\n  - {id: hbo, name: HBO, webhook: ok}\n"
                "  - {id: kff, name: Stab, webhook: ok}\n");
  }

  void Import(const std::vector<std::string>& rows) {
    std::string csv = "Nr;Ansvar;Tiltak;Satsningsområde;Frist\r\n";
    for (const std::string& row : rows) csv += row + "digitalisering;" + today_ + "\r\n";
    ASSERT_EQ(Fristvakt({"import", dir_.Write("plan.csv", csv)}).exit_code, 0);
  }

  std::string Token(std::vector<std::string> args) {
    args.insert(args.begin(), {"token", "create"});
    auto r = Fristvakt(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }

  int http_ = 0;
  std::string api_;
  std::string admin_;
  std::string reader_;
  std::string unit_;
  std::unique_ptr<BackgroundProcess> daemon_;
};

TEST_F(ApiTest, EveryStatusCode) {
  EXPECT_EQ(Http("GET", api_ + "/api/v1/measures").status, 401);
  EXPECT_EQ(Http("GET", api_ + "/api/v1/measures", "fv_not-a-token").status, 401);
  EXPECT_EQ(Http("GET", api_ + "/api/v1/measures/A-1", reader_).status, 200);
  EXPECT_EQ(Http("GET", api_ + "/api/v1/measures/NOPE", admin_).status, 404);
  EXPECT_EQ(Http("GET", api_ + "/api/v1/nothing", admin_).status, 404);
  // Another unit's measure and one that does not exist get the same answer.
  Reply other = Http("GET", api_ + "/api/v1/measures/A-2", unit_);
  Reply none = Http("GET", api_ + "/api/v1/measures/A-9", unit_);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(other.body.size(), none.body.size());
  EXPECT_EQ(Http("PATCH", api_ + "/api/v1/measures/A-2", unit_, R"({"progress": 10})").status, 404);
  EXPECT_EQ(Http("PATCH", api_ + "/api/v1/measures/A-1", reader_, R"({"progress": 10})").status,
            403);
  EXPECT_EQ(Http("PATCH", api_ + "/api/v1/measures/A-1", unit_,
                 R"({"deadline": "2030-01-01", "reason": "x"})")
                .status,
            403);
  Reply bad = Http("PATCH", api_ + "/api/v1/measures/A-1", admin_, R"({"progress": 140})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("\"error\":\"progress: "));
  Reply unknown = Http("PATCH", api_ + "/api/v1/measures/A-1", admin_, R"({"colour": "red"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("colour: unknown field"));
  EXPECT_EQ(Http("PATCH", api_ + "/api/v1/measures/A-1", admin_, "not json").status, 400);
  EXPECT_EQ(
      Http("PATCH", api_ + "/api/v1/measures/A-1", admin_, R"({"deadline": "2030-01-01"})").status,
      400);  // a new deadline needs a reason
  const std::string big = R"({"comment": ")" + std::string(70 * 1024, 'x') + R"("})";
  EXPECT_EQ(Http("PATCH", api_ + "/api/v1/measures/A-1", admin_, big).status, 413);
  EXPECT_EQ(Http("DELETE", api_ + "/api/v1/measures/A-1", admin_).status, 405);
  // A unit token sees its own measures only.
  json mine = json::parse(Http("GET", api_ + "/api/v1/measures", unit_).body);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["id"], "A-1");
  EXPECT_EQ(json::parse(Http("GET", api_ + "/api/v1/measures?unit=kff", admin_).body).size(), 1u);
  EXPECT_EQ(Http("GET", api_ + "/api/v1/measures?state=late", admin_).status, 400);
  Stop(*daemon_);
}

// The plan's owners re-import their spreadsheet while the units answer through the API.
TEST_F(ApiTest, ReimportKeepsTheUnitsAnswerAndAConflictNamesItsToken) {
  Reply r = Http("PATCH", api_ + "/api/v1/measures/A-1", unit_,
                 R"({"status": "done", "progress": 80, "comment": "Levert"})");
  ASSERT_EQ(r.status, 200) << r.body;
  Import({"A-1;hbo;Første;", "A-2;kff;Andre;"});
  json m = json::parse(Http("GET", api_ + "/api/v1/measures/A-1", admin_).body);
  EXPECT_EQ(m["status"], "done");
  EXPECT_EQ(m["progress"], 80);
  EXPECT_EQ(m["comment"], "Levert");
  const std::string plan =
      dir_.Write("plan2.csv",
                 "Nr;Ansvar;Tiltak;Satsningsområde;Frist;Kommentar\r\nA-1;hbo;Første;"
                 "digitalisering;" +
                     today_ + ";Utsatt til neste år\r\n");
  auto conflict = Fristvakt({"import", plan});
  EXPECT_EQ(conflict.exit_code, 0) << conflict.err;
  EXPECT_THAT(conflict.err, HasSubstr(plan + ":2: kommentar: forrige import hadde (tom), filen "
                                             "har nå «Utsatt til neste år» og databasen "
                                             "«Levert», satt av API-nøkkelen «hbo-teams» "));
  m = json::parse(Http("GET", api_ + "/api/v1/measures/A-1", admin_).body);
  EXPECT_EQ(m["comment"], "Levert");
  Stop(*daemon_);
}

TEST_F(ApiTest, PatchFiresTheEventRuleAndAckIsRecorded) {
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 2; }, 5s));  // today's reminders
  Reply r = Http("PATCH", api_ + "/api/v1/measures/A-1", unit_,
                 R"({"status": "in_progress", "progress": 60, "comment": "Godt i gang"})");
  ASSERT_EQ(r.status, 200) << r.body;
  json m = json::parse(r.body);
  EXPECT_EQ(m["status"], "in_progress");
  EXPECT_EQ(m["progress"], 60);
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 3; }, 1s));
  EXPECT_THAT(Requests("/ok")[2]["headers"]["idempotency-key"].get<std::string>(),
              HasSubstr("A-1/status-endret/"));
  // A unit acknowledges at most answers.ack_max (30 days) ahead, and never into the past.
  Reply far = Http("POST", api_ + "/api/v1/measures/A-1/ack", unit_,
                   R"({"until": "9999-12-31", "note": "stille"})");
  EXPECT_EQ(far.status, 400);
  EXPECT_THAT(far.body, HasSubstr("a unit may acknowledge up to"));
  const Date today = *ParseDate(today_);
  EXPECT_EQ(Http("POST", api_ + "/api/v1/measures/A-1/ack", admin_,
                 R"({"until": ")" + FormatIsoDate(today - date::days(1)) + R"("})")
                .status,
            400);
  const Date until = today + date::days(10);
  EXPECT_EQ(Http("POST", api_ + "/api/v1/measures/A-1/ack", unit_,
                 R"({"until": ")" + FormatIsoDate(until) + R"(", "note": "OK"})")
                .status,
            200);
  EXPECT_THAT(Fristvakt({"show", "A-1"}).out, HasSubstr("[api:hbo-teams]"));
  EXPECT_THAT(Fristvakt({"show", "A-1"}).out,
              HasSubstr("kvittert til " + FormatNorwegianDate(until) + ": OK"));

  json events = json::parse(Http("GET", api_ + "/api/v1/events?after=0", admin_).body);
  ASSERT_GE(events.size(), 4u);
  for (size_t i = 1; i < events.size(); ++i) EXPECT_GT(events[i]["seq"], events[i - 1]["seq"]);
  const int64_t last = events.back()["seq"].get<int64_t>();
  EXPECT_EQ(Http("GET", api_ + "/api/v1/events?after=" + std::to_string(last), admin_).body, "[]");
  EXPECT_EQ(Http("GET", api_ + "/api/v1/events", unit_).status, 403);
  Stop(*daemon_);
}

TEST_F(ApiTest, MetricsParseAsPrometheusText) {
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 2; }, 5s));
  // The receiver has both before the daemon has its answers and records them.
  ASSERT_TRUE(WaitFor(
      [&] {
        return Http("GET", api_ + "/metrics", reader_).body.find("fristvakt_outbox_depth 0\n") !=
               std::string::npos;
      },
      5s));
  Reply r = Http("GET", api_ + "/metrics", reader_);
  ASSERT_EQ(r.status, 200);
  std::string file = dir_.Write("metrics.txt", r.body);
  auto parsed =
      RunProcess({"/usr/bin/python3", "-c",
                  "import json, sys\n"
                  "from prometheus_client.parser import text_string_to_metric_families\n"
                  "out = {}\n"
                  "for family in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
                  "    for s in family.samples:\n"
                  "        labels = ','.join(f'{k}={v}' for k, v in sorted(s.labels.items()))\n"
                  "        out[s.name + '{' + labels + '}'] = s.value\n"
                  "print(json.dumps(out))\n",
                  file});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  json m = json::parse(parsed.out);
  EXPECT_EQ(m["fristvakt_measures{focus_area=digitalisering,state=due_soon}"], 2);
  EXPECT_EQ(m["fristvakt_measures{focus_area=digitalisering,state=done}"], 0);
  EXPECT_EQ(m["fristvakt_notifications_sent_total{channel=webhook,kind=reminder}"], 2);
  EXPECT_EQ(m["fristvakt_outbox_depth{}"], 0);
  EXPECT_EQ(m["fristvakt_build_info{version=0.1.0}"], 1);
  EXPECT_EQ(m["fristvakt_reloads_total{result=ok}"], 0);
  EXPECT_TRUE(m.contains("fristvakt_last_send_timestamp_seconds{channel=webhook}"));
  EXPECT_EQ(Http("GET", api_ + "/metrics").status, 401);
  Stop(*daemon_);
}

TEST_F(ApiTest, DashboardBehindALoginForm) {
  Reply login = Http("GET", api_ + "/");
  EXPECT_EQ(login.status, 200);
  EXPECT_THAT(login.body, HasSubstr("<form method=\"post\" action=\"/login\">"));
  EXPECT_THAT(login.body, HasSubstr("<label for=\"token\">"));
  const std::string form_key = FormKey(login.body);
  ASSERT_FALSE(form_key.empty());
  ASSERT_EQ(SetCookie(login, "fristvakt_login"), form_key);
  const std::string login_cookie = "fristvakt_login=" + form_key;
  EXPECT_EQ(
      Http("POST", api_ + "/login", "", "form_key=" + form_key + "&token=fv_feil", login_cookie)
          .status,
      401);
  // Another site's form posts without the login cookie: refused, even with a good token.
  EXPECT_EQ(Http("POST", api_ + "/login", "", "form_key=" + form_key + "&token=" + reader_).status,
            403);
  Reply ok =
      Http("POST", api_ + "/login", "", "form_key=" + form_key + "&token=" + reader_, login_cookie);
  EXPECT_EQ(ok.status, 303);
  EXPECT_THAT(ok.headers, HasSubstr("HttpOnly"));
  EXPECT_THAT(ok.headers, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(ok.headers, ::testing::Not(HasSubstr("Secure")));  // no https public_url here
  const std::string session = "fristvakt_session=" + SetCookie(ok, "fristvakt_session");
  EXPECT_THAT(session, ::testing::Not(HasSubstr(reader_)));  // an id, never the token
  ASSERT_EQ(Fristvakt({"set", "A-2", "--deadline", "01.01.2030", "--reason", "Venter <på> svar"})
                .exit_code,
            0);
  Reply page = Http("GET", api_ + "/", "", "", session);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"nb\">"));
  EXPECT_THAT(page.body, HasSubstr("<h2>Per satsningsområde</h2>"));
  EXPECT_THAT(page.body, HasSubstr("<th scope=\"col\">Satsningsområde</th>"));
  EXPECT_THAT(page.body, HasSubstr("<th scope=\"row\">Digitalisering</th>"));
  EXPECT_THAT(page.body, HasSubstr("<h2>Fristen flyttet siste 30 dager</h2>"));
  EXPECT_THAT(page.body, HasSubstr("Venter &lt;på&gt; svar"));
  EXPECT_THAT(page.body, ::testing::Not(HasSubstr("<script")));
  // "Logg ut" ends the session on the server: the cookie no longer opens the page.
  EXPECT_EQ(Http("POST", api_ + "/logout", "", "form_key=wrong", session).status, 403);
  EXPECT_EQ(Http("POST", api_ + "/logout", "", "form_key=" + FormKey(page.body), session).status,
            303);
  EXPECT_THAT(Http("GET", api_ + "/", "", "", session).body, HasSubstr("action=\"/login\""));
  // A unit's token shows its own measures only.
  Reply again = Http("GET", api_ + "/login");
  const std::string key = FormKey(again.body);
  Reply unit_login = Http("POST", api_ + "/login", "", "form_key=" + key + "&token=" + unit_,
                          "fristvakt_login=" + key);
  Reply unit = Http("GET", api_ + "/", "", "",
                    "fristvakt_session=" + SetCookie(unit_login, "fristvakt_session"));
  EXPECT_THAT(unit.body, HasSubstr("A-1 Første"));
  EXPECT_THAT(unit.body, ::testing::Not(HasSubstr("A-2 Andre")));
  Stop(*daemon_);
}

// The dashboard in Debian's headless Chromium: a screenshot at projector and phone sizes is
// kept as a test artefact, and axe-core finds no serious or critical WCAG 2.1 AA violation.
TEST_F(ApiTest, DashboardPassesAnAccessibilityScanInChromium) {
  const std::string csv =
      "Nr;Ansvar;Tiltak;Satsningsområde;Frist;Status\r\n"
      "B-1;hbo;Velferdsteknologi i hjemmetjenesten;digitalisering;01.01.2024;pågår\r\n"
      "B-2;kff;Digitaliseringsstrategi for sektoren;digitalisering;01.01.2099;planlagt\r\n"
      "B-3;kff;Oversiktsdokument folkehelse;digitalisering;01.02.2024;fullført\r\n";
  ASSERT_EQ(Fristvakt({"import", dir_.Write("more.csv", csv)}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"set", "B-1", "--deadline", "01.06.2024", "--reason", "Anbud"}).exit_code,
            0);
  // The unit's answer and a cancelled measure, so that the scan covers them too.
  ASSERT_EQ(Fristvakt({"set", "B-1", "--comment", "Forsinket pga. anbudsprosess"}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"ack", "B-1", "--note", "Venter på leverandør"}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"set", "B-2", "--status", "avbrutt", "--comment", "Erstattet"}).exit_code,
            0);
  const std::string artefacts = FRISTVAKT_ARTEFACT_DIR;
  std::filesystem::create_directories(artefacts);
  auto r = RunProcess({"/usr/bin/env", "node", kSource + "/tests/dashboard/check.mjs", api_ + "/",
                       reader_, artefacts + "/dashboard.png"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(artefacts + "/dashboard-projector.png"));
  EXPECT_TRUE(std::filesystem::exists(artefacts + "/dashboard-phone.png"));
  std::cout << "axe-core violations: " << r.out;
  Stop(*daemon_);
}

// The leadership sees the unit's answer beside each measure, the measures cancelled since the
// last digest, a bar per focus area and the overdue measures week by week (SPEC §9).
TEST_F(ApiTest, DashboardShowsTheUnitsAnswerAndTheCharts) {
  const std::string csv =
      "Nr;Ansvar;Tiltak;Satsningsområde;Frist;Status\r\n"
      "C-1;hbo;Velferdsteknologi;digitalisering;01.01.2024;pågår\r\n"
      "C-2;kff;Strategi;digitalisering;01.01.2099;planlagt\r\n";
  ASSERT_EQ(Fristvakt({"import", dir_.Write("more.csv", csv)}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"set", "C-1", "--comment", "Forsinket <pga.> anbud"}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"ack", "C-1", "--until", "2099-01-01", "--note", "Venter"}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"set", "C-2", "--status", "avbrutt", "--comment", "Utgår"}).exit_code, 0);
  Reply form = Http("GET", api_ + "/login");
  const std::string key = FormKey(form.body);
  Reply login = Http("POST", api_ + "/login", "", "form_key=" + key + "&token=" + reader_,
                     "fristvakt_login=" + key);
  Reply page =
      Http("GET", api_ + "/", "", "", "fristvakt_session=" + SetCookie(login, "fristvakt_session"));
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("<strong>Kommentar:</strong> «Forsinket &lt;pga.&gt; anbud» "
                                   "(administrator (kommandolinjen), "));
  EXPECT_THAT(page.body, HasSubstr("<strong>Kvittert:</strong> til og med 01.01.2099: «Venter»"));
  EXPECT_THAT(page.body, HasSubstr("<h2>Avbrutt siden forrige oversikt</h2>"));
  EXPECT_THAT(page.body, HasSubstr("<th scope=\"row\">C-2 Strategi</th>"));
  EXPECT_THAT(page.body, HasSubstr("«Utgår»"));
  EXPECT_THAT(page.body, HasSubstr("role=\"img\" aria-labelledby=\"fv-bar-0\""));
  EXPECT_THAT(page.body, HasSubstr("<title id=\"fv-bar-0\">Digitalisering: 0 i rute, "));
  EXPECT_THAT(page.body, HasSubstr("<title id=\"fv-weekly-title\">Tiltak over fristen uke for uke, "
                                   "siste 52 uker</title>"));
  EXPECT_THAT(page.body, HasSubstr("<summary>Tallene uke for uke</summary>"));
  Stop(*daemon_);
}

// Another process (an import, a backup) holds the database's write lock for 8 s. Reads go on
// at once; a change waits about a second and is answered 503 with Retry-After; /healthz answers
// at once, and says the database cannot be written once a write of the daemon's was refused.
TEST_F(ApiTest, HeldWriteLockFreezesNeitherReadsNorHealth) {
  // The two notices due today are sent and marked sent first: a mark refused by the held lock
  // would rightly turn /healthz to 503, which is not what this test is about.
  ASSERT_TRUE(
      WaitFor([&] { return Fristvakt({"outbox"}).out.find("forfall") == std::string::npos; }, 10s))
      << Fristvakt({"outbox"}).out;
  auto holder = HoldWriteLock(8);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Http("GET", api_ + "/api/v1/measures", i % 2 ? reader_ : admin_).status, 200);
  }
  EXPECT_EQ(Http("GET", api_ + "/healthz").status, 200);
  // Four reads and a health check, each of which waited the 10 s busy time-out before.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);

  Reply change = Http("PATCH", api_ + "/api/v1/measures/A-1", admin_, R"({"progress": 30})");
  EXPECT_EQ(change.status, 503) << change.body;
  EXPECT_THAT(change.headers, ::testing::HasSubstr("Retry-After: 5"));
  Reply health = Http("GET", api_ + "/healthz");
  EXPECT_EQ(health.status, 200);  // the API's refused write is the client's to try again

  EXPECT_EQ(holder->Wait(10s), 0);
  EXPECT_EQ(Http("PATCH", api_ + "/api/v1/measures/A-1", admin_, R"({"progress": 30})").status,
            200);
  Stop(*daemon_);
}

// Far more idle connections than the daemon has descriptors (its limit here is 200): it
// neither spins on a failing accept nor stops sending, and a health probe still gets through.
TEST_F(ApiTest, IdleConnectionsBeyondTheDescriptorLimitStopNeitherHealthNorSending) {
  Stop(*daemon_);
  daemon_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{"/bin/sh", "-c", "ulimit -n 200 && exec \"$0\" \"$@\"",
                               FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml"), "run"},
      dir_.File("daemon.log"));
  ASSERT_TRUE(WaitFor([&] { return Http("GET", api_ + "/healthz").status == 200; }, 5s))
      << ReadFile(dir_.File("daemon.log"));
  const size_t sent_before = Requests("/ok").size();

  const int port = std::stoi(api_.substr(api_.rfind(':') + 1));
  std::vector<int> idle;
  for (int i = 0; i < 400; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    idle.push_back(fd);
  }
  auto cpu_seconds = [&] {
    std::istringstream stat(ReadFile("/proc/" + std::to_string(daemon_->pid()) + "/stat"));
    std::string field;
    double ticks = 0;
    for (int i = 1; i <= 15 && stat >> field; ++i) {
      if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
  };
  const double cpu_before = cpu_seconds();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Http("GET", api_ + "/healthz").status, 200) << i;
  // A measure due today, added meanwhile, is still sent.
  Import({"A-3;hbo;Tredje;"});
  EXPECT_TRUE(WaitFor([&] { return Requests("/ok").size() > sent_before; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  std::this_thread::sleep_for(1s);
  EXPECT_LT(cpu_seconds() - cpu_before, 1.5);  // no spinning on a failing accept
  for (int fd : idle) close(fd);
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), ::testing::HasSubstr("at most 72 connections"));
  Stop(*daemon_);
}

}  // namespace
}  // namespace fristvakt
