#ifndef FRISTVAKT_RULES_CLASSIFY_H_
#define FRISTVAKT_RULES_CLASSIFY_H_

#include "rules/calendar.h"
#include "rules/dates.h"
#include "rules/duration.h"
#include "rules/model.h"

// Where a measure stands on a day: the one meaning of "overdue", "due soon" and "stale" that the
// digests, the dashboard, the metrics, the API and `list` share (docs/rules.md, "Time" and
// "Digests"). Pure values and functions.
namespace fristvakt {

// A closed measure is done or cancelled; an open one (planned or in progress) is overdue, due
// soon or on track.
enum class Standing { kOnTrack, kDueSoon, kOverdue, kDone, kCancelled };

// How near a deadline is "soon" and how old an update is "stale".
struct Thresholds {
  // Open, with a deadline from today up to today + due_soon, both days included. A measure due
  // today is due soon, not overdue; it is overdue from the day after its deadline.
  Duration due_soon;
  // Open, and last updated (its local date) on or before today − stale_after.
  Duration stale_after;
};

// The thresholds where no digest gives its own: the dashboard, the metrics, the API's state
// filter, and a digest that sets neither.
inline constexpr Thresholds kDefaultThresholds{{14, Duration::Unit::kDays},
                                               {30, Duration::Unit::kDays}};

struct Classification {
  Standing standing = Standing::kOnTrack;
  bool stale = false;         // open and not updated for stale_after; apart from the standing
  int days_to_deadline = 0;   // negative once the deadline has passed
  int days_since_update = 0;  // from the local date of the last update
};

// The limits of the standings on one day, worked out once for every measure of a listing.
// Constant after construction; the calendar is used only while constructing.
class Classifier {
 public:
  Classifier(Date today, const Thresholds& thresholds, const Calendar& calendar,
             const date::time_zone* zone);

  Classification Classify(const Measure& m) const;
  Date today() const { return today_; }

 private:
  Date today_;
  Date due_until_;    // the last deadline that is due soon
  Date stale_until_;  // the last update date that is stale
  const date::time_zone* zone_;
};

// One measure on its own; a listing builds one Classifier instead.
Classification Classify(const Measure& m, Date today, const Thresholds& thresholds,
                        const Calendar& calendar, const date::time_zone* zone);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_CLASSIFY_H_
