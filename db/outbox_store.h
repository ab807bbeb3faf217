#ifndef FRISTVAKT_DB_OUTBOX_STORE_H_
#define FRISTVAKT_DB_OUTBOX_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/evaluate.h"
#include "rules/model.h"
#include "rules/status.h"

namespace fristvakt {

// One notification in the delivery queue (docs/messages.md, "Delivery").
struct OutboxEntry {
  std::string key;
  std::string kind;
  std::string measure_id;
  std::string rule;
  std::string recipient;
  std::string channel;
  std::string series;
  int occurrence = 1;
  Timestamp due_at;
  std::string state;  // queued, sending, sent, dead, dropped
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string last_error;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
  std::string payload;  // JSON
};

// The outbox in figures, for `fristvakt status`, the API and the metrics.
struct OutboxSummary {
  int64_t queued = 0;   // queued or being sent
  int64_t waiting = 0;  // of those, waiting for a retry
  int64_t dead = 0;
  std::optional<Timestamp> last_sent;
  std::string last_error;  // KEY: error, of the latest failure still queued or dead
};

// The outbox: one row per notification key, written by the scheduler and worked off by the
// dispatcher. A key once written stays (it is what makes a notice go out at most once); its
// state moves queued -> sending -> sent, back to queued for a retry, or to dead or dropped.
// Abstract so that more than one database can hold it; the SQLite one is SqliteStore. Used by
// one thread at a time.
class OutboxStore {
 public:
  OutboxStore() = default;
  OutboxStore(const OutboxStore&) = delete;
  OutboxStore& operator=(const OutboxStore&) = delete;
  virtual ~OutboxStore() = default;

  // --- What the scheduler decided ---
  // Writes notices to go out (queued, due at their `at`) and notices decided against (dropped,
  // with the reason, and no payload: they are never rendered). A key already present is left
  // as it is. REQUIRES: inside a transaction.
  virtual Status QueueNotices(const std::vector<Notice>& send, const std::vector<Notice>& drop,
                              const std::function<nlohmann::json(const Notice&)>& payload,
                              Timestamp now) = 0;
  // Drops queued time-rule notices of a measure whose series is no longer current: another
  // deadline or update date, or a measure that is no longer open. `dropped` may be null.
  virtual Status DropSuperseded(const Measure& m, const date::time_zone* zone, Timestamp now,
                                int* dropped) = 0;
  // Drops queued notices of a measure from the named rules to `recipient` (empty: to anyone),
  // with `reason`. `dropped` may be null.
  virtual Status DropQueued(const std::string& measure_id, const std::vector<std::string>& rules,
                            const std::string& recipient, const std::string& reason, Timestamp now,
                            int* dropped) = 0;
  // The occurrences (key prefixes MEASURE/RULE/SERIES/K/) already sent, queued or dropped.
  virtual Status HandledOccurrences(std::string_view measure_id, std::set<std::string>* out) = 0;
  virtual Status AllHandledOccurrences(std::map<std::string, std::set<std::string>>* out) = 0;
  // Those of the measures with ids from `first` to `last`.
  virtual Status HandledOccurrencesBetween(std::string_view first, std::string_view last,
                                           std::map<std::string, std::set<std::string>>* out) = 0;
  // Those of the measures `ids`.
  virtual Status HandledOccurrencesOf(const std::vector<std::string>& ids,
                                      std::map<std::string, std::set<std::string>>* out) = 0;

  // --- Delivery ---
  // Queued notices due at or before `now`, oldest first, after (`after_at`, `after_key`) in
  // that order: pages that stay put while rows leave the queue.
  virtual Status DueOutbox(Timestamp now, Timestamp after_at, const std::string& after_key,
                           int limit, std::vector<OutboxEntry>* out) = 0;
  // The earliest next attempt of a queued notice.
  virtual Status NextAttempt(std::optional<Timestamp>* at) = 0;
  // False in `marked` when the notice is no longer queued (dropped meanwhile).
  virtual Status MarkSending(const std::string& key, bool* marked) = 0;
  virtual Status MarkSent(const std::string& key, Timestamp at) = 0;
  // MarkSending for many notices in one statement: those of `keys` still queued become
  // "sending" with one more attempt each; `marked` gets exactly those keys (in any order).
  // A key no longer queued (dropped, dead or sent meanwhile) or unknown is left as it is and
  // left out of `marked`. Duplicate keys count once. An empty `keys` does nothing.
  virtual Status MarkSendingMany(const std::vector<std::string>& keys,
                                 std::vector<std::string>* marked) = 0;
  // MarkSent for many notices in one statement: each (key, at) becomes "sent" at its `at`,
  // with no last error, whatever its state (as MarkSent). Unknown keys are ignored.
  virtual Status MarkSentMany(const std::vector<std::pair<std::string, Timestamp>>& sent) = 0;
  // Back in the queue after a failure, to be tried at `next`; only one being sent.
  virtual Status Reschedule(const std::string& key, Timestamp next, const std::string& error) = 0;
  // Undoes MarkSending of a notice never handed to a transport: back in the queue as it was,
  // the attempt not counted, its last error kept. Only one being sent, and, on a store fenced by
  // a lease (as MarkSending), only while the lease is current: Unavailable when it is not and
  // nothing changed.
  virtual Status Unmark(const std::string& key) = 0;
  // A notice dropped while it was in flight stays dropped.
  virtual Status MarkDead(const std::string& key, const std::string& error) = 0;
  // Notices left "sending" by a crash go back to the queue: sent again, at least once.
  virtual Status RequeueInFlight(int* count) = 0;
  // Empties the payload of notices sent or dropped before `before`: the key stays (it is what
  // makes a notice go out at most once), the message it was built from goes. `count` gets how
  // many. Dead notices keep theirs for `outbox retry`.
  virtual Status ForgetOldPayloads(Timestamp before, int* count) = 0;

  // --- Looking at it ---
  // Every notice of one measure, by due time.
  virtual Status OutboxFor(std::string_view measure_id, std::vector<OutboxEntry>* out) = 0;
  // Listing for `fristvakt outbox`: state "queue" (queued and sending), "failed" (queued after
  // a failure) or "dead".
  virtual Status ListOutbox(const std::string& which, std::vector<OutboxEntry>* out) = 0;
  // A dead notice (or every one, with an empty key) back in the queue, due now.
  virtual Status RetryDead(const std::string& key, Timestamp now, int* count) = 0;
  virtual Status Summarize(OutboxSummary* out) = 0;
  // When the oldest notification still queued was due.
  virtual Status OldestQueued(std::optional<Timestamp>* at) = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_OUTBOX_STORE_H_
