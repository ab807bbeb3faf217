#include "db/sqlite/checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "db/sqlite/database.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

namespace fs = std::filesystem;

// Writes about `pages` pages of 4 KiB in one transaction.
void WritePages(Database& db, int pages) {
  SqliteTransaction tx(db);
  ASSERT_TRUE(tx.status().ok());
  Statement st(db, "INSERT INTO t (x) VALUES (randomblob(4000))");
  for (int i = 0; i < pages; ++i) {
    st.Reset();
    ASSERT_TRUE(st.Run().ok());
  }
  ASSERT_TRUE(tx.Commit().ok());
}

// Opens (creating) the file at `path` with one table, t.
std::unique_ptr<Database> OpenWithTable(const std::string& path) {
  std::unique_ptr<Database> db;
  EXPECT_TRUE(Database::Open(path, &db).ok());
  if (db) {
    EXPECT_TRUE(db->Exec("CREATE TABLE IF NOT EXISTS t (x BLOB)").ok());
  }
  return db;
}

int64_t Rows(Database& db) {
  Statement count(db, "SELECT count(*) FROM t");
  return count.Step() ? count.Int(0) : -1;
}

bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 200 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

class CheckpointerTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  const std::string path_ = dir_.File("x.db");
};

TEST_F(CheckpointerTest, ALogPastAThousandPagesIsCopiedIntoTheFileWhileTheWriterGoesOn) {
  std::unique_ptr<Database> db = OpenWithTable(path_);
  ASSERT_TRUE(db);
  WritePages(*db, 1500);
  // The writer's COMMIT returned with the pages in the log; the file gets them soon after.
  EXPECT_TRUE(WaitFor([&] { return fs::file_size(path_) > 1400u * 4096; }))
      << "database file " << fs::file_size(path_) << " bytes";
  // Once all is copied back, the next transaction writes the log from its start again: it
  // does not grow with every transaction.
  for (int round = 0; round < 5; ++round) {
    const auto before = fs::file_size(path_);
    WritePages(*db, 1200);
    ASSERT_TRUE(WaitFor([&] { return fs::file_size(path_) > before + 1100u * 4096; }));
  }
  EXPECT_LT(fs::file_size(path_ + "-wal"), 3000u * 4096);
  EXPECT_EQ(Rows(*db), 1500 + 5 * 1200);
}

TEST_F(CheckpointerTest, ClosingTheDatabaseLeavesNoLogBehind) {
  {
    std::unique_ptr<Database> db = OpenWithTable(path_);
    ASSERT_TRUE(db);
    WritePages(*db, 1100);
  }
  EXPECT_FALSE(fs::exists(path_ + "-wal"));
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::OpenReadOnly(path_, &db).ok());
  EXPECT_EQ(Rows(*db), 1100);
}

}  // namespace
}  // namespace fristvakt
