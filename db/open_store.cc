#include "db/open_store.h"

#include "db/postgres/copy_from_sqlite.h"
#include "db/postgres/postgres_store.h"
#include "db/sqlite/sqlite_store.h"

namespace fristvakt {

bool IsDatabaseUrl(const std::string& path) { return IsPostgresUrl(path); }

Status OpenStore(const std::string& path, const std::string& password,
                 std::unique_ptr<Store>* out) {
  if (IsPostgresUrl(path)) {
    std::unique_ptr<PostgresStore> store;
    Status s = PostgresStore::Open(path, password, &store);
    if (s.ok()) *out = std::move(store);
    return s;
  }
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(path, &store);
  if (s.ok()) *out = std::move(store);
  return s;
}

Status OpenStoreCopy(const std::string& path, const std::string& password,
                     std::unique_ptr<Store>* out) {
  std::unique_ptr<SqliteStore> store;
  Status s;
  if (IsDatabaseUrl(path)) {
    s = SqliteStore::Open(":memory:", &store);
    if (s.ok()) s = CopyPostgresToSqlite(path, password, store->db());
  } else {
    s = SqliteStore::OpenCopy(path, &store);
  }
  if (s.ok()) *out = std::move(store);
  return s;
}

}  // namespace fristvakt
