#ifndef FRISTVAKT_TESTS_TESTING_TEST_STORE_H_
#define FRISTVAKT_TESTS_TESTING_TEST_STORE_H_

#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "db/store.h"
#include "rules/status.h"
#include "testing/temp_dir.h"

// The store tests run against every kind of database: SQLite, and a real PostgreSQL server that
// ctest starts once per run (the fixture PostgresServer, tests/testing/pg_server.sh). Each test
// gets a fresh, empty database of its own, so that tests run in parallel.
namespace fristvakt::testing {

enum class StoreKind { kSqlite, kPostgres };

// For INSTANTIATE_TEST_SUITE_P(..., ::testing::ValuesIn(kStoreKinds), StoreKindName).
inline constexpr StoreKind kStoreKinds[] = {StoreKind::kSqlite, StoreKind::kPostgres};
std::string StoreKindName(const ::testing::TestParamInfo<StoreKind>& info);

// A fresh database of one kind: an SQLite file in a temporary folder, or a PostgreSQL database
// `t_...` created on the test run's server and dropped when this is destroyed. Without the
// server (FRISTVAKT_TEST_PG_DIR unset, or nothing there) Open fails, saying so: the
// PostgreSQL tests fail rather than skip.
class TestDatabase {
 public:
  explicit TestDatabase(StoreKind kind);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Opens the store (a new connection each time) and brings it to the latest schema.
  Status Open(std::unique_ptr<Store>* out);
  // What OpenStore takes: the SQLite file's path or the PostgreSQL URL.
  const std::string& path() const { return path_; }
  StoreKind kind() const { return kind_; }

 private:
  StoreKind kind_;
  std::unique_ptr<TempDir> dir_;  // SQLite's
  std::string path_;
  std::string admin_url_;  // the server's `postgres` database
  std::string name_;       // the PostgreSQL database's
  Status status_;
};

// The URL of the test run's PostgreSQL server's `postgres` database, or a failure that says
// why there is none.
Status TestServerUrl(std::string* url);

// Runs raw SQL on the store's database, whichever kind it is: for tests that set up states the
// interface does not make.
Status ExecSql(Store& store, std::string_view sql);

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_TESTING_TEST_STORE_H_
