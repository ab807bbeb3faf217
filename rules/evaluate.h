#ifndef FRISTVAKT_RULES_EVALUATE_H_
#define FRISTVAKT_RULES_EVALUATE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rules/calendar.h"
#include "rules/model.h"
#include "rules/notification_key.h"
#include "rules/rule.h"
#include "rules/units.h"

// Which notice goes to whom, and when (docs/rules.md and docs/messages.md). Pure: a function of the
// measure, its rules, the calendar, now, and what was already decided. The daemon, `simulate`,
// `explain` and the tests all call these; there is no other implementation of time.
namespace fristvakt {

// One message for one recipient on one channel.
struct Notice {
  std::string key;  // a NotificationKey's text (rules/notification_key.h)
  NoticeKind kind = NoticeKind::kReminder;
  std::string measure_id;
  std::string rule;
  std::string recipient;
  Channel channel = Channel::kEmail;
  std::string series;
  int occurrence = 1;
  Timestamp at;  // when it goes out
  Severity severity = Severity::kInfo;
  bool late = false;   // after its regular time, by the catch-up rules
  std::string reason;  // why it is dropped; empty for a notice that goes out
};

// One occurrence of a time rule's series.
struct Occurrence {
  int k = 1;        // the occurrence's number in its series: the K of its key
  int repeats = 0;  // how many repeats after the first occurrence's day `day` is
  Date base;        // the deadline, or the local date of the last update
  Date day;         // base moved by the rule's offset and (k-1) repeats
  Date slot_day;    // the working day `day` moves to
  Timestamp at;     // slot_day at send_time
};

struct RuleEpochs;  // rules/rule_epochs.h

// The days, times and recipients that evaluation works with. Not owned.
struct EvaluationContext {
  const Calendar* calendar = nullptr;
  const Directory* directory = nullptr;
  const date::time_zone* zone = nullptr;
  const RuleEpochs* epochs = nullptr;  // none: every rule in force from the beginning
};

// Steps through one time rule's occurrences for one measure, in order. A repeat whose day moves
// onto the send slot of the previous occurrence is no occurrence of its own: a run of closed
// days never sends one notice twice, and max_times counts distinct slots. A repeating
// before_deadline series ends at the deadline.
class Series {
 public:
  // REQUIRES: rule.is_time_rule().
  Series(const Rule& rule, const Measure& m, const EvaluationContext& ctx);

  // MEASURE/RULE/SERIES: the prefix of every key of this series.
  std::string id() const { return Key().SeriesPrefix(); }
  // SERIES: the base date, yyyy-mm-dd.
  const std::string& series() const { return Key().series; }
  // MEASURE/RULE/SERIES/K/: how occurrence k is recorded as handled.
  std::string OccurrencePrefix(int k) const;
  // The next occurrence, or nothing when the series has ended.
  std::optional<Occurrence> Next();

 private:
  const Rule& rule_;
  const EvaluationContext& ctx_;
  Date base_;
  Date first_;
  // The key's measure, rule and series (no occurrence or recipient); the series written out when
  // first asked for, as most series of a pass are only stepped through to their next moment. So
  // a Series, even a const one, is not for two threads at once.
  const NotificationKey& Key() const;
  mutable NotificationKey key_;
  int step_ = 0;  // repeats counted from the first day: day = first + step * repeat
  int k_ = 0;     // occurrences so far: distinct send slots
  std::optional<Date> last_slot_;
};

// The first moment at or after `t` inside the sending window: a working day, from send_time
// until send_until.
Timestamp NextWindowMoment(Timestamp t, const EvaluationContext& ctx);

struct Evaluation {
  std::vector<Notice> send;       // due now: to be queued
  std::vector<Notice> drop;       // decided against for good (missed, acknowledged): to be recorded
  std::optional<Timestamp> next;  // when this measure needs evaluating again
};

// Whether an occurrence (its key prefix MEASURE/RULE/SERIES/K/) was already sent or dropped.
using HandledFn = std::function<bool(const std::string& occurrence_prefix)>;

// Whether a time rule gives a measure any notice at all: only while the measure is open
// (planned or in progress) and passes the rule's `if`.
enum class RuleApplies { kYes, kMeasureNotOpen, kFilteredOut };
RuleApplies TimeRuleApplies(const Rule& rule, const Measure& m);

// What evaluation decides for an occurrence when it goes out at its own slot: it is sent,
// unless it was already sent or dropped, or an acknowledgement in force holds it back for good.
// kBeforeRule: the occurrence passed before its rule came into force (rules/rule_epochs.h);
// kBeforeKnown: before the measure became known (Measure::known_since).
enum class Verdict { kSend, kHandled, kAcknowledged, kBeforeRule, kBeforeKnown };

struct PlannedOccurrence {
  Occurrence occurrence;
  Verdict verdict = Verdict::kSend;
};

// One time rule's coming occurrences for a measure: why it gives none, or those whose slots fall
// in [from, until), each with its verdict.
struct RulePlan {
  RuleApplies applies = RuleApplies::kYes;
  std::vector<PlannedOccurrence> occurrences;
};

// The reasons behind EvaluateTimeRules, for `explain`: the same tests, asked of each occurrence
// at its slot rather than at `now`, so without the catch-up of missed ones.
// REQUIRES: rule.is_time_rule().
RulePlan PlanTimeRule(const Measure& m, const Rule& rule, const std::vector<Acknowledgement>& acks,
                      const EvaluationContext& ctx, Timestamp from, Timestamp until,
                      const HandledFn& handled);

// The time rules' notices for a measure at `now`, with the catch-up rules of docs/rules.md ("Late
// and missed notices"): a missed before_deadline or on_deadline occurrence goes out late only
// within the sending window of its own day; of a series' missed after_deadline or no_update_for
// occurrences only the latest goes out, at the first moment inside the sending window, and the
// others are dropped.
Evaluation EvaluateTimeRules(const Measure& m, const std::vector<const Rule*>& rules,
                             const std::vector<Acknowledgement>& acks, const EvaluationContext& ctx,
                             Timestamp now, const HandledFn& handled);

// The name that approval notices carry where a rule's name stands in their key; no rule may
// take it.
inline constexpr const char* kApprovalRule = "approval";

// The notices of kind approval for a unit's deadline request, recorded as event `seq`: one to
// each of `approvers` (groups) on each of its channels, at the first moment inside the sending
// window at or after the request. Key: MEASURE/approval/SEQ/1/GROUP/CHANNEL.
std::vector<Notice> ApprovalNotices(const Measure& m, const std::vector<std::string>& approvers,
                                    int64_t seq, Timestamp requested_at,
                                    const EvaluationContext& ctx, Timestamp now);

// The event rules' notices for one event of a measure: each goes out at the first moment inside
// the sending window at or after the event (or `now`, if that is later).
std::vector<Notice> EvaluateEvent(const Measure& m, const std::vector<const Rule*>& rules,
                                  const std::vector<Acknowledgement>& acks, EventKind event,
                                  int64_t seq, Timestamp event_at, const EvaluationContext& ctx,
                                  Timestamp now);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_EVALUATE_H_
