#ifndef FRISTVAKT_DB_MEASURE_STORE_H_
#define FRISTVAKT_DB_MEASURE_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/model.h"
#include "rules/status.h"

namespace fristvakt {

// An append-only record of what happened; docs/rules.md names the kinds rules can react to.
struct Event {
  int64_t seq = 0;
  Timestamp at;
  std::string measure_id;  // empty for events of the whole system
  std::string kind;        // created, updated, status_changed, deadline_moved, acknowledged, ...
  std::string actor;       // who: cli, import, api:TOKEN-NAME, daemon
  nlohmann::json data = nlohmann::json::object();
};

// What the latest import brought for one measure: the base against which the next import
// merges the file with what the units have answered since (docs/configuration.md, "The file
// and the units both write").
struct ImportBase {
  Measure values;               // the file's values; the defaults where it stated none
  bool has_updated_at = false;  // whether the file gave values.updated_at

  bool operator==(const ImportBase&) const = default;
};

// The measures, their history of events and their acknowledgements. Every change of a measure
// writes its events in the same transaction as the change, so a reader of the events sees
// every change and nothing that was rolled back. Event sequence numbers only grow and are
// never reused.
// Abstract so that more than one database can hold it; the SQLite one is SqliteStore. Used by
// one thread at a time.
class MeasureStore {
 public:
  MeasureStore() = default;
  MeasureStore(const MeasureStore&) = delete;
  MeasureStore& operator=(const MeasureStore&) = delete;
  virtual ~MeasureStore() = default;

  // An empty `out` when there is no such measure.
  virtual Status GetMeasure(std::string_view id, std::optional<Measure>* out) = 0;
  // Every measure, ordered by id.
  virtual Status AllMeasures(std::vector<Measure>* out) = 0;
  // At most `limit` measures with an id after `after_id`, ordered by id: a page at a time.
  virtual Status MeasuresAfter(std::string_view after_id, int limit, std::vector<Measure>* out) = 0;

  // Adds a new measure and records `created` with `data`. REQUIRES: inside a transaction.
  virtual Status InsertMeasure(const Measure& m, Timestamp now, const std::string& actor,
                               const nlohmann::json& data) = 0;
  // Writes `after` over `before` and records what changed: deadline_moved (old, new, `reason`),
  // status_changed (old, new), and updated (every other changed field, old and new). Adds
  // nothing when nothing changed. `events` (may be null) gets how many were written.
  // REQUIRES: inside a transaction; before.id == after.id.
  virtual Status SaveChange(const Measure& before, const Measure& after, Timestamp now,
                            const std::string& actor, const std::string& reason, int* events) = 0;

  // The base of a measure's next import; empty when it has none.
  virtual Status GetImportBase(std::string_view id, std::optional<ImportBase>* out) = 0;
  // Replaces it. REQUIRES: inside a transaction; the measure exists.
  virtual Status SaveImportBase(const ImportBase& base) = 0;

  // Appends `e` and sets e->seq.
  virtual Status AppendEvent(Event* e) = 0;
  // The events of one measure, oldest first.
  virtual Status EventsFor(std::string_view measure_id, std::vector<Event>* out) = 0;
  // At most `limit` events with a sequence number above `after`, oldest first.
  virtual Status EventsAfter(int64_t after, int limit, std::vector<Event>* out) = 0;
  // Events of one kind after a moment, oldest first.
  virtual Status EventsOfKindSince(std::string_view kind, Timestamp since,
                                   std::vector<Event>* out) = 0;
  // The highest sequence number so far; 0 when there are no events.
  virtual Status MaxEventSeq(int64_t* out) = 0;

  // Records the acknowledgement and its event. REQUIRES: inside a transaction.
  virtual Status Acknowledge(const Acknowledgement& ack) = 0;
  // Those of one measure, oldest first.
  virtual Status AcknowledgementsFor(std::string_view measure_id,
                                     std::vector<Acknowledgement>* out) = 0;
  // Every measure's, by measure id.
  virtual Status AllAcknowledgements(std::map<std::string, std::vector<Acknowledgement>>* out) = 0;
  // Those of the measures with ids from `first` to `last`, by measure id.
  virtual Status AcknowledgementsBetween(
      std::string_view first, std::string_view last,
      std::map<std::string, std::vector<Acknowledgement>>* out) = 0;
  // Those of the measures `ids` (a page of one focus area's, whose ids are far apart), by
  // measure id.
  virtual Status AcknowledgementsOf(const std::vector<std::string>& ids,
                                    std::map<std::string, std::vector<Acknowledgement>>* out) = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_MEASURE_STORE_H_
