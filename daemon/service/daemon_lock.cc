#include "daemon/service/daemon_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fristvakt {

Status DaemonLock::Acquire(const std::string& database_path, std::unique_ptr<DaemonLock>* out) {
  const int fd = open(database_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Unavailable("cannot open " + database_path +
                               " to lock it for this daemon: " + std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(fd);
    if (error == EWOULDBLOCK) {
      return Status::Unavailable("another fristvakt daemon is running on " + database_path);
    }
    return Status::Unavailable("cannot lock " + database_path +
                               " for this daemon: " + std::strerror(error));
  }
  out->reset(new DaemonLock(fd));
  return Status::Ok();
}

bool DaemonLock::IsHeld(const std::string& database_path) {
  const int fd = open(database_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close(fd);
  return held;
}

DaemonLock::~DaemonLock() { close(fd_); }

}  // namespace fristvakt
