#include "rules/digest.h"

namespace fristvakt {

bool DigestContent::empty() const {
  for (const auto& [section, items] : sections) {
    if (!items.empty()) return false;
  }
  return true;
}

DigestContent BuildDigest(const DigestConfig& digest, const std::vector<Measure>& measures,
                          const DigestHistory& history, Date today, const EvaluationContext& ctx) {
  DigestContent out;
  out.name = digest.name;
  out.date = today;
  const Classifier classifier(today, digest.thresholds(), *ctx.calendar, ctx.zone);
  for (DigestSection section : digest.sections) {
    std::vector<DigestItem> items;
    for (const Measure& m : measures) {
      const Classification c = classifier.Classify(m);
      switch (section) {
        case DigestSection::kOverdue:
          if (c.standing == Standing::kOverdue) items.push_back({m, -c.days_to_deadline, 0});
          break;
        case DigestSection::kDueSoon:
          if (c.standing == Standing::kDueSoon) items.push_back({m, c.days_to_deadline, 0});
          break;
        case DigestSection::kMoved:
          if (auto it = history.moved.find(m.id); it != history.moved.end()) {
            items.push_back({m, 0, it->second});
          }
          break;
        case DigestSection::kStale:
          if (c.stale) items.push_back({m, c.days_since_update, 0});
          break;
        case DigestSection::kDoneRecently:
          if (c.standing == Standing::kDone && history.done.count(m.id) > 0) {
            items.push_back({m, 0, 0});
          }
          break;
        case DigestSection::kCancelled:
          if (c.standing == Standing::kCancelled && history.cancelled.count(m.id) > 0) {
            items.push_back({m, 0, 0});
          }
          break;
      }
    }
    for (DigestItem& item : items) {
      if (auto it = history.moved_total.find(item.measure.id); it != history.moved_total.end()) {
        item.moves_total = it->second;
      }
    }
    out.sections.emplace_back(section, std::move(items));
  }
  return out;
}

std::optional<Timestamp> NextDigestTime(const DigestConfig& digest, Timestamp after,
                                        const EvaluationContext& ctx) {
  if (!digest.cron) return std::nullopt;
  // Bounded: a cron that only matches closed days would otherwise loop for years.
  for (int i = 0; i < 1000; ++i) {
    auto next = NextFire(*digest.cron, after, ctx.zone);
    if (!next) return std::nullopt;
    if (!digest.working_days_only || ctx.calendar->IsWorkingDay(LocalDate(*next, ctx.zone))) {
      return next;
    }
    after = *next;
  }
  return std::nullopt;
}

bool SendMissedDigestAtStart(const DigestConfig& digest, Timestamp now,
                             std::optional<Timestamp> last_run, const EvaluationContext& ctx) {
  const Date today = LocalDate(now, ctx.zone);
  const Timestamp close = LocalMoment(today, ctx.calendar->config().send_until, ctx.zone);
  auto first_today =
      NextDigestTime(digest, LocalMoment(today, {}, ctx.zone) - std::chrono::seconds(1), ctx);
  return first_today && *first_today < now && LocalDate(*first_today, ctx.zone) == today &&
         now < close && (!last_run || *last_run < *first_today);
}

bool DigestOutOfDate(Timestamp due, Timestamp now, const EvaluationContext& ctx) {
  return LocalDate(due, ctx.zone) != LocalDate(now, ctx.zone);
}

std::vector<Notice> DigestNotices(const DigestConfig& digest, const std::string& recipient,
                                  Timestamp at, const EvaluationContext& ctx) {
  std::vector<Notice> out;
  const Recipient* r = ctx.directory->Find(recipient);
  if (r == nullptr) return out;
  const std::string date = FormatIsoDate(LocalDate(at, ctx.zone));
  for (Channel c : {Channel::kEmail, Channel::kWebhook}) {
    if (c == Channel::kEmail ? !r->has_email() : !r->has_webhook()) continue;
    Notice n;
    n.kind = NoticeKind::kDigest;
    n.rule = digest.name;
    n.recipient = recipient;
    n.channel = c;
    n.series = date;
    n.at = at;
    n.key = NotificationKey::ForDigest(digest.name, date, recipient, c).ToString();
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace fristvakt
