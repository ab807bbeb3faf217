#ifndef FRISTVAKT_DAEMON_SERVICE_EVENT_SEQ_WATCHER_H_
#define FRISTVAKT_DAEMON_SERVICE_EVENT_SEQ_WATCHER_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "db/store.h"

namespace fristvakt {

// Notices another process's changes in a database whose file cannot be watched (PostgreSQL):
// once a second it reads the highest event sequence number (Store::MaxEventSeq) and the earliest
// next attempt in the outbox (Store::NextAttempt), and calls `on_change` when either moved. Every
// change of a measure writes an event, so `set`, `ack`, `import` and answers are seen within a
// second; `outbox retry` and `digest` write no event but move the outbox's next attempt. The
// daemon's own changes are seen too, which costs one look at what changed. Owned and used by the
// io_context's thread.
class EventSeqWatcher {
 public:
  // `store` outlives the watcher.
  EventSeqWatcher(boost::asio::io_context& io, Store& store, std::function<void()> on_change,
                  std::chrono::milliseconds every = std::chrono::seconds(1));
  EventSeqWatcher(const EventSeqWatcher&) = delete;
  EventSeqWatcher& operator=(const EventSeqWatcher&) = delete;

  void Start();
  void Stop();

 private:
  // What was last read.
  struct Seen {
    int64_t seq = 0;
    std::optional<Timestamp> next_attempt;
    bool operator==(const Seen&) const = default;
  };

  void Arm();
  void Check();
  Status Read(Seen* out);

  Store& store_;
  std::function<void()> on_change_;
  std::chrono::milliseconds every_;
  boost::asio::steady_timer timer_;
  Seen seen_;
  bool stopped_ = false;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_EVENT_SEQ_WATCHER_H_
