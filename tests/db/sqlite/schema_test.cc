#include "db/sqlite/schema.h"

#include <gtest/gtest.h>

#include "db/open_store.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

std::unique_ptr<Database> OpenMemory() {
  std::unique_ptr<Database> db;
  EXPECT_TRUE(Database::Open(":memory:", &db).ok());
  return db;
}

int Version(Database& db) {
  int v = -1;
  EXPECT_TRUE(SchemaVersion(db, &v).ok());
  return v;
}

bool HasTable(Database& db, const std::string& name) {
  Statement st(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  st.Bind(1, name);
  return st.Step();
}

TEST(SchemaTest, NewDatabaseGetsTheLatestSchema) {
  auto db = OpenMemory();
  EXPECT_EQ(Version(*db), 0);
  ASSERT_TRUE(Migrate(*db).ok());
  EXPECT_EQ(Version(*db), LatestSchemaVersion());
  for (const char* table :
       {"measures", "events", "outbox", "acknowledgements", "api_tokens", "digest_runs", "state"}) {
    EXPECT_TRUE(HasTable(*db, table)) << table;
  }
}

std::string IndexSql(Database& db, const std::string& name) {
  Statement st(db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
  st.Bind(1, name);
  return st.Step() ? st.Text(0) : "";
}

// A first start rewrites the schedule with its index of moments dropped, then builds the index
// again: as the schema makes it.
TEST(SchemaTest, RewritingTheScheduleLeavesItsIndexAsTheSchemaMakesIt) {
  auto fresh = OpenMemory();
  ASSERT_TRUE(Migrate(*fresh).ok());
  const std::string expected = IndexSql(*fresh, "schedule_due");
  ASSERT_FALSE(expected.empty());

  testing::TempDir dir;
  {
    std::unique_ptr<Store> store;
    ASSERT_TRUE(OpenStore(dir.File("f.db"), &store).ok());
    Transaction tx(*store);
    ASSERT_TRUE(store->BeginScheduleRewrite().ok());
    ASSERT_TRUE(store->EndScheduleRewrite().ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(dir.File("f.db"), &db).ok());
  EXPECT_EQ(IndexSql(*db, "schedule_due"), expected);
}

// Every earlier version, with data in it, migrates to the latest and keeps its data.
TEST(SchemaTest, MigratesFromEveryEarlierVersionKeepingData) {
  for (int from = 1; from < LatestSchemaVersion(); ++from) {
    auto db = OpenMemory();
    ASSERT_TRUE(Migrate(*db, from).ok());
    EXPECT_EQ(Version(*db), from);
    ASSERT_TRUE(db->Exec("INSERT INTO measures (id, focus_area, title, responsible, deadline, "
                         "status, progress, updated_at, created_at) VALUES ('FH-1', "
                         "'folkehelse', 'Kurs', 'hbo', '2026-03-16', 'planned', 0, 1, 1);"
                         "INSERT INTO events (at, measure_id, kind) VALUES (1, 'FH-1', 'created');")
                    .ok());
    ASSERT_TRUE(Migrate(*db).ok()) << "from " << from;
    EXPECT_EQ(Version(*db), LatestSchemaVersion());
    Statement st(*db, "SELECT title FROM measures WHERE id = 'FH-1'");
    ASSERT_TRUE(st.Step());
    EXPECT_EQ(st.Text(0), "Kurs");
  }
}

// Version 5 keeps what the latest import brought; a database from before takes its stored
// values as that (docs/spec-readings.md).
TEST(SchemaTest, MeasuresFromBeforeVersionFiveGetTheirStoredValuesAsImportBase) {
  auto db = OpenMemory();
  ASSERT_TRUE(Migrate(*db, 4).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO measures (id, focus_area, title, responsible, deadline, "
                       "status, progress, updated_at, comment, created_at) VALUES ('FH-1', "
                       "'folkehelse', 'Kurs', 'hbo', '2026-03-16', 'done', 80, 7, 'Levert', 1)")
                  .ok());
  ASSERT_TRUE(Migrate(*db, 5).ok());
  Statement st(*db,
               "SELECT title, status, progress, updated_at, comment FROM import_bases WHERE "
               "measure_id = 'FH-1'");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Text(0), "Kurs");
  EXPECT_EQ(st.Text(1), "done");
  EXPECT_EQ(st.Int(2), 80);
  EXPECT_EQ(st.Int(3), 7);
  EXPECT_EQ(st.Text(4), "Levert");
}

TEST(SchemaTest, MigratingTwiceChangesNothing) {
  auto db = OpenMemory();
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(Migrate(*db).ok());
  EXPECT_EQ(Version(*db), LatestSchemaVersion());
}

TEST(SchemaTest, RefusesADatabaseFromANewerBuild) {
  auto db = OpenMemory();
  ASSERT_TRUE(db->Exec("PRAGMA user_version = 999").ok());
  Status s = Migrate(*db);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_NE(s.message().find("newer than this build"), std::string::npos);
}

TEST(SchemaTest, FileDatabaseUsesWal) {
  testing::TempDir dir;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(dir.File("x.db"), &db).ok());
  Statement st(*db, "PRAGMA journal_mode");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Text(0), "wal");
  Statement fk(*db, "PRAGMA foreign_keys");
  ASSERT_TRUE(fk.Step());
  EXPECT_EQ(fk.Int(0), 1);
}

}  // namespace
}  // namespace fristvakt
