#ifndef FRISTVAKT_DB_ANSWERS_H_
#define FRISTVAKT_DB_ANSWERS_H_

#include <map>
#include <optional>
#include <string>

#include "db/store.h"
#include "rules/config.h"

// The units' answers and the approvers' decisions, as the pages behind notice links record them
// (docs/answers.md). One home for what an answer may change, so the page only shows and asks.
namespace fristvakt {

// The random part of a new link, to put in a URL; only its hash (HashLink) is stored.
std::string NewLinkSecret();
std::string HashLink(const std::string& secret);

// Issues a link to `page` ("svar" or "godkjenn") for one measure and one holder, valid for
// answers.link_valid from `now`, and returns its URL under `public_url`. REQUIRES: a
// transaction is open or the caller accepts a write of its own.
Status IssueLink(Store* store, const Config& config, const std::string& page,
                 const std::string& measure, const std::string& holder, int64_t request,
                 Timestamp now, std::string* url);

// The link a page was opened with, if it exists, has not expired and is for `page`; an expired,
// unknown or malformed one is nothing, alike.
Status FindLiveLink(Store* store, const std::string& page, const std::string& secret, Timestamp now,
                    std::optional<AnswerLink>* out);

// What the answer form holds; an empty field leaves its value unchanged.
struct AnswerForm {
  std::string status;  // planned, in_progress, done, cancelled
  std::string progress;
  std::string comment;
  std::string ack_until;  // yyyy-mm-dd
  std::string ack_note;
  std::string new_deadline;  // yyyy-mm-dd
  std::string reason;
};

// What an answer did, or why not.
struct AnswerOutcome {
  std::map<std::string, std::string> errors;  // by form field: nothing was recorded
  int changes = 0;                            // events about the measure itself
  bool acknowledged = false;
  bool requested = false;  // a deadline request now waits for the approvers
  bool moved = false;      // the deadline moved at once (deadline_moves: direct)
};

// The actor recorded for what a link's holder does: "hbo (via link)".
std::string LinkActor(const std::string& holder);

// Records a unit's answer through its link, all of it or nothing, in one transaction with its
// events. Invalid fields are in `out->errors`, and then nothing is written.
Status RecordAnswer(Store* store, const Config& config, const AnswerLink& link,
                    const AnswerForm& form, Timestamp now, AnswerOutcome* out);

// Records the approvers' decision on the request a "godkjenn" link names: "approve" moves the
// deadline (event deadline_moved with the unit's reason) and records deadline_move_approved;
// "reject" records deadline_move_rejected. `decided` is false when the request was no longer
// pending; a decision other than the two is BadInput.
Status DecideRequest(Store* store, const Config& config, const AnswerLink& link,
                     const std::string& decision, const std::string& note, Timestamp now,
                     bool* decided);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_ANSWERS_H_
