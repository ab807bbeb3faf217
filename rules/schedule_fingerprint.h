#ifndef FRISTVAKT_RULES_SCHEDULE_FINGERPRINT_H_
#define FRISTVAKT_RULES_SCHEDULE_FINGERPRINT_H_

#include <map>
#include <optional>
#include <string>

#include "rules/config.h"

// What the persisted schedule's moments were derived from: a measure's next moment
// is a function of the measure, its acknowledgements, what was already sent, the time, and the
// parts of the configuration fingerprinted here. A change of a focus area's fingerprint means its
// measures need evaluating again; a change of the shared one means every measure does.
namespace fristvakt {

// Kept as the canonical JSON text of those parts, not a hash of it: compared exactly, and a few
// kilobytes at most.
struct ScheduleFingerprint {
  // The time zone, the calendar (working days, holidays, closed days, the sending window) and
  // the units and groups (a notice to a recipient that does not exist is not sent, so it is
  // still owed when the recipient appears).
  std::string shared;
  std::map<std::string, std::string> areas;  // area id -> its effective time and event rules

  bool operator==(const ScheduleFingerprint&) const = default;

  // A single line of text, and back; Parse gives nothing for anything else.
  std::string ToString() const;
  static std::optional<ScheduleFingerprint> Parse(const std::string& text);
};

ScheduleFingerprint FingerprintSchedule(const Config& config);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_SCHEDULE_FINGERPRINT_H_
