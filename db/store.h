#ifndef FRISTVAKT_DB_STORE_H_
#define FRISTVAKT_DB_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/database.h"
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
  Timestamp due_at;
  std::string state;  // queued, sending, sent, dead, dropped
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string last_error;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
};

// Owned and used by one thread at a time; several processes may share the file.
class Store {
 public:
  // Opens the file and brings its schema up to date.
  static Status Open(const std::string& path, std::unique_ptr<Store>* out);
  explicit Store(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  Database& db() { return *db_; }

  Status GetMeasure(std::string_view id, std::optional<Measure>* out);
  // Every measure, ordered by id.
  Status AllMeasures(std::vector<Measure>* out);

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

  Status OutboxFor(std::string_view measure_id, std::vector<OutboxEntry>* out);

 private:
  std::unique_ptr<Database> db_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_STORE_H_
