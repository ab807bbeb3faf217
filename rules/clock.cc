#include "rules/clock.h"

namespace fristvakt {

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace fristvakt
