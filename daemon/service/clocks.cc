#include "daemon/service/clocks.h"

namespace fristvakt {

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

AcceleratedClock::AcceleratedClock(Timestamp start, double speed)
    : start_(start), real_start_(std::chrono::steady_clock::now()), speed_(speed) {}

Timestamp AcceleratedClock::Now() const {
  const std::chrono::duration<double> real = std::chrono::steady_clock::now() - real_start_;
  return start_ + std::chrono::seconds(static_cast<int64_t>(real.count() * speed_));
}

std::chrono::nanoseconds AcceleratedClock::RealDelay(std::chrono::nanoseconds d) const {
  return std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(d.count()) / speed_));
}

}  // namespace fristvakt
