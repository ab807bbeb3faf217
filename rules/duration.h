#ifndef FRISTVAKT_RULES_DURATION_H_
#define FRISTVAKT_RULES_DURATION_H_

#include <optional>
#include <string>
#include <string_view>

namespace fristvakt {

// A whole number of days, weeks or working days, as written in rule and configuration files:
// "14d", "2w", "10wd" (docs/rules.md).
struct Duration {
  enum class Unit { kDays, kWeeks, kWorkingDays };

  int count = 0;
  Unit unit = Unit::kDays;

  // Calendar days, for days and weeks. REQUIRES: unit != kWorkingDays.
  int CalendarDays() const { return unit == Unit::kWeeks ? count * 7 : count; }
  std::string ToString() const;
  bool operator==(const Duration&) const = default;
};

// Nothing for anything but digits followed by d, w or wd.
std::optional<Duration> ParseDuration(std::string_view text);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_DURATION_H_
