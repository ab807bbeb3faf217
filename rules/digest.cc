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
  const Date due_until = ctx.calendar->Add(today, digest.due_soon, 1);
  const Date stale_before = ctx.calendar->Add(today, digest.stale_after, -1);
  for (DigestSection section : digest.sections) {
    std::vector<DigestItem> items;
    for (const Measure& m : measures) {
      const bool open = IsOpen(m.status);
      const int to_deadline = static_cast<int>((m.deadline - today).count());
      const Date updated = LocalDate(m.updated_at, ctx.zone);
      switch (section) {
        case DigestSection::kOverdue:
          if (open && m.deadline < today) items.push_back({m, -to_deadline, 0});
          break;
        case DigestSection::kDueSoon:
          if (open && m.deadline >= today && m.deadline <= due_until) {
            items.push_back({m, to_deadline, 0});
          }
          break;
        case DigestSection::kMoved:
          if (auto it = history.moved.find(m.id); it != history.moved.end()) {
            items.push_back({m, 0, it->second});
          }
          break;
        case DigestSection::kStale:
          if (open && updated <= stale_before) {
            items.push_back({m, static_cast<int>((today - updated).count()), 0});
          }
          break;
        case DigestSection::kDoneRecently:
          if (m.status == MeasureStatus::kDone && history.done.count(m.id) > 0) {
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
    n.key = "digest/" + digest.name + "/" + date + "/" + recipient + "/" + ChannelName(c);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace fristvakt
