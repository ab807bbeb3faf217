// Opening the PostgreSQL store, its transactions, and the daemon's small facts (StateStore).
#include "db/postgres/postgres_store.h"

#include "db/postgres/schema.h"

namespace fristvakt {

Status PostgresStore::Open(const std::string& url, const std::string& password,
                           std::unique_ptr<PostgresStore>* out) {
  std::unique_ptr<PgConnection> conn;
  if (Status s = PgConnection::Open(url, password, &conn); !s.ok()) return s;
  if (Status s = MigratePg(*conn); !s.ok()) return s;
  *out = std::make_unique<PostgresStore>(std::move(conn));
  return Status::Ok();
}

PostgresStore::PostgresStore(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

PostgresStore::~PostgresStore() = default;

Status PostgresStore::BeginTransaction() { return conn_->Begin(); }

Status PostgresStore::CommitTransaction() { return conn_->Commit(); }

// A ROLLBACK that fails leaves nothing committed: the server rolls back an unfinished
// transaction when the connection ends.
void PostgresStore::RollbackTransaction() { (void)conn_->Rollback(); }

void PostgresStore::SetLockWait(std::chrono::milliseconds wait) { conn_->SetLockWait(wait); }

Status PostgresStore::GetState(const std::string& key, std::optional<std::string>* value) {
  pqxx::result r;
  Status s = conn_->Run("SELECT value FROM state WHERE key = $1", &r, key);
  if (s.ok() && !r.empty()) {
    *value = PgText(r[0][0]);
  } else {
    value->reset();
  }
  return s;
}

Status PostgresStore::SetState(const std::string& key, const std::string& value) {
  return conn_->Run(
      "INSERT INTO state (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      nullptr, key, value);
}

Status PostgresStore::LastDigestRun(const std::string& name, std::optional<Timestamp>* at) {
  pqxx::result r;
  Status s = conn_->Run("SELECT max(fired_at) FROM digest_runs WHERE name = $1", &r, name);
  *at = s.ok() && !r.empty() ? PgOptionalMoment(r[0][0]) : std::nullopt;
  return s;
}

Status PostgresStore::RecordDigestRun(const std::string& name, Timestamp at) {
  return conn_->Run(
      "INSERT INTO digest_runs (name, fired_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", nullptr,
      name, PgSeconds(at));
}

}  // namespace fristvakt
