#include "testing/test_store.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>

#include <pqxx/pqxx>

#include "db/open_store.h"
#include "db/postgres/postgres_store.h"
#include "db/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace fristvakt::testing {

std::string StoreKindName(const ::testing::TestParamInfo<StoreKind>& info) {
  return info.param == StoreKind::kSqlite ? "sqlite" : "postgresql";
}

Status TestServerUrl(std::string* url) {
  const char* dir = std::getenv("FRISTVAKT_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0') {
    return Status::Unavailable(
        "no PostgreSQL test server: FRISTVAKT_TEST_PG_DIR is not set (run the tests through "
        "ctest, whose fixture PostgresServer starts one, or start one with "
        "tests/testing/pg_server.sh start DIR and set FRISTVAKT_TEST_PG_DIR=DIR)");
  }
  std::ifstream in(std::string(dir) + "/url");
  if (!in || !std::getline(in, *url) || url->empty()) {
    return Status::Unavailable(std::string("no PostgreSQL test server in ") + dir +
                               " (no url file: did PostgresServer.Start fail?)");
  }
  return Status::Ok();
}

TestDatabase::TestDatabase(StoreKind kind) : kind_(kind) {
  if (kind_ == StoreKind::kSqlite) {
    dir_ = std::make_unique<TempDir>();
    path_ = dir_->File("fristvakt.db");
    return;
  }
  status_ = TestServerUrl(&admin_url_);
  if (!status_.ok()) return;
  static std::atomic<int> counter{0};
  std::random_device random;
  name_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
          std::to_string(random() % 1000000);
  size_t slash = admin_url_.find("/postgres?");
  if (slash == std::string::npos) {
    status_ =
        Status::Unavailable("the test server's URL names no postgres database: " + admin_url_);
    return;
  }
  path_ = admin_url_.substr(0, slash) + "/" + name_ + admin_url_.substr(slash + 9);
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE DATABASE " + name_);
  } catch (const std::exception& e) {
    status_ = Status::Unavailable(std::string("cannot create a test database: ") + e.what());
  }
}

TestDatabase::~TestDatabase() {
  if (kind_ != StoreKind::kPostgres || !status_.ok()) return;
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot drop the test database " << name_ << ": " << e.what();
  }
}

Status TestDatabase::Open(std::unique_ptr<Store>* out) {
  if (!status_.ok()) return status_;
  return OpenStore(path_, out);
}

Status ExecSql(Store& store, std::string_view sql) {
  if (auto* sqlite = dynamic_cast<SqliteStore*>(&store)) return sqlite->db().Exec(sql);
  if (auto* pg = dynamic_cast<PostgresStore*>(&store)) return pg->connection().Exec(sql);
  return Status::Unavailable("a store of an unknown kind");
}

}  // namespace fristvakt::testing
