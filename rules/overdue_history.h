#ifndef FRISTVAKT_RULES_OVERDUE_HISTORY_H_
#define FRISTVAKT_RULES_OVERDUE_HISTORY_H_

#include <optional>
#include <vector>

#include "rules/calendar.h"
#include "rules/model.h"

// How many measures were overdue, week by week: the dashboard's chart of the last year. A
// measure's past is its present with its later changes undone, so only the changes since the
// first week counted are needed. "Overdue" is rules/classify.h's. Pure.
namespace fristvakt {

// A change of a measure's deadline or status, with the value it had before.
struct PastChange {
  Timestamp at;
  std::optional<Date> old_deadline;
  std::optional<MeasureStatus> old_status;
};

// A measure as it is now, with what it takes to see it as it was.
struct MeasureHistory {
  Measure measure;
  // When it became known (created or imported); nothing: before any moment asked about.
  std::optional<Timestamp> known_since;
  // Its deadline and status changes from some moment on, oldest first.
  std::vector<PastChange> changes;
};

// The measure as it stood at `t` (changes at `t` included); nothing when it was not yet known.
// REQUIRES: `h.changes` holds every change after `t`.
std::optional<Measure> MeasureAsOf(const MeasureHistory& h, Timestamp t);

struct WeekCount {
  Date last_day;  // the week's Sunday; today for the week not yet over
  int overdue = 0;
};

// For each of the `weeks` weeks up to and including today's (Monday to Sunday), how many
// measures were overdue on the week's last day as they stood at its end (today as they stand
// now), oldest first. REQUIRES: each history holds every change since the first week's Monday.
std::vector<WeekCount> OverdueByWeek(const std::vector<MeasureHistory>& histories, Timestamp now,
                                     int weeks, const Calendar& calendar,
                                     const date::time_zone* zone);

// The Monday the counting of `weeks` weeks up to `today` starts on: the changes a history
// needs are those after it.
Date FirstCountedDay(Date today, int weeks);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_OVERDUE_HISTORY_H_
