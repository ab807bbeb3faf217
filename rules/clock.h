#ifndef FRISTVAKT_RULES_CLOCK_H_
#define FRISTVAKT_RULES_CLOCK_H_

#include "rules/dates.h"

namespace fristvakt {

// Where "now" comes from. The daemon uses the system clock (daemon/service/clocks.h); tests and
// `simulate` a fixed one.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // How long to wait in real time for this clock to move on by `d`.
  virtual std::chrono::nanoseconds RealDelay(std::chrono::nanoseconds d) const { return d; }
};

// A clock that stands still until told to move. Not thread-safe.
class FixedClock : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }
  void Set(Timestamp now) { now_ = now; }
  void Advance(std::chrono::seconds by) { now_ += by; }

 private:
  Timestamp now_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_CLOCK_H_
