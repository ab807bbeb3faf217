// The Store's Transaction.
#include "db/store.h"

namespace fristvakt {

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
