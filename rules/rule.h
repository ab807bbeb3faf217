#ifndef FRISTVAKT_RULES_RULE_H_
#define FRISTVAKT_RULES_RULE_H_

#include <optional>
#include <string>
#include <vector>

#include "rules/diagnostics.h"
#include "rules/duration.h"
#include "rules/model.h"

// One rule of a rule file: when to notify whom (docs/rules.md).
namespace fristvakt {

enum class Trigger { kBeforeDeadline, kOnDeadline, kAfterDeadline, kNoUpdateFor, kEvent };
enum class EventKind {
  kCreated,
  kStatusChanged,
  kDeadlineMoved,
  kAcknowledged,
  // A unit asked for a new deadline through its answer link, and the approvers' decision.
  kDeadlineMoveRequested,
  kDeadlineMoveApproved,
  kDeadlineMoveRejected,
};
enum class Channel { kEmail, kWebhook };
enum class Severity { kInfo, kWarning, kCritical };

const char* EventKindName(EventKind e);
std::optional<EventKind> ParseEventKind(std::string_view text);
const char* ChannelName(Channel c);
const char* SeverityName(Severity s);

// Filters that must all match for a rule to apply; an empty list matches everything.
struct RuleFilter {
  std::vector<MeasureStatus> status;
  std::vector<std::string> priority;  // matched without regard to case
  std::vector<std::string> units;     // unit ids
  std::vector<std::string> tags;      // any one of them

  bool Matches(const Measure& m) const;
};

struct Rule {
  std::string name;
  std::string area;  // the focus area whose file defines it; "*" for the defaults
  Trigger trigger = Trigger::kOnDeadline;
  Duration offset;  // before/after deadline, no_update_for
  EventKind event = EventKind::kCreated;
  std::vector<std::string> to;    // "responsible", unit ids, group ids
  std::vector<Channel> channels;  // empty: every channel the recipient has
  std::optional<Duration> repeat;
  std::optional<int> max_times;  // nothing: 1 without repeat, unlimited with it
  RuleFilter filter;
  bool unless_acknowledged = false;
  Severity severity = Severity::kInfo;
  std::string template_name;
  Position where;

  bool is_time_rule() const { return trigger != Trigger::kEvent; }
  // The most occurrences a series may have; 0 for unlimited.
  int occurrence_limit() const { return max_times ? *max_times : (repeat ? 0 : 1); }
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_RULE_H_
