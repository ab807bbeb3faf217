#ifndef FRISTVAKT_DB_ANSWER_STORE_H_
#define FRISTVAKT_DB_ANSWER_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/dates.h"
#include "rules/status.h"

namespace fristvakt {

// A link a notice carries (docs/answers.md): a capability for one measure and one holder, kept
// as the SHA-256 of its random part, never the part itself.
struct AnswerLink {
  std::string page;     // "svar" (a unit answers) or "godkjenn" (approvers decide a request)
  std::string measure;  // the measure it reaches, and no other
  std::string holder;   // the unit that answers, or the approving group
  int64_t request = 0;  // for "godkjenn": the deadline request it decides
  Timestamp created_at;
  Timestamp expires_at;
};

// A unit's request for a new deadline, waiting for the approvers (answers.deadline_moves:
// request) or decided.
struct DeadlineRequest {
  int64_t id = 0;
  std::string measure;
  std::string unit;  // who asked
  Date old_deadline;
  Date new_deadline;
  std::string reason;
  Timestamp requested_at;
  std::string state = "pending";  // pending, approved, rejected, replaced
  std::string decided_by;         // the group, for approved and rejected
  std::optional<Timestamp> decided_at;
  std::string note;  // the approvers' note with their decision
};

// Answer links and deadline requests. Abstract so that more than one database can hold them;
// the SQLite one is SqliteStore. Used by one thread at a time.
class AnswerStore {
 public:
  AnswerStore() = default;
  AnswerStore(const AnswerStore&) = delete;
  AnswerStore& operator=(const AnswerStore&) = delete;
  virtual ~AnswerStore() = default;

  // Stores a link under `hash`.
  virtual Status CreateLink(const std::string& hash, const AnswerLink& link) = 0;
  // The link with this hash, whether or not it has expired; nothing when there is none.
  virtual Status FindLink(const std::string& hash, std::optional<AnswerLink>* out) = 0;
  // Forgets links that expired before `before`.
  virtual Status ForgetExpiredLinks(Timestamp before, int* count) = 0;

  // Records a pending request; a pending one of the same measure becomes "replaced". `r->id`
  // gets the new id. REQUIRES: inside a transaction.
  virtual Status AddDeadlineRequest(DeadlineRequest* r) = 0;
  virtual Status GetDeadlineRequest(int64_t id, std::optional<DeadlineRequest>* out) = 0;
  // The measure's pending request, if any.
  virtual Status PendingRequestFor(std::string_view measure,
                                   std::optional<DeadlineRequest>* out) = 0;
  // Every pending request, oldest first.
  virtual Status PendingRequests(std::vector<DeadlineRequest>* out) = 0;
  // Records the decision of a pending request; `decided` is false when it was no longer
  // pending. REQUIRES: inside a transaction.
  virtual Status DecideDeadlineRequest(int64_t id, const std::string& state, const std::string& by,
                                       const std::string& note, Timestamp at, bool* decided) = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_ANSWER_STORE_H_
