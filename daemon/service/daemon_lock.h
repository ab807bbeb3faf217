#ifndef FRISTVAKT_DAEMON_SERVICE_DAEMON_LOCK_H_
#define FRISTVAKT_DAEMON_SERVICE_DAEMON_LOCK_H_

#include <memory>
#include <string>

#include "db/store.h"
#include "rules/status.h"

// One daemon per database: two would send everything twice. The lock is an exclusive flock on
// the database file itself, so every path that reaches the file (a symlink, a bind mount, a
// relative path) meets the same lock. flock locks are apart from the POSIX locks SQLite takes
// on the same file, and end with the process, however it ends. A database that holds the lock
// itself (PostgreSQL: Store::TakeDaemonLock) holds it instead.
namespace fristvakt {

class DaemonLock {
 public:
  // Takes the lock. Unavailable when another daemon holds it, or, with the system's reason,
  // when the file cannot be opened to take it.
  // `store` is the daemon's own, open on `database_path`, and outlives the lock.
  static Status Acquire(const std::string& database_path, Store& store,
                        std::unique_ptr<DaemonLock>* out);
  // Whether a daemon holds the lock on this database now (for `status`).
  static bool IsHeld(const std::string& database_path, Store& store);

  ~DaemonLock();
  DaemonLock(const DaemonLock&) = delete;
  DaemonLock& operator=(const DaemonLock&) = delete;

 private:
  explicit DaemonLock(int fd) : fd_(fd) {}
  int fd_;  // -1 when the database holds the lock
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_DAEMON_LOCK_H_
