#include "rules/classify.h"

namespace fristvakt {

Classifier::Classifier(Date today, const Thresholds& thresholds, const Calendar& calendar,
                       const date::time_zone* zone)
    : today_(today),
      due_until_(calendar.Add(today, thresholds.due_soon, 1)),
      stale_until_(calendar.Add(today, thresholds.stale_after, -1)),
      zone_(zone) {}

Classification Classifier::Classify(const Measure& m) const {
  Classification c;
  const Date updated = LocalDate(m.updated_at, zone_);
  c.days_to_deadline = static_cast<int>((m.deadline - today_).count());
  c.days_since_update = static_cast<int>((today_ - updated).count());
  if (m.status == MeasureStatus::kDone) {
    c.standing = Standing::kDone;
  } else if (m.status == MeasureStatus::kCancelled) {
    c.standing = Standing::kCancelled;
  } else if (m.deadline < today_) {
    c.standing = Standing::kOverdue;
  } else if (m.deadline <= due_until_) {
    c.standing = Standing::kDueSoon;
  } else {
    c.standing = Standing::kOnTrack;
  }
  c.stale = IsOpen(m.status) && updated <= stale_until_;
  return c;
}

Classification Classify(const Measure& m, Date today, const Thresholds& thresholds,
                        const Calendar& calendar, const date::time_zone* zone) {
  return Classifier(today, thresholds, calendar, zone).Classify(m);
}

}  // namespace fristvakt
