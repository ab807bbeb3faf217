// The Store's factories, the one place that chooses a database, and its Transaction.
#include "db/store.h"

#include "db/sqlite/sqlite_store.h"

namespace fristvakt {

Status Store::Open(const std::string& path, std::unique_ptr<Store>* out) {
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(path, &store);
  if (s.ok()) *out = std::move(store);
  return s;
}

Status Store::OpenCopy(const std::string& path, std::unique_ptr<Store>* out) {
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::OpenCopy(path, &store);
  if (s.ok()) *out = std::move(store);
  return s;
}

Transaction::Transaction(Store& store) : store_(store) {
  status_ = store_.BeginTransaction();
  open_ = status_.ok();
}

Transaction::~Transaction() {
  if (open_) store_.RollbackTransaction();
}

Status Transaction::Commit() {
  if (!open_) return status_;
  status_ = store_.CommitTransaction();
  if (status_.ok()) open_ = false;
  return status_;
}

}  // namespace fristvakt
