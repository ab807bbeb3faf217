#ifndef FRISTVAKT_DB_STORE_H_
#define FRISTVAKT_DB_STORE_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/database.h"
#include "rules/evaluate.h"
#include "rules/model.h"
#include "rules/status.h"

// The store: measures, their history, the outbox and acknowledgements, in one SQLite file.
// Every change of a measure writes its events in the same transaction as the change.
namespace fristvakt {

// An append-only record of what happened (SPEC §1).
struct Event {
  int64_t seq = 0;
  Timestamp at;
  std::string measure_id;  // empty for events of the whole system
  std::string kind;        // created, updated, status_changed, deadline_moved, acknowledged, ...
  std::string actor;       // who: cli, import, api:TOKEN-NAME, daemon
  nlohmann::json data = nlohmann::json::object();
};

// One notification in the delivery queue (SPEC §4).
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

// An API token as stored: never the token itself, only its hash.
struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string scope;  // admin, read_only, unit
  std::string unit;   // for scope unit
  Timestamp created_at;
  std::optional<Timestamp> last_used;
  std::optional<Timestamp> revoked_at;
};

// Owned and used by one thread at a time; several processes may share the file.
class Store {
 public:
  // Opens the file and brings its schema up to date.
  static Status Open(const std::string& path, std::unique_ptr<Store>* out);
  // An in-memory copy of the file at `path`, brought up to date; the file is only read.
  static Status OpenCopy(const std::string& path, std::unique_ptr<Store>* out);
  explicit Store(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  Database& db() { return *db_; }

  Status GetMeasure(std::string_view id, std::optional<Measure>* out);
  // Every measure, ordered by id.
  Status AllMeasures(std::vector<Measure>* out);
  // At most `limit` measures with an id after `after_id`, ordered by id: a page at a time.
  Status MeasuresAfter(std::string_view after_id, int limit, std::vector<Measure>* out);

  // Adds a new measure and records `created` with `data`. REQUIRES: inside a transaction.
  Status InsertMeasure(const Measure& m, Timestamp now, const std::string& actor,
                       const nlohmann::json& data);
  // Writes `after` over `before` and records what changed: deadline_moved (old, new, `reason`),
  // status_changed (old, new), and updated (every other changed field, old and new). Adds
  // nothing when nothing changed. `events` (may be null) gets how many were written.
  // REQUIRES: inside a transaction; before.id == after.id.
  Status SaveChange(const Measure& before, const Measure& after, Timestamp now,
                    const std::string& actor, const std::string& reason, int* events);

  Status AppendEvent(Event* e);  // sets e->seq
  Status EventsFor(std::string_view measure_id, std::vector<Event>* out);
  // At most `limit` events with a sequence number above `after`, oldest first.
  Status EventsAfter(int64_t after, int limit, std::vector<Event>* out);

  // Records the acknowledgement and its event. REQUIRES: inside a transaction.
  Status Acknowledge(const Acknowledgement& ack);
  Status AcknowledgementsFor(std::string_view measure_id, std::vector<Acknowledgement>* out);

  Status AllAcknowledgements(std::map<std::string, std::vector<Acknowledgement>>* out);
  // Those of the measures with ids from `first` to `last`.
  Status AcknowledgementsBetween(std::string_view first, std::string_view last,
                                 std::map<std::string, std::vector<Acknowledgement>>* out);
  Status MaxEventSeq(int64_t* out);
  // Events of one kind after a moment, oldest first.
  Status EventsOfKindSince(std::string_view kind, Timestamp since, std::vector<Event>* out);

  // --- The outbox (store_outbox.cc) ---
  Status OutboxFor(std::string_view measure_id, std::vector<OutboxEntry>* out);
  // The occurrences (key prefixes MEASURE/RULE/SERIES/K/) already sent, queued or dropped.
  Status HandledOccurrences(std::string_view measure_id, std::set<std::string>* out);
  Status AllHandledOccurrences(std::map<std::string, std::set<std::string>>* out);
  // Those of the measures with ids from `first` to `last`.
  Status HandledOccurrencesBetween(std::string_view first, std::string_view last,
                                   std::map<std::string, std::set<std::string>>* out);
  // Writes notices to go out (queued, due at their `at`) and notices decided against (dropped,
  // with the reason, and no payload: they are never rendered). A key already present is left
  // as it is. REQUIRES: inside a transaction.
  Status QueueNotices(const std::vector<Notice>& send, const std::vector<Notice>& drop,
                      const std::function<nlohmann::json(const Notice&)>& payload, Timestamp now);
  // Drops queued time-rule notices of a measure whose series is no longer current: another
  // deadline or update date, or a measure that is no longer open.
  Status DropSuperseded(const Measure& m, const date::time_zone* zone, Timestamp now, int* dropped);
  // Drops queued notices of a measure from the named rules, with `reason`.
  Status DropQueued(const std::string& measure_id, const std::vector<std::string>& rules,
                    const std::string& reason, Timestamp now, int* dropped);
  // --- Delivery ---
  // Queued notices due at or before `now`, oldest first, after (`after_at`, `after_key`) in
  // that order: pages that stay put while rows leave the queue.
  Status DueOutbox(Timestamp now, Timestamp after_at, const std::string& after_key, int limit,
                   std::vector<OutboxEntry>* out);
  // The earliest next attempt of a queued notice.
  Status NextAttempt(std::optional<Timestamp>* at);
  // False in `marked` when the notice is no longer queued (dropped meanwhile).
  Status MarkSending(const std::string& key, bool* marked);
  Status MarkSent(const std::string& key, Timestamp at);
  // Empties the payload of notices sent or dropped before `before`: the key stays (it is what
  // makes a notice go out at most once), the message it was built from goes. `count` gets how
  // many. Dead notices keep theirs for `outbox retry`.
  Status ForgetOldPayloads(Timestamp before, int* count);
  Status Reschedule(const std::string& key, Timestamp next, const std::string& error);
  Status MarkDead(const std::string& key, const std::string& error);
  // Notices left "sending" by a crash go back to the queue: sent again, at least once.
  Status RequeueInFlight(int* count);
  // Listing for `fristvakt outbox`: state "queue" (queued and sending), "failed" (queued after
  // a failure) or "dead".
  Status ListOutbox(const std::string& which, std::vector<OutboxEntry>* out);
  // A dead notice (or every one, with an empty key) back in the queue, due now.
  Status RetryDead(const std::string& key, Timestamp now, int* count);

  struct OutboxSummary {
    int64_t queued = 0;   // queued or being sent
    int64_t waiting = 0;  // of those, waiting for a retry
    int64_t dead = 0;
    std::optional<Timestamp> last_sent;
    std::string last_error;  // KEY: error, of the latest failure still queued or dead
  };
  Status Summarize(OutboxSummary* out);
  // When the oldest notification still queued was due.
  Status OldestQueued(std::optional<Timestamp>* at);

  // --- API tokens (store_outbox.cc) ---
  Status CreateToken(const ApiToken& token, const std::string& hash, int64_t* id);
  Status ListTokens(std::vector<ApiToken>* out);
  Status RevokeToken(int64_t id, Timestamp now, bool* found);
  // The token with this hash, if it exists and is not revoked.
  Status FindToken(const std::string& hash, std::optional<ApiToken>* out);
  Status TouchToken(int64_t id, Timestamp now);

  // --- Small facts the daemon keeps (store_outbox.cc) ---
  Status GetState(const std::string& key, std::optional<std::string>* value);
  Status SetState(const std::string& key, const std::string& value);
  Status LastDigestRun(const std::string& name, std::optional<Timestamp>* at);
  Status RecordDigestRun(const std::string& name, Timestamp at);

 private:
  std::unique_ptr<Database> db_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_STORE_H_
