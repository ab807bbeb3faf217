#ifndef FRISTVAKT_DAEMON_SERVICE_WALL_TIMER_H_
#define FRISTVAKT_DAEMON_SERVICE_WALL_TIMER_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>

#include "rules/clock.h"

namespace fristvakt {

// A timer on the wall clock (Linux timerfd, CLOCK_REALTIME, watched by Asio). It fires at a
// moment of wall time, however long the machine was suspended, and at once, with
// `clock_changed`, when the clock is set (an NTP step), so that the caller can plan again
// instead of waking late or twice. Owned and used by the io_context's thread.
class WallTimer {
 public:
  using Handler = std::function<void(bool clock_changed)>;

  explicit WallTimer(boost::asio::io_context& io);
  ~WallTimer();
  WallTimer(const WallTimer&) = delete;
  WallTimer& operator=(const WallTimer&) = delete;

  // Fires `handler` at `clock`'s moment `at`; replaces any earlier arming. With a clock that is
  // not the system's (a test's), the wait is the difference from the clock's now.
  void ArmAt(Timestamp at, const Clock& clock, Handler handler);
  void Cancel();

 private:
  void Wait();

  boost::asio::posix::stream_descriptor descriptor_;
  Handler handler_;
  unsigned generation_ = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_WALL_TIMER_H_
