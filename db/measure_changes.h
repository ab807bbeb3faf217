#ifndef FRISTVAKT_DB_MEASURE_CHANGES_H_
#define FRISTVAKT_DB_MEASURE_CHANGES_H_

#include <optional>
#include <string>

#include "db/store.h"

// Changing a measure as a person asks for it, from the command line (`set`, `ack`) or the API
// (PATCH, POST .../ack): one code path, so both record the same events.
namespace fristvakt {

// Every field is optional and given as text; a new deadline needs a reason.
struct MeasureChange {
  std::optional<std::string> status;
  std::optional<std::string> progress;
  std::optional<std::string> deadline;
  std::optional<std::string> reason;
  std::optional<std::string> comment;
};

// `before` as `change` leaves it, validated, `updated_at` set to `now`; nothing is written. A
// bad value is BadInput whose message starts with the field's name.
Status BuildChange(const Measure& before, const MeasureChange& change, Timestamp now, Language lang,
                   Measure* out);

// Validates and applies the change in one transaction with its events, `updated_at` set to
// `now`. A bad value is BadInput whose message starts with the field's name ("progress: ...");
// an unknown id is NotFound. `events` gets how many events were written (0: nothing changed).
Status ChangeMeasure(Store* store, const std::string& id, const MeasureChange& change,
                     const std::string& actor, Timestamp now, Language lang, int* events);

// Who acknowledges, and so what the acknowledgement may do (docs/rules.md, "Acknowledgements").
struct AckScope {
  // Empty: an administrator (the command line, an admin token): it holds for every recipient,
  // and without `until` until the deadline or the status changes. A unit's id: it holds only
  // for notices to that unit, and reaches at most to `latest` (today + answers.ack_max), which
  // is also its end when no `until` is given.
  std::string unit;
  std::optional<Date> latest;
};

// The acknowledgement AcknowledgeMeasure would record, validated; nothing is written.
Status BuildAcknowledgement(Store* store, const Measure& m, const std::optional<std::string>& until,
                            const std::string& note, const std::string& actor,
                            const AckScope& scope, Timestamp now, Date today, Language lang,
                            Acknowledgement* out);

// Records an acknowledgement, `until` a date or none. `until` may not lie before `today`. A
// note left out carries over the note of the acknowledgement in force, so that a second one
// does not wipe what the first said.
Status AcknowledgeMeasure(Store* store, const std::string& id,
                          const std::optional<std::string>& until, const std::string& note,
                          const std::string& actor, const AckScope& scope, Timestamp now,
                          Date today, Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_MEASURE_CHANGES_H_
