#ifndef FRISTVAKT_RULES_UNIT_ANSWER_H_
#define FRISTVAKT_RULES_UNIT_ANSWER_H_

#include <optional>
#include <string>
#include <vector>

#include "rules/dates.h"

// What the leadership sees of a unit's answer to its measure (SPEC §9, "The leadership sees
// the answer"): the latest comment, a running acknowledgement, the deadline's moves with their
// reasons, and a pending deadline request. Escalations, digests and the dashboard show it.
// Pure values; db/measure_history.h reads them from the events and acknowledgements.
namespace fristvakt {

// One move of the deadline, as its deadline_moved event tells it.
struct DeadlineMove {
  Timestamp at;
  std::string actor;  // who: cli, import, api:TOKEN-NAME, ...
  Date from;
  Date to;
  std::string reason;

  bool operator==(const DeadlineMove&) const = default;
};

// The acknowledgement in force: it quiets reminders to the unit (or to everyone, when an
// administrator gave it), never the escalations.
struct RunningAcknowledgement {
  Timestamp at;
  std::string actor;
  std::string unit;           // the unit that gave it; empty: an administrator
  std::optional<Date> until;  // none: until the deadline or the status changes
  std::string note;

  bool operator==(const RunningAcknowledgement&) const = default;
};

// A unit's request for a new deadline that the approvers have not yet decided (SPEC §9,
// "Deadline requests"), read from the deadline_move_requested event that no decision has
// followed (AnswerFromEvents, db/measure_history.h).
struct PendingDeadlineRequest {
  Timestamp at;
  std::string actor;
  Date new_deadline;
  std::string reason;

  bool operator==(const PendingDeadlineRequest&) const = default;
};

struct UnitAnswer {
  std::string comment;  // the measure's comment as it is now
  // Who wrote it and when, when the events tell it (an `updated` event that set it, or the
  // `created` event of a measure that came with it).
  std::string comment_actor;
  std::optional<Timestamp> comment_at;
  std::optional<RunningAcknowledgement> acknowledgement;
  std::vector<DeadlineMove> moves;  // oldest first
  std::optional<PendingDeadlineRequest> pending_request;

  // Whether there is anything to show.
  bool empty() const {
    return comment.empty() && !acknowledgement && moves.empty() && !pending_request;
  }
  bool operator==(const UnitAnswer&) const = default;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_UNIT_ANSWER_H_
