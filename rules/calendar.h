#ifndef FRISTVAKT_RULES_CALENDAR_H_
#define FRISTVAKT_RULES_CALENDAR_H_

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "rules/dates.h"
#include "rules/duration.h"
#include "rules/model.h"

// Working days: the configured weekdays, less Norwegian public holidays and closed days
// (docs/rules.md, "Time").
namespace fristvakt {

struct CalendarConfig {
  bool norwegian_holidays = true;
  std::array<bool, 7> workdays = {false, true, true, true, true, true, false};  // Sunday first
  std::vector<Date> closed;
  std::chrono::minutes send_time{8 * 60};
  std::chrono::minutes send_until{16 * 60};
};

// The weekday's name: "søndag", "måndag" (nn), "Sunday".
std::string WeekdayName(Date d, Language lang);

// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
Date EasterSunday(int year);

// The Norwegian public holiday on `d`, by its Norwegian name, if it is one.
std::optional<std::string> NorwegianHoliday(Date d);

// Immutable once built; safe to share between threads.
class Calendar {
 public:
  explicit Calendar(CalendarConfig config) : config_(std::move(config)) {}

  const CalendarConfig& config() const { return config_; }
  bool IsWorkingDay(Date d) const;
  // Why `d` is not a working day ("lørdag", "Kristi himmelfartsdag", "stengt"), or nothing.
  std::optional<std::string> WhyClosed(Date d, Language lang) const;

  // The n-th working day after `d` (n > 0) or before it (n < 0); `d` itself for 0.
  Date AddWorkingDays(Date d, int n) const;
  // `d` moved by a duration, forward (sign 1) or back (sign -1).
  Date Add(Date d, const Duration& by, int sign) const;
  Date NextWorkingDay(Date d) const;      // `d` or the first working day after it
  Date PreviousWorkingDay(Date d) const;  // `d` or the last working day before it

 private:
  CalendarConfig config_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_CALENDAR_H_
