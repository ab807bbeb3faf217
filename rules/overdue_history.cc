#include "rules/overdue_history.h"

#include <algorithm>

#include "rules/classify.h"

namespace fristvakt {
namespace {

// The Monday of the week `d` is in.
Date MondayOf(Date d) {
  const date::weekday wd{d};
  return d - date::days((wd.c_encoding() + 6) % 7);
}

}  // namespace

std::optional<Measure> MeasureAsOf(const MeasureHistory& h, Timestamp t) {
  if (h.known_since && *h.known_since > t) return std::nullopt;
  Measure m = h.measure;
  bool deadline_found = false;
  bool status_found = false;
  // The first change after `t` holds the value before it, which is the value at `t`.
  for (const PastChange& c : h.changes) {
    if (c.at <= t) continue;
    if (c.old_deadline && !deadline_found) {
      m.deadline = *c.old_deadline;
      deadline_found = true;
    }
    if (c.old_status && !status_found) {
      m.status = *c.old_status;
      status_found = true;
    }
    if (deadline_found && status_found) break;
  }
  return m;
}

Date FirstCountedDay(Date today, int weeks) {
  return MondayOf(today) - date::days(7 * (std::max(weeks, 1) - 1));
}

std::vector<WeekCount> OverdueByWeek(const std::vector<MeasureHistory>& histories, Timestamp now,
                                     int weeks, const Calendar& calendar,
                                     const date::time_zone* zone) {
  const Date today = LocalDate(now, zone);
  std::vector<WeekCount> out;
  for (Date monday = FirstCountedDay(today, weeks); monday <= today; monday += date::days(7)) {
    const Date sunday = monday + date::days(6);
    const Date last_day = std::min(sunday, today);
    // The end of the week's last day; the week not yet over counts as it stands now.
    const Timestamp end =
        sunday < today ? LocalMoment(sunday + date::days(1), {}, zone) - std::chrono::seconds(1)
                       : now;
    const Classifier classifier(last_day, kDefaultThresholds, calendar, zone);
    WeekCount week{last_day, 0};
    for (const MeasureHistory& h : histories) {
      std::optional<Measure> m = MeasureAsOf(h, end);
      if (m && classifier.Classify(*m).standing == Standing::kOverdue) ++week.overdue;
    }
    out.push_back(week);
  }
  return out;
}

}  // namespace fristvakt
