// The real binary on a PostgreSQL database (SPEC §10): import, the daemon delivering to a real
// HTTP receiver on loopback, and `status` and `outbox` reading what it did, on the server that
// ctest's fixture PostgresServer starts (tests/testing/pg_server.sh).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/harness.h"

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
  const int port = StartReceiver();
  WriteConfig("database: \"" + url_ + "\"\nwebhooks:\n  hook: {url: \"http://127.0.0.1:" +
                  std::to_string(port) + "/ok/hook\"}\n",
              "units:\n  - {id: u-hook, name: Enhet, webhook: hook}\n");
  Import({"P-1;u-hook;Tiltak i PostgreSQL"});
  EXPECT_FALSE(std::filesystem::exists(dir_.File("fristvakt.db")));  // a URL is not a path
  EXPECT_EQ(Psql(url_, "SELECT count(*) FROM measures").out, "1\n");

  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok/hook").size() >= 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  auto status = Fristvakt({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("Tjenesten kjører"));
  // One daemon per database: the second is refused while the first runs.
  auto second = Fristvakt({"run"});
  EXPECT_NE(second.exit_code, 0);
  EXPECT_THAT(second.err, HasSubstr("another fristvakt daemon is running"));
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
  WriteConfig("", "units:\n  - {id: u-hook, name: Enhet}\n");
  Import({"M-1;u-hook;Første", "M-2;u-hook;Andre"});
  ASSERT_EQ(Fristvakt({"token", "create", "--admin", "--name", "drift"}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"ack", "M-1", "--until", today_, "--note", "På saken"}).exit_code, 0);

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
  WriteConfig("database: \"" + url_ + "\"\n", "units:\n  - {id: u-hook, name: Enhet}\n");
  auto list = Fristvakt({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("M-2"));
  // simulate has no copy of a PostgreSQL database yet: it says so rather than simulating an
  // empty one.
  auto simulate = Fristvakt({"simulate", "--from", today_, "--to", today_});
  EXPECT_EQ(simulate.exit_code, 2);
  EXPECT_THAT(simulate.err, HasSubstr("give --plan"));
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
