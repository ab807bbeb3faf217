#include "db/open_store.h"

#include "db/sqlite/sqlite_store.h"

namespace fristvakt {

Status OpenStore(const std::string& path, std::unique_ptr<Store>* out) {
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(path, &store);
  if (s.ok()) *out = std::move(store);
  return s;
}

Status OpenStoreCopy(const std::string& path, std::unique_ptr<Store>* out) {
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::OpenCopy(path, &store);
  if (s.ok()) *out = std::move(store);
  return s;
}

}  // namespace fristvakt
