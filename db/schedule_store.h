#ifndef FRISTVAKT_DB_SCHEDULE_STORE_H_
#define FRISTVAKT_DB_SCHEDULE_STORE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/model.h"
#include "rules/status.h"

namespace fristvakt {

// One measure's next moment; nothing: it has none.
struct NextEvaluation {
  std::string measure_id;
  std::optional<Timestamp> at;
};

// The persisted schedule: for each measure, the next moment it needs evaluating (Evaluation::next),
// so that a start reads only what is due instead of evaluating every measure. A measure with no
// next moment (closed, or every rule done with it) has no entry. Entries go with their measure.
// The scheduler writes them in the same transaction as the notices and the event watermark that
// the evaluation moved. What the moments were derived from is kept in the state
// (rules/schedule_fingerprint.h). Abstract so that more than one database can hold it; the
// SQLite one is SqliteStore. Used by one thread at a time.
class ScheduleStore {
 public:
  ScheduleStore() = default;
  ScheduleStore(const ScheduleStore&) = delete;
  ScheduleStore& operator=(const ScheduleStore&) = delete;
  virtual ~ScheduleStore() = default;

  // Sets measure `measure_id`'s next moment, replacing any; nothing removes its entry.
  // REQUIRES: inside a transaction; the measure exists when `at` is given.
  virtual Status SetNextEvaluation(std::string_view measure_id, std::optional<Timestamp> at) = 0;
  // The same for many measures at once (a page of a first start or a reload), in one statement
  // where that saves round trips. REQUIRES: inside a transaction; each measure at most once, and
  // existing when its moment is given.
  virtual Status SetNextEvaluations(const std::vector<NextEvaluation>& entries) = 0;
  // Removes every entry, before every open measure's is written again (a first start, the clock
  // set back, a change to what every area shares, StartMode::kEvaluateAll, simulate). The store
  // may put off the upkeep of its indexes until EndScheduleRewrite. REQUIRES: inside a
  // transaction, which calls EndScheduleRewrite before it commits and reads no moments between.
  virtual Status BeginScheduleRewrite() = 0;
  virtual Status EndScheduleRewrite() = 0;
  // At most `limit` ids of measures whose next moment is at or before `now`, earliest moment
  // first, then by id.
  virtual Status DueMeasures(Timestamp now, int limit, std::vector<std::string>* out) = 0;
  // The earliest next moment of any measure; nothing when there are no entries.
  virtual Status EarliestEvaluation(std::optional<Timestamp>* at) = 0;
  // At most `limit` open measures (IsOpen: the only ones time rules give notices) with an id
  // after `after_id`, ordered by id, of the focus area `area` (its id, exactly) or, when it is
  // empty, of every area: the measures to evaluate at a first start or when an area's rules
  // changed, a page at a time. They replace what `out` held, in the same objects where it held
  // some: a reader of a million measures a page at a time does not make each anew.
  virtual Status OpenMeasuresAfter(std::string_view area, std::string_view after_id, int limit,
                                   std::vector<Measure>* out) = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_SCHEDULE_STORE_H_
