#ifndef FRISTVAKT_DAEMON_SERVICE_SCHEDULER_H_
#define FRISTVAKT_DAEMON_SERVICE_SCHEDULER_H_

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "db/store.h"
#include "rules/config.h"
#include "rules/digest.h"
#include "rules/evaluate.h"
#include "rules/rule_epochs.h"
#include "rules/unit_answer.h"

namespace fristvakt {

// Decides what goes out when, and writes it to the outbox before anything is sent. Each
// measure's next moment is kept in the store (db/schedule_store.h), written in the same
// transaction as the notices and the event watermark its evaluation moved, so that a wake-up or a
// start evaluates just the measures that are due; in memory are only the earliest of those
// moments and the digests' next times, which come from the configuration. Changes reach it as
// events in the store (from the command line, an import or the API).
// The daemon and `simulate` both run it, on one thread; while it evaluates pages of measures it
// decides each page on a second one (pure rules only). The config and store outlive it.
class Scheduler {
 public:
  Scheduler(const Config& config, Store* store);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  enum class StartMode {
    // The measures that are due, and those of the focus areas whose rules changed since the
    // schedule was written (rules/schedule_fingerprint.h). Every measure, as kEvaluateAll, when
    // there is no schedule yet, when the shared part of the configuration changed, or when `now`
    // is before the schedule's latest evaluation (the clock was set back).
    kPersisted,
    // Every measure, whatever the schedule says.
    kEvaluateAll,
  };

  // Handles new events, then evaluates the measures `mode` says at `now` (so missed notices are
  // caught up per docs/rules.md ("Late and missed notices")) and records their next moments.
  // Evaluating a measure whose next moment is still to come gives no notice, so both modes
  // queue the same. `queued` gets every notice written to go out.
  Status Start(Timestamp now, std::vector<Notice>* queued, StartMode mode = StartMode::kPersisted);
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
  // How many measures the last Start evaluated, after those its new events named.
  size_t started_measures() const { return started_measures_; }

  // The notices the last Start or RunDue queued: how many, and how many of them late.
  struct Tally {
    size_t queued = 0;
    size_t late = 0;
  };
  const Tally& tally() const { return tally_; }
  // `queued` gets only the first `n` notices of a Start or RunDue; the tally counts them all.
  // For the daemon, which logs a few: a first start inside the sending window on a large
  // imported plan queues the catch-up of every overdue and stale measure, a million notices.
  // Simulate and the tests keep every one (the default).
  void KeepAtMost(size_t n) { keep_ = n; }

 private:
  Status ProcessEvents(Timestamp now, std::vector<Notice>* queued);
  // What the time rules say of `m` now: pure, and safe to run on another thread.
  Evaluation Decide(const Measure& m, const std::vector<Acknowledgement>& acks,
                    const std::set<std::string>& handled, Timestamp now) const;
  // Queues and records what Decide said, and the measure's next moment, or adds that moment to
  // `nexts` for the caller to write with others.
  Status Record(const Measure& m, Evaluation e, Timestamp now, std::vector<Notice>* queued,
                std::vector<NextEvaluation>* nexts = nullptr);
  Status EvaluateById(const std::string& id, Timestamp now, std::vector<Notice>* queued);
  // Counts `notices` as queued, and adds them to `queued` while it holds fewer than keep_.
  void Keep(const std::vector<Notice>& notices, std::vector<Notice>* queued);

  // The unit's answer to `m` when any of `notices` goes to a group, which is shown it.
  Status AnswerForGroups(const std::vector<Notice>& notices, const Measure& m, Timestamp now,
                         std::optional<UnitAnswer>* out);
  nlohmann::json Payload(const Notice& n, const Measure& m,
                         const std::optional<UnitAnswer>& answer) const;
  // Evaluates every measure that `page` gives, a page at a time: page(after_id, limit, out),
  // which replaces what `out` held (ScheduleStore::OpenMeasuresAfter).
  using PageFn =
      std::function<Status(const std::string& after, int limit, std::vector<Measure>* out)>;
  // `sparse`: the pages' ids are far apart (one focus area's), so what belongs to them is read
  // by their ids rather than by the range from the first to the last.
  Status EvaluatePages(const PageFn& page, bool sparse, Timestamp now, std::vector<Notice>* queued);
  // Evaluates the measures whose next moment is at or before `now`.
  Status EvaluateDue(Timestamp now, std::vector<Notice>* queued);
  // Reads the earliest next moment of any measure into next_measure_.
  Status ReadNextMeasure();
  void PlanDigests(Timestamp now, std::vector<const DigestConfig*>* missed_today);

  const Config& config_;
  Store* store_;
  Calendar calendar_;
  // Each focus area's rules (RuleSet::EffectiveRules), asked for every measure evaluated; none
  // for an area the configuration does not have. Read by the deciding thread too.
  const std::vector<const Rule*>& RulesOf(std::string_view area) const;
  std::map<std::string, std::vector<const Rule*>, std::less<>> effective_rules_;
  RuleEpochs epochs_;  // when each time rule came into force, as of Start
  EvaluationContext ctx_;
  std::optional<Timestamp> next_measure_;  // the store's earliest, as of the last commit
  std::map<std::string, Timestamp> next_digest_;
  int64_t event_watermark_ = 0;
  size_t started_measures_ = 0;
  size_t evaluations_ = 0;
  // While pages of measures are evaluated, the notices decided against so far: only the first
  // kDropsLogged are logged one by one and the rest counted, for a new rule's past occurrences
  // can be many (each is in the outbox with its reason).
  static constexpr size_t kDropsLogged = 100;
  std::optional<size_t> paged_drops_;
  Tally tally_;
  size_t keep_ = static_cast<size_t>(-1);
  Timestamp evaluated_at_{};  // the latest moment measures were evaluated at
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_SCHEDULER_H_
