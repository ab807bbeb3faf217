#include "rules/notification_key.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace fristvakt {
namespace {

constexpr std::string_view kDigest = "digest";

std::vector<std::string_view> SplitSlashes(std::string_view key) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t slash = key.find('/'); slash != std::string_view::npos;
       slash = key.find('/', start)) {
    parts.push_back(key.substr(start, slash - start));
    start = slash + 1;
  }
  parts.push_back(key.substr(start));
  return parts;
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (Channel c : {Channel::kEmail, Channel::kWebhook}) {
    if (name == ChannelName(c)) return c;
  }
  return std::nullopt;
}

// K: a whole number from 1, digits only.
std::optional<int> ParseOccurrence(std::string_view text) {
  int k = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), k);
  if (error != std::errc() || end != text.data() + text.size() || k < 1) return std::nullopt;
  return k;
}

}  // namespace

const char* NoticeKindName(NoticeKind k) {
  switch (k) {
    case NoticeKind::kReminder:
      return "reminder";
    case NoticeKind::kOverdue:
      return "overdue";
    case NoticeKind::kEscalation:
      return "escalation";
    case NoticeKind::kStale:
      return "stale";
    case NoticeKind::kEvent:
      return "event";
    case NoticeKind::kDigest:
      return "digest";
    case NoticeKind::kApproval:
      return "approval";
  }
  return "";
}

std::optional<NoticeKind> ParseNoticeKind(std::string_view name) {
  for (NoticeKind k :
       {NoticeKind::kReminder, NoticeKind::kOverdue, NoticeKind::kEscalation, NoticeKind::kStale,
        NoticeKind::kEvent, NoticeKind::kDigest, NoticeKind::kApproval}) {
    if (name == NoticeKindName(k)) return k;
  }
  return std::nullopt;
}

bool IsTimeKind(NoticeKind k) {
  return k == NoticeKind::kReminder || k == NoticeKind::kOverdue || k == NoticeKind::kEscalation ||
         k == NoticeKind::kStale;
}

bool IsTimeKind(std::string_view kind_name) {
  std::optional<NoticeKind> k = ParseNoticeKind(kind_name);
  return k && IsTimeKind(*k);
}

NotificationKey NotificationKey::ForDigest(std::string name, std::string date,
                                           std::string recipient, Channel channel) {
  NotificationKey key;
  key.rule = std::move(name);
  key.series = std::move(date);
  key.recipient = std::move(recipient);
  key.channel = channel;
  return key;
}

std::optional<NotificationKey> NotificationKey::Parse(std::string_view text) {
  std::vector<std::string_view> parts = SplitSlashes(text);
  for (std::string_view part : parts) {
    if (part.empty()) return std::nullopt;
  }
  NotificationKey key;
  std::optional<Channel> channel = ParseChannel(parts.back());
  if (!channel) return std::nullopt;
  key.channel = *channel;
  if (parts.size() == 5 && parts[0] == kDigest) {
    key.rule = parts[1];
    key.series = parts[2];
    key.recipient = parts[3];
    return key;
  }
  if (parts.size() != 6) return std::nullopt;
  std::optional<int> k = ParseOccurrence(parts[3]);
  if (!k) return std::nullopt;
  key.measure = parts[0];
  key.rule = parts[1];
  key.series = parts[2];
  key.occurrence = *k;
  key.recipient = parts[4];
  return key;
}

std::string NotificationKey::SeriesPrefix() const {
  return (is_digest() ? std::string(kDigest) : measure) + "/" + rule + "/" + series;
}

std::string NotificationKey::OccurrencePrefixOf(std::string_view key) {
  std::optional<NotificationKey> parsed = Parse(key);
  return parsed ? parsed->OccurrencePrefix() : std::string(key);
}

std::string_view NotificationKey::MeasureOf(std::string_view key) {
  std::string_view measure = key.substr(0, key.find('/'));
  // A digest's key has five parts, a rule's six: a measure may be called "digest".
  bool digest = measure == kDigest && std::count(key.begin(), key.end(), '/') == 4;
  return digest ? std::string_view() : measure;
}

std::string NotificationKey::KeysEnd(std::string_view first, std::string_view last) {
  // A key is MEASURE + '/' + ...; '0' is the byte after '/'. A measure whose id is a start of
  // `last` followed by a byte below '0' sorts before `last` while its keys sort after it; the
  // end is then that start + '0', past them all. Only starts of `last` that are not below
  // `first` count: those at least as long as what `first` and `last` share (one byte longer
  // when `first` is not itself a start of `last`). Without such a byte: `last` + '0'.
  size_t shared = 0;
  while (shared < first.size() && shared < last.size() && first[shared] == last[shared]) {
    ++shared;
  }
  size_t cut = shared == first.size() ? shared : shared + 1;
  while (cut < last.size() && static_cast<unsigned char>(last[cut]) >= '0') ++cut;
  return std::string(last.substr(0, cut)) + "0";
}

std::string NotificationKey::OccurrencePrefix() const {
  if (is_digest()) return SeriesPrefix() + "/";
  return SeriesPrefix() + "/" + std::to_string(occurrence) + "/";
}

std::string NotificationKey::ToString() const {
  return OccurrencePrefix() + recipient + "/" + ChannelName(channel);
}

}  // namespace fristvakt
