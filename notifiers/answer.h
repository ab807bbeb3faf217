#ifndef FRISTVAKT_NOTIFIERS_ANSWER_H_
#define FRISTVAKT_NOTIFIERS_ANSWER_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/model.h"
#include "rules/unit_answer.h"
#include "rules/units.h"

// The unit's answer (rules/unit_answer.h) in notices: its fields in a measure's JSON, as a
// notice's payload and the `json` webhook carry them (docs/messages.md), and its wording, the
// one that mails, cards and the dashboard share.
namespace fristvakt {

// Adds the answer's fields to a measure's JSON object: comment_by, comment_at (null when the
// events do not tell), acknowledgement (null or {at, by, unit, until, note}), deadline_moves
// ([{at, by, old, new, reason}]) and pending_request (null or {at, by, new_deadline, reason}).
// `comment` is the measure's own field.
void AddAnswerJson(const UnitAnswer& answer, const date::time_zone* zone, nlohmann::json* measure);
// Reads them back; fields that are missing or malformed are left out.
UnitAnswer AnswerFromJson(const nlohmann::json& measure, const date::time_zone* zone);

// One line of the answer as a person reads it: "Kommentar" and "«Forsinket pga.
// anbudsprosess» (Hjemmebasert omsorg, 02.03.2026)".
struct AnswerLine {
  std::string label;
  std::string text;
};

// The answer in `lang`, a line for the comment, the acknowledgement, the pending request and
// each deadline move, in that order; none when there is nothing to show. Names of units come
// from `directory`. Line breaks in input become spaces.
std::vector<AnswerLine> AnswerLines(const UnitAnswer& answer, Language lang,
                                    const Directory& directory, const date::time_zone* zone);

// Who gave an acknowledgement: the unit's name, or the administrator's actor.
std::string AcknowledgedBy(const RunningAcknowledgement& ack, Language lang,
                           const Directory& directory);

// Who did something, as a person reads it: a unit's name, a token's name, "the command line".
std::string ActorLabel(const std::string& actor, Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_ANSWER_H_
