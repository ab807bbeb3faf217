#ifndef FRISTVAKT_DAEMON_SERVICE_DAEMON_LOCK_H_
#define FRISTVAKT_DAEMON_SERVICE_DAEMON_LOCK_H_

#include <memory>
#include <string>

#include "rules/status.h"

// One daemon per database: two would send everything twice. The lock is an exclusive flock on
// the database file itself, so every path that reaches the file (a symlink, a bind mount, a
// relative path) meets the same lock. flock locks are apart from the POSIX locks SQLite takes
// on the same file, and end with the process, however it ends. For SQLite: on PostgreSQL
// several daemons may run, and the lease in the database (daemon/service/lease_keeper.h)
// chooses the one that sends.
namespace fristvakt {

class DaemonLock {
 public:
  // Takes the lock. Unavailable when another daemon holds it, or, with the system's reason,
  // when the file cannot be opened to take it.
  static Status Acquire(const std::string& database_path, std::unique_ptr<DaemonLock>* out);
  // Whether a daemon holds the lock on this database now (for `status`).
  static bool IsHeld(const std::string& database_path);

  ~DaemonLock();
  DaemonLock(const DaemonLock&) = delete;
  DaemonLock& operator=(const DaemonLock&) = delete;

 private:
  explicit DaemonLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_DAEMON_LOCK_H_
