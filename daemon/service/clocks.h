#ifndef FRISTVAKT_DAEMON_SERVICE_CLOCKS_H_
#define FRISTVAKT_DAEMON_SERVICE_CLOCKS_H_

#include <chrono>

#include "rules/clock.h"

// The clocks that read real time: the system's, and an accelerated one for soak runs.
namespace fristvakt {

// The wall clock, to the second.
class SystemClock : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that starts at a chosen moment and runs `speed` times faster than real time: for soak
// runs that live through months in minutes (FRISTVAKT_NOW with FRISTVAKT_SPEED).
class AcceleratedClock : public Clock {
 public:
  AcceleratedClock(Timestamp start, double speed);
  Timestamp Now() const override;
  std::chrono::nanoseconds RealDelay(std::chrono::nanoseconds d) const override;

 private:
  Timestamp start_;
  std::chrono::steady_clock::time_point real_start_;
  double speed_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_CLOCKS_H_
