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

// Version 10 rebuilds the measures table; the rows that refer to a measure (its
// acknowledgements, import base and next moment, which go with it when it is deleted) stay.
TEST(SchemaTest, RebuildingTheMeasuresTableKeepsWhatRefersToThem) {
  testing::TempDir dir;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(dir.File("f.db"), &db).ok());
  ASSERT_TRUE(Migrate(*db, 9).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO measures (id, focus_area, title, responsible, deadline, "
                       "status, progress, updated_at, created_at) VALUES ('FH-2', 'folkehelse', "
                       "'Kurs', 'hbo', '2026-03-16', 'planned', 0, 1, 1), ('FH-1', 'folkehelse', "
                       "'Plan', 'hbo', '2026-04-16', 'done', 100, 1, 1);"
                       "INSERT INTO acknowledgements (measure_id, at, deadline, status) VALUES "
                       "('FH-1', 1, '2026-04-16', 'done');"
                       "INSERT INTO import_bases SELECT id, focus_area, title, responsible, "
                       "deadline, status, progress, updated_at, description, plan, priority, "
                       "tags, owner, comment FROM measures;"
                       "INSERT INTO schedule (measure_id, next_at) VALUES ('FH-2', 100);")
                  .ok());
  ASSERT_TRUE(Migrate(*db).ok());
  EXPECT_EQ(Version(*db), LatestSchemaVersion());
  auto count = [&](const std::string& table) {
    Statement st(*db, "SELECT count(*) FROM " + table);
    return st.Step() ? st.Int(0) : -1;
  };
  EXPECT_EQ(count("measures"), 2);
  EXPECT_EQ(count("acknowledgements"), 1);
  EXPECT_EQ(count("import_bases"), 2);
  EXPECT_EQ(count("schedule"), 1);
  // The foreign keys are on again, and a measure deleted takes its rows with it.
  Statement fk(*db, "PRAGMA foreign_keys");
  ASSERT_TRUE(fk.Step());
  EXPECT_EQ(fk.Int(0), 1);
  ASSERT_TRUE(db->Exec("DELETE FROM measures WHERE id = 'FH-2'").ok());
  EXPECT_EQ(count("schedule"), 0);
  EXPECT_EQ(count("import_bases"), 1);
  // In id order, without a rowid.
  Statement order(*db, "SELECT id FROM measures");
  ASSERT_TRUE(order.Step());
  EXPECT_EQ(order.Text(0), "FH-1");
  EXPECT_FALSE(Statement(*db, "SELECT rowid FROM measures").Step());
}

// A row left referring to nothing before an upgrade (a measure deleted by hand in the sqlite3
// shell, where the foreign keys are off) does not stop the rebuild, which keeps it as it was.
TEST(SchemaTest, RowsDanglingBeforeDoNotStopTheRebuild) {
  testing::TempDir dir;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(dir.File("f.db"), &db).ok());
  ASSERT_TRUE(Migrate(*db, 9).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys = OFF;"
                       "INSERT INTO schedule (measure_id, next_at) VALUES ('gone', 100);"
                       "PRAGMA foreign_keys = ON;")
                  .ok());
  ASSERT_TRUE(Migrate(*db).ok());
  EXPECT_EQ(Version(*db), LatestSchemaVersion());
  Statement st(*db, "SELECT count(*) FROM schedule");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 1);
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
