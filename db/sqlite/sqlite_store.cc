// Opening the SQLite store, its transactions, and the daemon's small facts (StateStore).
#include "db/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include "db/sqlite/columns.h"
#include "db/sqlite/schema.h"

namespace fristvakt {

Status SqliteStore::Open(const std::string& path, std::unique_ptr<SqliteStore>* out) {
  std::unique_ptr<Database> db;
  if (Status s = Database::Open(path, &db); !s.ok()) return s;
  if (Status s = Migrate(*db); !s.ok()) return s;
  *out = std::make_unique<SqliteStore>(std::move(db));
  return Status::Ok();
}

Status SqliteStore::OpenCopy(const std::string& path, std::unique_ptr<SqliteStore>* out) {
  std::unique_ptr<Database> source;
  if (Status s = Database::OpenReadOnly(path, &source); !s.ok()) return s;
  std::unique_ptr<Database> copy;
  if (Status s = Database::Open(":memory:", &copy); !s.ok()) return s;
  if (Status s = copy->CopyFrom(*source); !s.ok()) return s;
  if (Status s = Migrate(*copy); !s.ok()) return s;
  *out = std::make_unique<SqliteStore>(std::move(copy));
  return Status::Ok();
}

SqliteStore::SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

SqliteStore::~SqliteStore() = default;

Status SqliteStore::BeginTransaction() { return db_->Begin(); }

Status SqliteStore::CommitTransaction() { return db_->Commit(); }

// As in SqliteTransaction: a ROLLBACK that fails leaves nothing committed and nothing to undo.
void SqliteStore::SetLockWait(std::chrono::milliseconds wait) {
  sqlite3_busy_timeout(db_->handle(), static_cast<int>(wait.count()));
}

// No lease: one daemon per file, which it flocks (daemon/service/daemon_lock.h).
Status SqliteStore::TakeLease(const DaemonLease&, std::chrono::seconds, bool* taken) {
  *taken = true;
  return Status::Ok();
}

Status SqliteStore::RenewLease(const std::string&, std::chrono::seconds, bool* held) {
  *held = true;
  return Status::Ok();
}

Status SqliteStore::ReleaseLease(const std::string&) { return Status::Ok(); }

Status SqliteStore::ActiveDaemon(std::optional<DaemonLease>* out) {
  out->reset();
  return Status::Ok();
}

void SqliteStore::RollbackTransaction() { (void)db_->Rollback(); }

Status SqliteStore::GetState(const std::string& key, std::optional<std::string>* value) {
  Statement st(*db_, "SELECT value FROM state WHERE key = ?");
  st.Bind(1, key);
  if (st.Step()) {
    *value = st.Text(0);
  } else {
    value->reset();
  }
  return st.status();
}

Status SqliteStore::SetState(const std::string& key, const std::string& value) {
  Statement st(*db_,
               "INSERT INTO state (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  st.Bind(1, key).Bind(2, value);
  return st.Run();
}

Status SqliteStore::LastDigestRun(const std::string& name, std::optional<Timestamp>* at) {
  Statement st(*db_, "SELECT max(fired_at) FROM digest_runs WHERE name = ?");
  st.Bind(1, name);
  *at = st.Step() ? OptionalMoment(st, 0) : std::nullopt;
  return st.status();
}

Status SqliteStore::RecordDigestRun(const std::string& name, Timestamp at) {
  Statement st(*db_, "INSERT OR IGNORE INTO digest_runs (name, fired_at) VALUES (?, ?)");
  st.Bind(1, name).Bind(2, Seconds(at));
  return st.Run();
}

}  // namespace fristvakt
