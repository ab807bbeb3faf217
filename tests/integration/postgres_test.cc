// The real binary on a PostgreSQL database (SPEC §10): import, the daemon delivering to a real
// HTTP receiver on loopback, and `status` and `outbox` reading what it did, on the server that
// ctest's fixture PostgresServer starts (tests/testing/pg_server.sh).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/harness.h"
#include "integration/http_client.h"
#include "testing/pg_proxy.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFile;
using testing::RunProcess;
using testing::WaitFor;
using namespace std::chrono_literals;

class PostgresTest : public Harness {
 protected:
  void SetUp() override {
    Harness::SetUp();
    const char* dir = std::getenv("FRISTVAKT_TEST_PG_DIR");
    ASSERT_TRUE(dir != nullptr && std::filesystem::exists(std::string(dir) + "/url"))
        << "no PostgreSQL test server: run through ctest (fixture PostgresServer)";
    admin_ = ReadFile(std::string(dir) + "/url");
    while (!admin_.empty() && admin_.back() == '\n') admin_.pop_back();
    name_ = "t_e2e_" + std::to_string(getpid()) + "_" + std::to_string(std::rand() % 100000);
    auto r = Psql(admin_, "CREATE DATABASE " + name_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    created_ = true;
    const size_t slash = admin_.find("/postgres?");
    ASSERT_NE(slash, std::string::npos) << admin_;
    url_ = admin_.substr(0, slash) + "/" + name_ + admin_.substr(slash + 9);
  }

  // The database, and the unit u-hook's webhook to a receiver on loopback at `path`.
  void ConfigureWebhook(const std::string& path) {
    const int port = StartReceiver();
    WriteConfig("database: \"" + url_ + "\"\nwebhooks:\n  hook: {url: \"http://127.0.0.1:" +
                    std::to_string(port) + path + "\"}\n",
                "units:\n  - {id: u-hook, name: Enhet, webhook: hook}\n");
  }

  // Another daemon on the same configuration, logging to `log`.
  std::unique_ptr<BackgroundProcess> StartAnother(const std::string& log) {
    return std::make_unique<BackgroundProcess>(
        std::vector<std::string>{FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml"), "run"},
        dir_.File(log));
  }

  // Waits until the daemon logging to `log` has said `what`.
  bool LogSays(const std::string& log, const std::string& what,
               std::chrono::milliseconds limit = 10s) {
    return WaitFor([&] { return ReadFile(dir_.File(log)).find(what) != std::string::npos; }, limit);
  }

  void TearDown() override {
    if (created_) Psql(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }

  static testing::ProcessResult Psql(const std::string& url, const std::string& sql) {
    return RunProcess(
        {"/usr/bin/psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql});
  }

  std::string admin_;
  std::string name_;
  std::string url_;
  bool created_ = false;
};

TEST_F(PostgresTest, ImportRunDeliverAndStatusReadItBack) {
  ConfigureWebhook("/ok/hook");
  Import({"P-1;u-hook;Tiltak i PostgreSQL"});
  EXPECT_FALSE(std::filesystem::exists(dir_.File("fristvakt.db")));  // a URL is not a path
  EXPECT_EQ(Psql(url_, "SELECT count(*) FROM measures").out, "1\n");

  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() >= 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  auto status = Fristvakt({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out,
              HasSubstr("Tjenesten kjører (pid " + std::to_string(daemon->pid()) + " på "));
  EXPECT_THAT(status.out, HasSubstr(", aktiv siden "));
  // Another process's import reaches the running daemon (EventSeqWatcher), which sends the
  // new measure's notice at once.
  Import({"P-1;u-hook;Tiltak i PostgreSQL", "P-2;u-hook;Et tiltak til"});
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() >= 2; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  // `outbox retry` from another process writes no event; the running daemon sees the notice
  // come back to the queue all the same, and sends it.
  const std::string first = Key("P-1", "u-hook", "webhook");
  ASSERT_EQ(Psql(url_, "UPDATE outbox SET state = 'dead' WHERE key = '" + first + "'").exit_code,
            0);
  auto retry = Fristvakt({"outbox", "retry", first});
  ASSERT_EQ(retry.exit_code, 0) << retry.err;
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() >= 3; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);

  auto requests = Requests("/ok/hook");
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["headers"]["idempotency-key"], first);
  EXPECT_EQ(requests[1]["headers"]["idempotency-key"], Key("P-2", "u-hook", "webhook"));
  EXPECT_EQ(requests[2]["headers"]["idempotency-key"], first);
  EXPECT_EQ(Psql(url_, "SELECT count(*) FROM outbox WHERE state = 'sent'").out, "2\n");
  status = Fristvakt({"status"});
  EXPECT_THAT(status.out, HasSubstr("Ingen tjeneste kjører"));
  EXPECT_THAT(status.out, HasSubstr("I kø: 0"));
  EXPECT_THAT(status.out, Not(HasSubstr("Sist sendt: aldri")));
  auto outbox = Fristvakt({"outbox"});
  EXPECT_EQ(outbox.exit_code, 0) << outbox.err;
  EXPECT_THAT(outbox.out, HasSubstr("0 varsler"));
}

// `fristvakt migrate --to URL`: the configured SQLite database copied over with its ids and
// sequence numbers, counted, and a database that is not empty refused with nothing written.
TEST_F(PostgresTest, MigrateCopiesTheSqliteDatabaseAndRefusesAFullOne) {
  // A webhook that simulate never calls, so that it has notices to show.
  const std::string hook = "webhooks:\n  hook: {url: \"http://127.0.0.1:9/hook\"}\n";
  const std::string units = "units:\n  - {id: u-hook, name: Enhet, webhook: hook}\n";
  WriteConfig(hook, units);
  Import({"M-1;u-hook;Første", "M-2;u-hook;Andre"});
  ASSERT_EQ(Fristvakt({"token", "create", "--admin", "--name", "drift"}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"ack", "M-1", "--until", today_, "--note", "På saken"}).exit_code, 0);

  // What simulate says on the SQLite database, to compare with what it says on the copy.
  auto on_sqlite = Fristvakt({"simulate", "--from", today_, "--to", today_});
  ASSERT_EQ(on_sqlite.exit_code, 0) << on_sqlite.err;
  ASSERT_THAT(on_sqlite.out, HasSubstr("M-2"));

  auto r = Fristvakt({"migrate", "--to", url_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("measures: 2\n"));
  EXPECT_THAT(r.out, HasSubstr("api_tokens: 1\n"));
  EXPECT_THAT(r.out, HasSubstr("acknowledgements: 1\n"));
  const std::string max_seq = Psql(url_, "SELECT max(seq) FROM events").out;
  EXPECT_NE(max_seq, "\n");
  // The sequences go on past the copied numbers.
  EXPECT_EQ(Psql(url_,
                 "SELECT nextval(pg_get_serial_sequence('events', 'seq')) > "
                 "(SELECT max(seq) FROM events)")
                .out,
            "t\n");

  auto again = Fristvakt({"migrate", "--to", url_});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("is not empty"));
  EXPECT_EQ(Psql(url_, "SELECT count(*) FROM measures").out, "2\n");

  // The copy is a working database.
  WriteConfig("database: \"" + url_ + "\"\n" + hook, units);
  auto list = Fristvakt({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("M-2"));
  // simulate works on an SQLite copy of the PostgreSQL database, and says what it said on the
  // SQLite one; the PostgreSQL one is only read.
  const std::string outbox_before = Psql(url_, "SELECT count(*) FROM outbox").out;
  auto simulate = Fristvakt({"simulate", "--from", today_, "--to", today_});
  EXPECT_EQ(simulate.exit_code, 0) << simulate.err;
  EXPECT_THAT(simulate.out, HasSubstr("M-2"));
  EXPECT_EQ(simulate.out, on_sqlite.out);
  EXPECT_EQ(Psql(url_, "SELECT count(*) FROM outbox").out, outbox_before);
}

// Two daemons on one database (SPEC §10): the second waits as a standby while the first is
// active, takes over at once when the first stops cleanly, and sends what it finds.
TEST_F(PostgresTest, ASecondDaemonWaitsAsAStandbyAndTakesOverAtACleanStop) {
  ConfigureWebhook("/ok/hook");
  Import({"S-1;u-hook;Første"});
  auto first = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  auto second = StartAnother("second.log");
  ASSERT_TRUE(LogSays("second.log", "standby: the daemon on "))
      << ReadFile(dir_.File("second.log"));
  // The standby schedules and sends nothing: a measure imported now is the first's to send.
  Import({"S-1;u-hook;Første", "S-2;u-hook;Andre"});
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() == 2; }, 10s));
  EXPECT_THAT(Fristvakt({"status"}).out,
              HasSubstr("Tjenesten kjører (pid " + std::to_string(first->pid()) + " på "));

  // A standby reloads its configuration as any daemon does, and still waits.
  second->Signal(SIGHUP);
  ASSERT_TRUE(LogSays("second.log", "reloaded (standby)")) << ReadFile(dir_.File("second.log"));

  Stop(*first);
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), HasSubstr("gave the lease up"));
  ASSERT_TRUE(WaitFor(
      [&] {
        return Fristvakt({"status"}).out.find("(pid " + std::to_string(second->pid()) + " på ") !=
               std::string::npos;
      },
      3s))
      << ReadFile(dir_.File("second.log"));
  Import({"S-1;u-hook;Første", "S-2;u-hook;Andre", "S-3;u-hook;Tredje"});
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() == 3; }, 10s))
      << ReadFile(dir_.File("second.log"));
  second->Signal(SIGTERM);
  EXPECT_EQ(second->Wait(5s), 0) << ReadFile(dir_.File("second.log"));
  std::set<std::string> keys;
  for (const json& r : Requests("/ok/hook")) keys.insert(r["headers"]["idempotency-key"]);
  EXPECT_EQ(keys.size(), 3u);
}

// The failover of SPEC §10 and issue 15: 2,000 notices due, the active daemon killed with
// SIGKILL while it delivers them. The standby takes over within 10 s; nothing is lost; a notice
// reaches the receiver twice only if it was in flight when the active one died; every copy
// carries its key.
TEST_F(PostgresTest, KillingTheActiveDaemonMidDeliveryLosesNothing) {
  constexpr int kNotices = 2000;
  ConfigureWebhook("/slow/hook");
  std::vector<std::string> rows;
  for (int i = 0; i < kNotices; ++i) rows.push_back("F-" + std::to_string(i) + ";u-hook;Tiltak");
  Import(rows);

  auto active = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return !Requests("/slow/hook").empty(); }, 20s))
      << ReadFile(dir_.File("daemon.log"));
  auto standby = StartAnother("standby.log");
  ASSERT_TRUE(LogSays("standby.log", "standby: the daemon on "))
      << ReadFile(dir_.File("standby.log"));
  ASSERT_TRUE(WaitFor([&] { return Requests("/slow/hook").size() >= 300; }, 30s));
  active->Signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  EXPECT_EQ(active->Wait(5s), 128 + SIGKILL);
  // What the dead daemon had in flight: marked "sending", its outcome never written.
  const int in_flight =
      std::stoi(Psql(url_, "SELECT count(*) FROM outbox WHERE state = 'sending'").out);
  const size_t received_at_kill = Requests("/slow/hook").size();
  EXPECT_LT(received_at_kill, static_cast<size_t>(kNotices)) << "the kill came after the last send";

  ASSERT_TRUE(LogSays("standby.log", "active: this daemon", 15s))
      << ReadFile(dir_.File("standby.log"));
  const auto took_over = std::chrono::steady_clock::now() - killed;
  EXPECT_LE(took_over, 10s);
  ASSERT_TRUE(WaitFor(
      [&] { return Psql(url_, "SELECT count(*) FROM outbox WHERE state <> 'sent'").out == "0\n"; },
      60s))
      << ReadFile(dir_.File("standby.log"));
  standby->Signal(SIGTERM);
  EXPECT_EQ(standby->Wait(5s), 0) << ReadFile(dir_.File("standby.log"));

  std::map<std::string, int> copies;
  int without_key = 0;
  for (const json& r : Requests("/slow/hook")) {
    const std::string key = r["headers"].value("idempotency-key", "");
    if (key.empty() || key != r["headers"].value("webhook-id", key)) ++without_key;
    ++copies[key];
  }
  int duplicates = 0;
  for (const auto& [key, n] : copies) duplicates += n - 1;
  EXPECT_EQ(copies.size(), static_cast<size_t>(kNotices));  // none lost
  EXPECT_EQ(without_key, 0);
  EXPECT_LE(duplicates, in_flight);
  EXPECT_THAT(Fristvakt({"status"}).out, HasSubstr("Ingen tjeneste kjører"));
  std::cout << "failover: " << received_at_kill << " of " << kNotices << " received at the kill, "
            << in_flight << " in flight, taken over after "
            << std::chrono::duration<double>(took_over).count() << " s, " << duplicates
            << " sent twice\n";
}

// A daemon that finds another holding the lease (it ran out during a pause of the database,
// and a standby took it) stops at once and ends with a failure, for systemd to start it again
// as a standby; it sends nothing meanwhile.
TEST_F(PostgresTest, ADaemonThatLostTheLeaseStopsAndSendsNothingMore) {
  ConfigureWebhook("/ok/hook");
  Import({"T-1;u-hook;Første"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  ASSERT_EQ(Psql(url_,
                 "UPDATE daemon_lease SET holder = 'another', host = 'vert-b', pid = 1, "
                 "expires = extract(epoch FROM now()) + 3600")
                .exit_code,
            0);
  EXPECT_EQ(daemon->Wait(10s), 3) << ReadFile(dir_.File("daemon.log"));
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")),
              HasSubstr("another daemon took the lease after it ran out; stopping"));
  Import({"T-1;u-hook;Første", "T-2;u-hook;Andre"});
  EXPECT_THAT(Fristvakt({"status"}).out, HasSubstr("(pid 1 på vert-b"));
  EXPECT_EQ(Requests("/ok/hook").size(), 1u);
}

// The server ends every session of the daemon's (a restart for a minor upgrade, an
// administrator's pg_terminate_backend). The statements that find out fail, and nothing of their
// transactions is written; the next ones connect again, with the daemon's settings. The lease is
// renewed in time on a new session, so the daemon stays active and sends what becomes due.
TEST_F(PostgresTest, ADaemonWhoseSessionsAreCutConnectsAgainAndSendsWhatBecomesDue) {
  ConfigureWebhook("/ok/hook");
  Import({"R-1;u-hook;Første"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  auto cut = Psql(
      admin_, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" +
                  name_ + "'");
  ASSERT_EQ(cut.exit_code, 0) << cut.err;
  ASSERT_NE(cut.out, "0\n");
  // Past a renewal on the ended session and the next on a new one.
  ASSERT_TRUE(LogSays("daemon.log", "cannot renew the lease; trying again"));
  std::this_thread::sleep_for(7s);

  Import({"R-1;u-hook;Første", "R-2;u-hook;Andre"});
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() == 2; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  EXPECT_EQ(daemon->Wait(0ms), -1) << ReadFile(dir_.File("daemon.log"));
  EXPECT_THAT(Fristvakt({"status"}).out,
              HasSubstr("Tjenesten kjører (pid " + std::to_string(daemon->pid()) + " på "));
  Stop(*daemon);
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), HasSubstr("gave the lease up"));
  auto requests = Requests("/ok/hook");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["headers"]["idempotency-key"], Key("R-1", "u-hook", "webhook"));
  EXPECT_EQ(requests[1]["headers"]["idempotency-key"], Key("R-2", "u-hook", "webhook"));
}

// A unit's answer over the API whose COMMIT was made but whose answer was lost with the session
// (PostgreSQL stopped just then, a network that parted) is answered 200 and recorded once: the
// daemon asks a new session what became of the transaction. Before, it was answered 503, and a
// unit that sent it again, as a 503 asks, had it recorded twice.
TEST_F(PostgresTest, AnAnswerMadeWhoseCommitWentUnheardIsAnswered200AndRecordedOnce) {
  testing::PgProxy proxy(url_);
  ASSERT_FALSE(proxy.url().empty());
  const std::string api = "http://127.0.0.1:" + std::to_string(FreePort());
  WriteConfig("database: \"" + proxy.url() + "\"\napi:\n  listen: " + api.substr(7) +
                  "\nwebhooks:\n  hook: {url: \"http://127.0.0.1:" +
                  std::to_string(StartReceiver()) + "/ok/hook\"}\n",
              "units:\n  - {id: u-hook, name: Enhet, webhook: hook}\n");
  Import({"R-1;u-hook;Første"});
  auto token = Fristvakt({"token", "create", "--unit", "u-hook"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::string unit = token.out.substr(0, token.out.find('\n'));
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Http("GET", api + "/healthz").status == 200; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  // R-1's notice of today goes out first; once its outcome is written the daemon is idle and
  // commits nothing (the lease is renewed by single statements): the next COMMIT is the
  // answer's.
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() == 1; }, 10s));
  ASSERT_TRUE(WaitFor(
      [&] { return Psql(url_, "SELECT count(*) FROM outbox WHERE state = 'sent'").out == "1\n"; },
      10s));
  proxy.LoseNextCommit(testing::PgProxy::Loss::kAnswer);
  Reply r = Http("PATCH", api + "/api/v1/measures/R-1", unit, R"({"progress": 30})");
  EXPECT_EQ(r.status, 200) << r.body << ReadFile(dir_.File("daemon.log"));
  EXPECT_EQ(proxy.lost(), 1);
  auto updated = Psql(url_,
                      "SELECT count(*) FROM events WHERE measure_id = 'R-1' AND kind = "
                      "'updated'");
  EXPECT_EQ(updated.out, "1\n") << updated.err;
  // The daemon goes on, on a new session.
  EXPECT_EQ(Http("PATCH", api + "/api/v1/measures/R-1", unit, R"({"progress": 40})").status, 200);
  EXPECT_EQ(daemon->Wait(0ms), -1) << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
}

TEST_F(PostgresTest, AnUnreachableServerIsAClearErrorWithoutThePassword) {
  dir_.Write("db-password", "hunter2\n");
  WriteConfig(
      "database:\n  url: \"postgresql://fv@/nodb?host=/nonexistent-fristvakt\"\n"
      "  password_file: db-password\n",
      "units:\n  - {id: u-hook, name: Enhet}\n");
  auto r = Fristvakt({"list"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("postgresql://fv@/nodb?host=/nonexistent-fristvakt"));
  EXPECT_THAT(r.err, Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace fristvakt
