// The active daemon's lease (LeaseStore) in PostgreSQL: one row, its moments in seconds on the
// database's own clock, so that the daemons' clocks need not agree.
#include "db/postgres/postgres_store.h"

namespace fristvakt {
namespace {

// Now on the database's clock, in seconds with fractions (the transaction's start would be
// too early for a statement that waited on a lock).
constexpr const char* kNow = "extract(epoch FROM clock_timestamp())";

}  // namespace

Status PostgresStore::TakeLease(const DaemonLease& me, std::chrono::seconds ttl, bool* taken) {
  pqxx::result r;
  Status s = conn_->Run(
      std::string("INSERT INTO daemon_lease AS l (id, holder, host, pid, since, expires) "
                  "VALUES (1, $1, $2, $3, floor(") +
          kNow + "), " + kNow +
          " + $4) "
          "ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, host = excluded.host, "
          "pid = excluded.pid, expires = excluded.expires, "
          "since = CASE WHEN l.holder = excluded.holder THEN l.since ELSE excluded.since END "
          "WHERE l.holder = excluded.holder OR l.expires < " +
          kNow + " RETURNING holder",
      &r, me.holder, me.host, me.pid, static_cast<int64_t>(ttl.count()));
  *taken = s.ok() && r.size() == 1;
  if (*taken) fence_holder_ = me.holder;
  return s;
}

Status PostgresStore::RenewLease(const std::string& holder, std::chrono::seconds ttl, bool* held) {
  pqxx::result r;
  Status s = conn_->Run(
      std::string("UPDATE daemon_lease SET expires = ") + kNow + " + $2 WHERE holder = $1", &r,
      holder, static_cast<int64_t>(ttl.count()));
  *held = s.ok() && r.affected_rows() == 1;
  return s;
}

Status PostgresStore::ReleaseLease(const std::string& holder) {
  return conn_->Run("DELETE FROM daemon_lease WHERE holder = $1", nullptr, holder);
}

Status PostgresStore::ActiveDaemon(std::optional<DaemonLease>* out) {
  out->reset();
  pqxx::result r;
  Status s = conn_->Run(
      std::string("SELECT holder, host, pid, since FROM daemon_lease WHERE expires >= ") + kNow,
      &r);
  if (s.ok() && !r.empty()) {
    *out = DaemonLease{PgText(r[0][0]), PgText(r[0][1]), r[0][2].as<int64_t>(),
                       Timestamp{std::chrono::seconds(r[0][3].as<int64_t>())}};
  }
  return s;
}

Status PostgresStore::CheckFence() {
  if (fence_holder_.empty()) return Status::Ok();
  pqxx::result r;
  Status s =
      conn_->Run(std::string("SELECT 1 FROM daemon_lease WHERE holder = $1 AND expires >= ") + kNow,
                 &r, fence_holder_);
  if (s.ok() && r.empty()) {
    return Status::Unavailable("this daemon no longer holds the lease on the database");
  }
  return s;
}

}  // namespace fristvakt
