// What only the PostgreSQL store has: its URL handling, its schema's version, and its
// messages, which never carry a password. The store's meaning is tested for both databases in
// store_test.cc and the other store tests.
#include "db/postgres/postgres_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/open_store.h"
#include "db/postgres/schema.h"
#include "db/sqlite/schema.h"
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

}  // namespace
}  // namespace fristvakt
