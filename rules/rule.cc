#include "rules/rule.h"

#include <algorithm>

#include "rules/text.h"

namespace fristvakt {

const char* EventKindName(EventKind e) {
  switch (e) {
    case EventKind::kCreated:
      return "created";
    case EventKind::kStatusChanged:
      return "status_changed";
    case EventKind::kDeadlineMoved:
      return "deadline_moved";
    case EventKind::kAcknowledged:
      return "acknowledged";
    case EventKind::kDeadlineMoveRequested:
      return "deadline_move_requested";
    case EventKind::kDeadlineMoveApproved:
      return "deadline_move_approved";
    case EventKind::kDeadlineMoveRejected:
      return "deadline_move_rejected";
  }
  return "";
}

std::optional<EventKind> ParseEventKind(std::string_view text) {
  for (EventKind e : {EventKind::kCreated, EventKind::kStatusChanged, EventKind::kDeadlineMoved,
                      EventKind::kAcknowledged, EventKind::kDeadlineMoveRequested,
                      EventKind::kDeadlineMoveApproved, EventKind::kDeadlineMoveRejected}) {
    if (text == EventKindName(e)) return e;
  }
  return std::nullopt;
}

const char* ChannelName(Channel c) { return c == Channel::kEmail ? "email" : "webhook"; }

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "";
}

bool RuleFilter::Matches(const Measure& m) const {
  if (!status.empty() && std::find(status.begin(), status.end(), m.status) == status.end()) {
    return false;
  }
  if (!priority.empty() &&
      std::none_of(priority.begin(), priority.end(),
                   [&](const std::string& p) { return FoldCase(p) == FoldCase(m.priority); })) {
    return false;
  }
  if (!units.empty() && std::find(units.begin(), units.end(), m.responsible) == units.end()) {
    return false;
  }
  if (!tags.empty() && std::none_of(tags.begin(), tags.end(), [&](const std::string& t) {
        return std::find(m.tags.begin(), m.tags.end(), t) != m.tags.end();
      })) {
    return false;
  }
  return true;
}

}  // namespace fristvakt
