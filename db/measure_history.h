#ifndef FRISTVAKT_DB_MEASURE_HISTORY_H_
#define FRISTVAKT_DB_MEASURE_HISTORY_H_

#include <vector>

#include "db/measure_store.h"
#include "rules/digest.h"
#include "rules/overdue_history.h"
#include "rules/unit_answer.h"

// What a measure's events tell, read back as the values rules/ works with. The events are
// written here in db/ (SaveChange, InsertMeasure, Acknowledge), so their fields are read here
// too, and nowhere else.
namespace fristvakt {

// The unit's answer (rules/unit_answer.h) from one measure's events, oldest first, and its
// acknowledgements: the comment with who set it and when, the acknowledgement in force at
// `now` (local date `today`), every deadline move. Pure.
UnitAnswer AnswerFromEvents(const Measure& m, const std::vector<Event>& events,
                            const std::vector<Acknowledgement>& acks, Timestamp now, Date today);

// The same, read from the store.
Status ReadUnitAnswer(MeasureStore* store, const Measure& m, Timestamp now, Date today,
                      UnitAnswer* out);

// Every measure with its deadline and status changes after `since` and when it became known,
// for rules/overdue_history.h.
Status ReadMeasureHistories(MeasureStore* store, Timestamp since, std::vector<MeasureHistory>* out);

// What happened since `since` that a digest reports (rules/digest.h): deadline moves (and
// how many in all), measures done, measures cancelled.
Status ReadDigestHistory(MeasureStore* store, Timestamp since, DigestHistory* out);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_MEASURE_HISTORY_H_
