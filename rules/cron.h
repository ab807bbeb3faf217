#ifndef FRISTVAKT_RULES_CRON_H_
#define FRISTVAKT_RULES_CRON_H_

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "rules/dates.h"

// Cron schedules: when a periodic job is due, in local wall-clock time.
namespace fristvakt {

// A standard 5-field cron expression (minute hour day-of-month month day-of-week), read with
// Vixie cron's rules. Immutable; safe to share.
class CronExpression {
 public:
  // Nothing for a malformed expression; `error` (not null) then says what is wrong, e.g.
  // "field 2 (hour): 24 is out of range 0-23".
  static std::optional<CronExpression> Parse(std::string_view text, std::string* error);

  // Whether the local minute `t` matches (seconds ignored).
  bool Matches(date::local_seconds t) const;
  // The first matching local minute strictly after `after`; nothing if none within 5 years.
  std::optional<date::local_seconds> NextAfter(date::local_seconds after) const;
  const std::string& text() const { return text_; }

 private:
  CronExpression() = default;

  bool DayMatches(const date::year_month_day& ymd) const;
  // The first matching minute of the day at or after `from` (minutes after midnight).
  std::optional<std::chrono::minutes> FirstTimeFrom(std::chrono::minutes from) const;

  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // index 1-31
  std::bitset<13> months_;         // index 1-12
  std::bitset<8> days_of_week_;    // Sunday is 0; 7 is folded into 0
  // Vixie cron's day rule turns on whether the day fields were written starting with '*'.
  bool day_of_month_star_ = false;
  bool day_of_week_star_ = false;
};

// The first moment strictly after `after` at which the expression fires in `zone`. A local time
// that a DST change skips fires at the moment the clocks jump (e.g. 02:30 on the spring-forward
// day in Europe/Oslo fires at 03:00 local = 01:00 UTC); a local time that happens twice fires
// once, at the earlier of the two.
std::optional<Timestamp> NextFire(const CronExpression& cron, Timestamp after,
                                  const date::time_zone* zone);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_CRON_H_
