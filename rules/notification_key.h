#ifndef FRISTVAKT_RULES_NOTIFICATION_KEY_H_
#define FRISTVAKT_RULES_NOTIFICATION_KEY_H_

#include <optional>
#include <string>
#include <string_view>

#include "rules/rule.h"

// How a notification is known: its key, delivered at most once (docs/messages.md, "Delivery";
// docs/rules.md, "Notification keys and notice kinds"), and the kind of notice it is. The one place
// that spells a key; the evaluation, the digests, the scheduler, `explain` and the store all ask
// it. Pure values.
namespace fristvakt {

// kApproval: a unit's deadline request, to the approvers (docs/answers.md).
enum class NoticeKind { kReminder, kOverdue, kEscalation, kStale, kEvent, kDigest, kApproval };
const char* NoticeKindName(NoticeKind k);
std::optional<NoticeKind> ParseNoticeKind(std::string_view name);

// Whether notices of this kind come from a time rule, and so belong to a series that a moved
// deadline, a new update or a closed measure supersedes: reminder, overdue, escalation, stale.
bool IsTimeKind(NoticeKind k);
// The same for a kind's name as stored; false for a name that is no kind.
bool IsTimeKind(std::string_view kind_name);

// A rule's notice:  MEASURE/RULE/SERIES/K/RECIPIENT/CHANNEL, SERIES the deadline or the date of
//                   the last update (yyyy-mm-dd), or an event's sequence number; K from 1.
// A digest:         digest/NAME/DATE/RECIPIENT/CHANNEL, DATE the day it is sent (yyyy-mm-dd),
//                   or for one made by hand the local time (yyyy-mm-ddTHH:MM:SS).
// No part holds '/': measure, rule, unit and group ids cannot.
struct NotificationKey {
  std::string measure;  // empty for a digest
  std::string rule;     // the rule's name, or the digest's
  std::string series;
  int occurrence = 1;  // K; not part of a digest's key
  std::string recipient;
  Channel channel = Channel::kEmail;

  static NotificationKey ForDigest(std::string name, std::string date, std::string recipient,
                                   Channel channel);
  // Nothing for text that is neither form.
  static std::optional<NotificationKey> Parse(std::string_view key);

  bool is_digest() const { return measure.empty(); }
  std::string ToString() const;
  // MEASURE/RULE/SERIES: what every key of one series starts with.
  std::string SeriesPrefix() const;
  // MEASURE/RULE/SERIES/K/: shared by an occurrence's notices to every recipient and channel,
  // the unit in which occurrences are recorded as handled (sent or dropped). For a digest,
  // digest/NAME/DATE/.
  std::string OccurrencePrefix() const;
  // The same, straight from a key's text; the text itself when it is neither form.
  static std::string OccurrencePrefixOf(std::string_view key);
  // The measure a key's text belongs to: what comes before its first '/'; empty for a digest's.
  static std::string_view MeasureOf(std::string_view key);

  // Where, in byte order, the keys of measures lie: those of the measures `first` to `last`
  // (in byte order) all lie in [first, KeysEnd(first, last)), together with a few of other
  // measures whose ids one of theirs starts with, which MeasureOf tells apart. The keys of one
  // measure are exactly [MeasureKeysBegin(id), KeysEnd(id, id)).
  static std::string MeasureKeysBegin(std::string_view measure) {
    return std::string(measure) + "/";
  }
  // REQUIRES: first <= last.
  static std::string KeysEnd(std::string_view first, std::string_view last);

  bool operator==(const NotificationKey&) const = default;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_NOTIFICATION_KEY_H_
