#ifndef FRISTVAKT_DB_CHANGE_EVENTS_H_
#define FRISTVAKT_DB_CHANGE_EVENTS_H_

#include <string>
#include <vector>

#include "db/measure_store.h"

namespace fristvakt {

// The events that record a measure going from `before` to `after` (docs/api.md, "Events"):
// `deadline_moved` with `reason`, `status_changed`, and `updated` with the other fields that
// changed as [old, new] (or only `updated_at`, when nothing else did). Empty when nothing
// changed. What every store's SaveChange writes. Sequence numbers are left 0.
std::vector<Event> ChangeEvents(const Measure& before, const Measure& after, Timestamp now,
                                const std::string& actor, const std::string& reason);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_CHANGE_EVENTS_H_
