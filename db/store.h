#ifndef FRISTVAKT_DB_STORE_H_
#define FRISTVAKT_DB_STORE_H_

#include <chrono>
#include <memory>
#include <string>

#include "db/answer_store.h"
#include "db/lease_store.h"
#include "db/measure_store.h"
#include "db/outbox_store.h"
#include "db/schedule_store.h"
#include "db/state_store.h"
#include "db/token_store.h"
#include "rules/status.h"

namespace fristvakt {

// The store the application uses: measures and events, the outbox, API tokens, the small
// state, the units' answer links and deadline requests, the persisted schedule and the active
// daemon's lease, in one database, with transactions across all of them (a change and the
// notices it causes commit together). Several processes may share the database. An interface:
// SqliteStore (db/sqlite/sqlite_store.h) and PostgresStore (db/postgres/postgres_store.h) implement
// it, and code outside db/ sees only this; db/open_store.h opens one. Owned and used by one thread
// at a time.
class Store : public MeasureStore,
              public OutboxStore,
              public TokenStore,
              public StateStore,
              public AnswerStore,
              public ScheduleStore,
              public LeaseStore {
 public:
  ~Store() override = default;

  // How long a write waits for another process's transaction (an import, a backup) before it
  // fails as Unavailable. Ten seconds when opened, which suits commands; the daemon, whose
  // one thread also serves HTTP, waits about a second and tries again later.
  virtual void SetLockWait(std::chrono::milliseconds wait) = 0;

 private:
  // Transaction's steps; nothing else calls them. A writer waits for another process's
  // transaction rather than failing.
  // REQUIRES: BeginTransaction with no transaction open; the other two with one open.
  friend class Transaction;
  virtual Status BeginTransaction() = 0;
  virtual Status CommitTransaction() = 0;
  // Failures are not reported: there is no one left to tell, and the database rolls back an
  // unfinished transaction on its own.
  virtual void RollbackTransaction() = 0;
};

// One transaction on a Store: begun on construction, rolled back on destruction unless
// committed. A failure to begin is in status(), and Commit() returns it.
//
//   Transaction tx(*store);
//   if (!tx.status().ok()) return tx.status();
//   ... writes ...
//   return tx.Commit();
//
// Transactions do not nest. Used on the store's thread.
class Transaction {
 public:
  explicit Transaction(Store& store);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& status() const { return status_; }
  // When it fails the transaction is still open, and rolled back on destruction.
  Status Commit();

 private:
  Store& store_;
  Status status_;
  bool open_ = false;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_STORE_H_
