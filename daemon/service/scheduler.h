#ifndef FRISTVAKT_DAEMON_SERVICE_SCHEDULER_H_
#define FRISTVAKT_DAEMON_SERVICE_SCHEDULER_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "db/store.h"
#include "rules/config.h"
#include "rules/digest.h"
#include "rules/evaluate.h"
#include "rules/unit_answer.h"

namespace fristvakt {

// Decides what goes out when, and writes it to the outbox before anything is sent. Keeps in
// memory only the next moment each measure and digest needs looking at, so that a wake-up
// evaluates just the measures that are due; all measures are evaluated only at Start. Changes
// reach it as events in the store (from the command line, an import or the API).
// The daemon and `simulate` both run it. Single-threaded; the config and store outlive it.
class Scheduler {
 public:
  Scheduler(const Config& config, Store* store);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Evaluates every measure at `now` (so missed notices are caught up per docs/rules.md ("Late and
  // missed notices")) and plans the next moment of each. `queued` gets every notice written to go
  // out.
  Status Start(Timestamp now, std::vector<Notice>* queued);
  // Handles new events, then every measure and digest due at or before `now`.
  Status RunDue(Timestamp now, std::vector<Notice>* queued);

  // A digest's notices at `at`, each with the payload it is rendered from; nothing is written.
  // A `manual` digest (`fristvakt digest NAME`) has the time in its key, not only the date.
  Status BuildDigestNotices(const DigestConfig& digest, Timestamp at, bool manual,
                            std::vector<std::pair<Notice, nlohmann::json>>* out);
  // Writes a digest's notices to the outbox and records that it ran.
  Status RunDigest(const DigestConfig& digest, Timestamp at, bool manual,
                   std::vector<Notice>* queued);

  // The next moment anything is due; nothing when nothing ever will be.
  std::optional<Timestamp> NextWake() const;
  size_t planned_measures() const { return next_by_measure_.size(); }
  // How many measures the last Start evaluated.
  size_t started_measures() const { return started_measures_; }

 private:
  Status ProcessEvents(Timestamp now, std::vector<Notice>* queued);
  Status Evaluate(const Measure& m, const std::vector<Acknowledgement>& acks,
                  const std::set<std::string>& handled, Timestamp now, std::vector<Notice>* queued);
  Status EvaluateById(const std::string& id, Timestamp now, std::vector<Notice>* queued);

  // The unit's answer to `m` when any of `notices` goes to a group, which is shown it.
  Status AnswerForGroups(const std::vector<Notice>& notices, const Measure& m, Timestamp now,
                         std::optional<UnitAnswer>* out);
  nlohmann::json Payload(const Notice& n, const Measure& m,
                         const std::optional<UnitAnswer>& answer) const;
  void PlanMeasure(const std::string& id, std::optional<Timestamp> next);
  void PlanDigests(Timestamp now, std::vector<const DigestConfig*>* missed_today);

  const Config& config_;
  Store* store_;
  Calendar calendar_;
  EvaluationContext ctx_;
  std::map<std::string, Timestamp> next_by_measure_;
  std::set<std::pair<Timestamp, std::string>> queue_;
  std::map<std::string, Timestamp> next_digest_;
  int64_t event_watermark_ = 0;
  size_t started_measures_ = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_SCHEDULER_H_
