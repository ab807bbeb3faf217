// What only the PostgreSQL store has: its URL handling, its schema's version, and its
// messages, which never carry a password. The store's meaning is tested for both databases in
// store_test.cc and the other store tests.
#include "db/postgres/postgres_store.h"

#include <future>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/open_store.h"
#include "db/postgres/schema.h"
#include "db/sqlite/schema.h"
#include "testing/pg_proxy.h"
#include "testing/test_store.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PostgresUrlTest, RedactedUrlDropsThePasswordAndNothingElse) {
  EXPECT_EQ(RedactedUrl("postgresql://fv:hunter2@db.example:5433/fristvakt?sslmode=require"),
            "postgresql://fv@db.example:5433/fristvakt?sslmode=require");
  EXPECT_EQ(RedactedUrl("postgres:///fristvakt?host=/run/postgresql&password=hunter2&user=fv"),
            "postgres:///fristvakt?host=/run/postgresql&user=fv");
  EXPECT_EQ(RedactedUrl("postgresql://fv@db/fristvakt"), "postgresql://fv@db/fristvakt");
  EXPECT_TRUE(IsPostgresUrl("postgres://db/x"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/fristvakt/postgresql://x"));
}

TEST(PostgresStoreTest, AFailedConnectionNamesTheUrlWithoutThePassword) {
  std::unique_ptr<Store> store;
  Status s = OpenStore("postgresql://fv:hunter2@/fristvakt?host=/nonexistent-fristvakt", &store);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("postgresql://fv@/fristvakt?host=/nonexistent-fristvakt"));
  EXPECT_THAT(s.message(), Not(HasSubstr("hunter2")));
  s = OpenStore("postgresql://fv@/fristvakt?host=/nonexistent-fristvakt", "s3cret", &store);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_THAT(s.message(), Not(HasSubstr("s3cret")));
}

TEST(PostgresStoreTest, TheSchemaIsMadeOnceAndItsVersionRecorded) {
  testing::TestDatabase database(testing::StoreKind::kPostgres);
  std::unique_ptr<Store> first;
  Status s = database.Open(&first);
  ASSERT_TRUE(s.ok()) << s.message();
  std::unique_ptr<Store> second;  // a second process opening it finds it made
  ASSERT_TRUE(database.Open(&second).ok());
  auto* pg = dynamic_cast<PostgresStore*>(second.get());
  ASSERT_NE(pg, nullptr);
  int version = 0;
  ASSERT_TRUE(PgSchemaVersion(pg->connection(), &version).ok());
  EXPECT_EQ(version, LatestPgSchemaVersion());
  EXPECT_EQ(version, LatestSchemaVersion());  // one number names one schema in both databases
  pqxx::result r;
  ASSERT_TRUE(pg->connection().Exec("SELECT count(*) FROM schema_version", &r).ok());
  EXPECT_EQ(r[0][0].as<int>(), 1);
}

// PostgreSQL ends a transaction's work at its first failing statement; a commit after one must
// say so rather than report success for what was rolled back.
TEST(PostgresStoreTest, ACommitAfterAFailedStatementFailsAndWritesNothing) {
  testing::TestDatabase database(testing::StoreKind::kPostgres);
  std::unique_ptr<Store> store;
  ASSERT_TRUE(database.Open(&store).ok());
  {
    Transaction tx(*store);
    ASSERT_TRUE(store->SetState("a", "1").ok());
    EXPECT_FALSE(testing::ExecSql(*store, "SELECT * FROM no_such_table").ok());
    EXPECT_FALSE(tx.Commit().ok());
  }
  std::optional<std::string> value;
  ASSERT_TRUE(store->GetState("a", &value).ok());
  EXPECT_FALSE(value);
  Transaction again(*store);  // the connection is usable after the rollback
  ASSERT_TRUE(again.status().ok());
  ASSERT_TRUE(store->SetState("a", "2").ok());
  ASSERT_TRUE(again.Commit().ok());
}

// The server ends the session in the middle of a transaction (a restart, an administrator's
// pg_terminate_backend): what the transaction wrote before is gone with the session, and nothing
// after it may be written either, not even on a new connection that libpqxx opens by itself.
TEST(PostgresStoreTest, ASessionEndedInATransactionWritesNothingOfIt) {
  testing::TestDatabase database(testing::StoreKind::kPostgres);
  std::unique_ptr<Store> store;
  ASSERT_TRUE(database.Open(&store).ok());
  {
    Transaction tx(*store);
    ASSERT_TRUE(store->SetState("a", "1").ok());
    EXPECT_FALSE(testing::ExecSql(*store, "SELECT pg_terminate_backend(pg_backend_pid())").ok());
    EXPECT_FALSE(store->SetState("b", "2").ok());
    EXPECT_FALSE(store->SetState("c", "3").ok());
    EXPECT_FALSE(tx.Commit().ok());
  }
  std::optional<std::string> a;
  std::optional<std::string> b;
  ASSERT_TRUE(store->GetState("a", &a).ok());
  std::optional<std::string> c;
  ASSERT_TRUE(store->GetState("b", &b).ok());
  ASSERT_TRUE(store->GetState("c", &c).ok());
  EXPECT_FALSE(a);
  EXPECT_FALSE(b);
  EXPECT_FALSE(c);
  Transaction again(*store);  // the store works again on a new session
  ASSERT_TRUE(again.status().ok());
  ASSERT_TRUE(store->SetState("a", "3").ok());
  ASSERT_TRUE(again.Commit().ok());
}

// A COMMIT lost on its way (testing::PgProxy): the store writes "a" = "1" through the proxy,
// which loses `loss`; then the database is read directly, and the store is used once more, on
// a new session.
class LostCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.Open(&direct_).ok());
    ASSERT_FALSE(proxy_.url().empty());
    ASSERT_TRUE(OpenStore(proxy_.url(), &store_).ok());
  }

  // The commit's status.
  Status WriteAndLose(testing::PgProxy::Loss loss) {
    Transaction tx(*store_);
    if (!tx.status().ok() || !store_->SetState("a", "1").ok()) return Status::Unavailable("setup");
    proxy_.LoseNextCommit(loss);
    Status s = tx.Commit();
    EXPECT_EQ(proxy_.lost(), 1);
    return s;
  }

  std::optional<std::string> Written() {
    std::optional<std::string> a;
    EXPECT_TRUE(direct_->GetState("a", &a).ok());
    return a;
  }

  void ExpectTheStoreGoesOn() {
    Transaction again(*store_);
    ASSERT_TRUE(again.status().ok());
    ASSERT_TRUE(store_->SetState("b", "2").ok());
    ASSERT_TRUE(again.Commit().ok());
  }

  testing::TestDatabase database_{testing::StoreKind::kPostgres};
  std::unique_ptr<Store> direct_;
  testing::PgProxy proxy_{database_.path()};
  std::unique_ptr<Store> store_;
};

// A COMMIT whose answer was lost with its session (a network that parted, a server stopped just
// after it) is reported as what the server made of it, asked of a new session: made here, so the
// caller does not do it again. Before, it was reported failed, and a unit whose answer the API
// had recorded but answered 503 sent it again and had it recorded twice.
TEST_F(LostCommitTest, ACommitMadeWhoseAnswerWasLostIsReportedMade) {
  const Status s = WriteAndLose(testing::PgProxy::Loss::kAnswer);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Written(), "1");
  ExpectTheStoreGoesOn();
}

// The other way: a COMMIT lost before it reached the server leaves nothing made, and says so.
TEST_F(LostCommitTest, ACommitThatNeverArrivedIsReportedFailed) {
  const Status s = WriteAndLose(testing::PgProxy::Loss::kCommit);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("nothing of it was written"));
  EXPECT_FALSE(Written());
  ExpectTheStoreGoesOn();
}

// A transaction that wrote nothing has nothing to lose: its lost answer is no failure.
TEST_F(LostCommitTest, ACommitThatWroteNothingIsNoFailureWhenItsAnswerIsLost) {
  Transaction tx(*store_);
  ASSERT_TRUE(tx.status().ok());
  std::optional<std::string> a;
  ASSERT_TRUE(store_->GetState("a", &a).ok());
  proxy_.LoseNextCommit(testing::PgProxy::Loss::kAnswer);
  const Status s = tx.Commit();
  EXPECT_EQ(proxy_.lost(), 1);
  EXPECT_TRUE(s.ok()) << s.message();
  ExpectTheStoreGoesOn();
}

// The session's settings come back with a new session: a daemon that connected again still waits
// a bounded time for the writers' lock, instead of hanging its loop behind an import.
TEST(PostgresStoreTest, ANewSessionKeepsTheLockWait) {
  testing::TestDatabase database(testing::StoreKind::kPostgres);
  std::unique_ptr<Store> store;
  std::unique_ptr<Store> other;
  ASSERT_TRUE(database.Open(&store).ok());
  ASSERT_TRUE(database.Open(&other).ok());
  store->SetLockWait(std::chrono::milliseconds(100));
  EXPECT_FALSE(testing::ExecSql(*store, "SELECT pg_terminate_backend(pg_backend_pid())").ok());
  std::future<Status> waited;  // destroyed after `holding` lets its lock go
  Transaction holding(*other);
  ASSERT_TRUE(holding.status().ok());
  waited = std::async(std::launch::async, [&store]() {
    Transaction tx(*store);
    return tx.status();
  });
  const bool ended = waited.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  EXPECT_TRUE(ended) << "waited for the writers' lock without bound";
  EXPECT_TRUE(holding.Commit().ok());
  const Status s = waited.get();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("busy"));
}

// The lease of SPEC §10: one holder at a time; another takes it once it was given up or ran
// out; and a daemon that lost it marks nothing "sending" any more, so that it starts no send
// the new holder also starts.
class LeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* store : {&a_, &b_}) {
      Status s = database_.Open(store);
      ASSERT_TRUE(s.ok()) << s.message();
    }
    Notice n;
    n.measure_id = "L-1";
    n.rule = "forfall";
    n.recipient = "hbo";
    n.channel = Channel::kWebhook;
    n.at = Timestamp(std::chrono::seconds(5000));
    std::vector<Notice> notices;
    for (const char* k : {"1", "2", "3"}) {
      n.key = Key(k);
      notices.push_back(n);
    }
    ASSERT_TRUE(a_->QueueNotices(
                      notices, {}, [](const Notice&) { return nlohmann::json::object(); }, n.at)
                    .ok());
  }

  static std::string Key(const std::string& k) {
    return "L-1/forfall/2026-03-16/" + k + "/hbo/webhook";
  }
  static DaemonLease Daemon(const std::string& holder, int64_t pid) {
    return DaemonLease{holder, "vert-" + holder, pid, {}};
  }

  testing::TestDatabase database_{testing::StoreKind::kPostgres};
  std::unique_ptr<Store> a_;
  std::unique_ptr<Store> b_;
};

TEST_F(LeaseTest, OneHolderAtATimeAndTheOtherTakesOverWhenItIsGivenUp) {
  ASSERT_TRUE(a_->HoldsLease());
  std::optional<DaemonLease> active;
  ASSERT_TRUE(b_->ActiveDaemon(&active).ok());
  EXPECT_FALSE(active.has_value());
  bool taken = false;
  ASSERT_TRUE(a_->TakeLease(Daemon("a", 11), std::chrono::seconds(60), &taken).ok());
  EXPECT_TRUE(taken);
  ASSERT_TRUE(b_->TakeLease(Daemon("b", 22), std::chrono::seconds(60), &taken).ok());
  EXPECT_FALSE(taken);
  ASSERT_TRUE(b_->ActiveDaemon(&active).ok());
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->holder, "a");
  EXPECT_EQ(active->host, "vert-a");
  EXPECT_EQ(active->pid, 11);
  EXPECT_GT(active->since, Timestamp(std::chrono::seconds(1700000000)));  // the database's now
  bool held = false;
  ASSERT_TRUE(a_->RenewLease("a", std::chrono::seconds(60), &held).ok());
  EXPECT_TRUE(held);
  ASSERT_TRUE(b_->RenewLease("b", std::chrono::seconds(60), &held).ok());
  EXPECT_FALSE(held);

  ASSERT_TRUE(b_->ReleaseLease("b").ok());  // not b's: nothing
  ASSERT_TRUE(b_->ActiveDaemon(&active).ok());
  EXPECT_EQ(active->holder, "a");
  ASSERT_TRUE(a_->ReleaseLease("a").ok());
  ASSERT_TRUE(b_->ActiveDaemon(&active).ok());
  EXPECT_FALSE(active.has_value());
  ASSERT_TRUE(b_->TakeLease(Daemon("b", 22), std::chrono::seconds(60), &taken).ok());
  EXPECT_TRUE(taken);
  ASSERT_TRUE(a_->RenewLease("a", std::chrono::seconds(60), &held).ok());
  EXPECT_FALSE(held);
}

TEST_F(LeaseTest, ALeaseThatRanOutIsTakenAndItsFormerHolderMarksNothing) {
  bool taken = false;
  ASSERT_TRUE(a_->TakeLease(Daemon("a", 11), std::chrono::seconds(1), &taken).ok());
  ASSERT_TRUE(taken);
  std::vector<std::string> marked;
  ASSERT_TRUE(a_->MarkSendingMany({Key("1")}, &marked).ok());
  EXPECT_EQ(marked, std::vector<std::string>{Key("1")});

  std::this_thread::sleep_for(std::chrono::milliseconds(1300));  // a's lease runs out
  std::optional<DaemonLease> active;
  ASSERT_TRUE(b_->ActiveDaemon(&active).ok());
  EXPECT_FALSE(active.has_value());
  // Ran out, not yet taken: a marks nothing, and says why; nor does it undo a mark it made, and
  // says so, rather than seem to.
  marked.clear();
  Status s = a_->MarkSendingMany({Key("2")}, &marked);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("no longer holds the lease"));
  EXPECT_TRUE(marked.empty());
  EXPECT_EQ(a_->Unmark(Key("1")).code(), Status::Code::kUnavailable);
  ASSERT_TRUE(b_->TakeLease(Daemon("b", 22), std::chrono::seconds(60), &taken).ok());
  ASSERT_TRUE(taken);
  bool one = true;
  s = a_->MarkSending(Key("3"), &one);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_FALSE(one);
  bool held = true;
  ASSERT_TRUE(a_->RenewLease("a", std::chrono::seconds(60), &held).ok());
  EXPECT_FALSE(held);  // too late: b has it

  // b sends what is still queued, and what a left "sending" once it puts it back.
  int requeued = 0;
  ASSERT_TRUE(b_->RequeueInFlight(&requeued).ok());
  EXPECT_EQ(requeued, 1);
  marked.clear();
  ASSERT_TRUE(b_->MarkSendingMany({Key("1"), Key("2"), Key("3")}, &marked).ok());
  EXPECT_EQ(marked.size(), 3u);
  // Nor does a undo a mark of a commit it was told had failed, when b is sending that notice now.
  EXPECT_FALSE(a_->Unmark(Key("1")).ok());
  std::vector<OutboxEntry> entries;
  ASSERT_TRUE(b_->OutboxFor("L-1", &entries).ok());
  ASSERT_FALSE(entries.empty());
  for (const OutboxEntry& e : entries) EXPECT_EQ(e.state, "sending") << e.key;
  ASSERT_TRUE(b_->Unmark(Key("1")).ok());
  entries.clear();
  ASSERT_TRUE(b_->OutboxFor("L-1", &entries).ok());
  for (const OutboxEntry& e : entries) {
    EXPECT_EQ(e.state, e.key == Key("1") ? "queued" : "sending") << e.key;
  }
  // A store that never took the lease (a command) is not fenced.
  std::unique_ptr<Store> command;
  ASSERT_TRUE(database_.Open(&command).ok());
  ASSERT_TRUE(command->MarkSendingMany({Key("1")}, &marked).ok());
}

TEST(SqliteLeaseTest, SqliteHoldsNoLease) {
  testing::TestDatabase database(testing::StoreKind::kSqlite);
  std::unique_ptr<Store> store;
  ASSERT_TRUE(database.Open(&store).ok());
  EXPECT_FALSE(store->HoldsLease());
  std::optional<DaemonLease> active;
  ASSERT_TRUE(store->ActiveDaemon(&active).ok());
  EXPECT_FALSE(active.has_value());
}

}  // namespace
}  // namespace fristvakt
