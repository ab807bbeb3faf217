#ifndef FRISTVAKT_DAEMON_SERVICE_CHANGE_WATCHER_H_
#define FRISTVAKT_DAEMON_SERVICE_CHANGE_WATCHER_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>

#include "db/sqlite/database.h"

namespace fristvakt {

// Notices when another process (`set`, `ack`, `import`, `outbox retry`) has committed to the
// database, without rescanning anything: inotify on the database's folder wakes it when the
// file or its WAL is written, and PRAGMA data_version says whether the commit was another
// connection's. Where inotify cannot be had, it looks once a second instead.
// Owned and used by the io_context's thread.
class ChangeWatcher {
 public:
  // `db` outlives the watcher. `on_change` runs on the io_context after each outside commit.
  ChangeWatcher(boost::asio::io_context& io, Database& db, std::function<void()> on_change);
  ~ChangeWatcher();
  ChangeWatcher(const ChangeWatcher&) = delete;
  ChangeWatcher& operator=(const ChangeWatcher&) = delete;

  void Start();
  void Stop();

 private:
  void WaitForEvent();
  void Check();
  // Runs Check after `delay`, once however often asked meanwhile.
  void CheckAfter(std::chrono::milliseconds delay);
  int64_t DataVersion();

  boost::asio::io_context& io_;
  Database& db_;
  std::function<void()> on_change_;
  std::string file_name_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> inotify_;
  boost::asio::steady_timer timer_;
  bool check_pending_ = false;
  bool stopped_ = false;
  int64_t version_ = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_CHANGE_WATCHER_H_
