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

bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 200 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

TEST(CheckpointerTest, ALogPastAThousandPagesIsCopiedIntoTheFileWhileTheWriterGoesOn) {
  testing::TempDir dir;
  const std::string path = dir.File("x.db");
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(path, &db).ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t (x BLOB)").ok());
  WritePages(*db, 1500);
  // The writer's COMMIT returned with the pages in the log; the file gets them soon after.
  EXPECT_TRUE(WaitFor([&] { return fs::file_size(path) > 1400u * 4096; }))
      << "database file " << fs::file_size(path) << " bytes";
  // Once all is copied back, the next transaction writes the log from its start again: it
  // does not grow with every transaction.
  for (int round = 0; round < 5; ++round) {
    const auto before = fs::file_size(path);
    WritePages(*db, 1200);
    ASSERT_TRUE(WaitFor([&] { return fs::file_size(path) > before + 1100u * 4096; }));
  }
  EXPECT_LT(fs::file_size(path + "-wal"), 3000u * 4096);
  Statement count(*db, "SELECT count(*) FROM t");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), 1500 + 5 * 1200);
}

TEST(CheckpointerTest, ClosingTheDatabaseLeavesNoLogBehind) {
  testing::TempDir dir;
  const std::string path = dir.File("x.db");
  {
    std::unique_ptr<Database> db;
    ASSERT_TRUE(Database::Open(path, &db).ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE t (x BLOB)").ok());
    WritePages(*db, 1100);
  }
  EXPECT_FALSE(fs::exists(path + "-wal"));
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::OpenReadOnly(path, &db).ok());
  Statement count(*db, "SELECT count(*) FROM t");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), 1100);
}

}  // namespace
}  // namespace fristvakt
