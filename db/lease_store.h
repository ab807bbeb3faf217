#ifndef FRISTVAKT_DB_LEASE_STORE_H_
#define FRISTVAKT_DB_LEASE_STORE_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "rules/dates.h"
#include "rules/status.h"

namespace fristvakt {

// A daemon that holds, or asks for, the lease.
struct DaemonLease {
  std::string holder;  // unique to one daemon process: its host, pid and a random part
  std::string host;
  int64_t pid = 0;
  Timestamp since{};  // when it became the active one (set by the database)
};

// Which daemon is the active one, where several run on one database for high availability
// (PostgreSQL, SPEC §10): a lease in the database, taken for a time on the database's own clock
// and renewed well before it runs out. The others wait as standbys and take it once it has run
// out or was given up. SQLite holds no lease: one daemon per file, which it flocks
// (daemon/service/daemon_lock.h). Used by one thread at a time.
class LeaseStore {
 public:
  LeaseStore() = default;
  LeaseStore(const LeaseStore&) = delete;
  LeaseStore& operator=(const LeaseStore&) = delete;
  virtual ~LeaseStore() = default;

  // Whether this database holds the lease. When false, the other methods do nothing.
  virtual bool HoldsLease() const = 0;
  // Takes the lease for `me` for `ttl` when no daemon holds it, or its holder's ran out (or is
  // `me` already). `taken` false when another daemon holds it. From then on this store marks a
  // notice "sending" only while the lease is still `me`'s and has not run out, in the same
  // statement: a daemon that lost it starts no send (MarkSending then fails as Unavailable).
  virtual Status TakeLease(const DaemonLease& me, std::chrono::seconds ttl, bool* taken) = 0;
  // Extends `holder`'s lease to `ttl` from now. `held` false when the lease is not `holder`'s
  // any more: another daemon took it after it ran out.
  virtual Status RenewLease(const std::string& holder, std::chrono::seconds ttl, bool* held) = 0;
  // Gives the lease up at once, so that a standby takes over without waiting for it to run out.
  // Nothing when it is not `holder`'s.
  virtual Status ReleaseLease(const std::string& holder) = 0;
  // The daemon whose lease has not run out; none when no daemon is active.
  virtual Status ActiveDaemon(std::optional<DaemonLease>* out) = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_LEASE_STORE_H_
