#include "daemon/cli/simulate.h"
#include "db/open_store.h"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include <nlohmann/json.hpp>

#include "daemon/cli/table.h"
#include "daemon/service/scheduler.h"
#include "db/plan_import.h"
#include "rules/calendar.h"
#include "rules/json_text.h"

namespace fristvakt {
namespace {

bool NoticeOrder(const Notice& a, const Notice& b) {
  return std::tie(a.at, a.recipient, a.measure_id, a.rule, a.channel) <
         std::tie(b.at, b.recipient, b.measure_id, b.rule, b.channel);
}

void PrintJsonl(const CommandContext& ctx, const std::vector<Notice>& notices) {
  for (const Notice& n : notices) {
    nlohmann::ordered_json line = {{"at", FormatIsoTimestamp(n.at, ctx.zone())},
                                   {"key", n.key},
                                   {"kind", NoticeKindName(n.kind)},
                                   {"rule", n.rule},
                                   {"focus_area", nullptr},
                                   {"measure", nullptr},
                                   {"recipient", n.recipient},
                                   {"channel", ChannelName(n.channel)}};
    if (!n.measure_id.empty()) {
      std::optional<Measure> m;
      if (ctx.store->GetMeasure(n.measure_id, &m).ok() && m) line["focus_area"] = m->focus_area;
      line["measure"] = n.measure_id;
    }
    *ctx.out << JsonText(line) << "\n";
  }
}

std::string KindLabel(NoticeKind k, Language lang) {
  switch (k) {
    case NoticeKind::kReminder:
      return Tr(lang, "påminnelse", "reminder");
    case NoticeKind::kOverdue:
      return Tr(lang, "forsinket", "overdue");
    case NoticeKind::kEscalation:
      return Tr(lang, "eskalering", "escalation");
    case NoticeKind::kStale:
      return Tr(lang, "ikke oppdatert", "stale");
    case NoticeKind::kEvent:
      return Tr(lang, "hendelse", "event");
    case NoticeKind::kDigest:
      return Tr(lang, "sammendrag", "digest");
    case NoticeKind::kApproval:
      return Tr(lang, "godkjenning", "approval");
  }
  return "";
}

void PrintTable(const CommandContext& ctx, const std::vector<Notice>& notices) {
  const Language lang = ctx.lang();
  size_t i = 0;
  while (i < notices.size()) {
    Date day = LocalDate(notices[i].at, ctx.zone());
    *ctx.out << WeekdayName(day, lang) << " " << FormatNorwegianDate(day) << "\n";
    Table table({Tr(lang, "Kl.", "Time"), Tr(lang, "Type", "Kind"), Tr(lang, "Regel", "Rule"),
                 Tr(lang, "Tiltak", "Measure"), Tr(lang, "Mottaker", "Recipient"),
                 Tr(lang, "Kanal", "Channel")});
    for (; i < notices.size() && LocalDate(notices[i].at, ctx.zone()) == day; ++i) {
      const Notice& n = notices[i];
      std::string time = FormatNorwegianTimestamp(n.at, ctx.zone()).substr(11);
      table.AddRow({time,
                    KindLabel(n.kind, lang) + (n.late ? Tr(lang, " (etter tiden)", " (late)") : ""),
                    n.rule, n.measure_id.empty() ? "-" : n.measure_id, n.recipient,
                    Tr(lang, ChannelName(n.channel), ChannelName(n.channel))});
    }
    *ctx.out << table.ToString() << "\n";
  }
  *ctx.out << CountOf(lang, static_cast<int64_t>(notices.size()), "varsel", "varsler",
                      "notification", "notifications")
           << "\n";
}

}  // namespace

Status Simulate(const Config& config, Store* store, Timestamp from, Timestamp to,
                std::vector<Notice>* out) {
  Scheduler scheduler(config, store);
  std::vector<Notice> queued;
  // `from` may be anywhere in time, before or after what the copy's schedule was evaluated at.
  if (Status s = scheduler.Start(from, &queued, Scheduler::StartMode::kEvaluateAll); !s.ok()) {
    return s;
  }
  auto record = [&]() -> Status {
    for (const Notice& n : queued) {
      if (Status s = store->MarkSent(n.key, n.at); !s.ok()) return s;
      if (n.at >= from && n.at <= to) out->push_back(n);
    }
    queued.clear();
    return Status::Ok();
  };
  if (Status s = record(); !s.ok()) return s;
  while (auto next = scheduler.NextWake()) {
    if (*next > to) break;
    if (Status s = scheduler.RunDue(*next, &queued); !s.ok()) return s;
    if (Status s = record(); !s.ok()) return s;
  }
  std::sort(out->begin(), out->end(), NoticeOrder);
  return Status::Ok();
}

Status SimulateCommand(CommandContext& ctx, const SimulateOptions& options) {
  auto from_day = ParseDate(options.from);
  auto to_day = ParseDate(options.to);
  const Language lang = ctx.lang();
  if (!from_day) {
    return Status::Usage("--from: " + Quote(lang, options.from) +
                         Tr(lang, " er ikke en dato", " is not a date"));
  }
  if (!to_day) {
    return Status::Usage("--to: " + Quote(lang, options.to) +
                         Tr(lang, " er ikke en dato", " is not a date"));
  }
  if (*to_day < *from_day) {
    return Status::Usage(Tr(lang, "--to er før --from", "--to is before --from"));
  }
  const Timestamp from = LocalMoment(*from_day, {}, ctx.zone());
  const Timestamp to =
      LocalMoment(*to_day + date::days(1), {}, ctx.zone()) - std::chrono::seconds(1);

  if (!options.plan.empty()) {
    // A fresh state holding only the plan, imported at --from 00:00, as if the daemon were
    // first started then: its `created` events count.
    if (Status s = OpenStore(":memory:", &ctx.store); !s.ok()) return s;
    Diagnostics diag;
    PlanFile plan;
    ReadPlan(options.plan, {&ctx.config.rules, &ctx.config.directory, ctx.zone(), ctx.lang()},
             &plan, &diag);
    *ctx.err << diag.ToString();
    if (diag.has_errors()) return Status::BadInput("");
    ImportSummary summary;
    if (Status s = ApplyPlan(plan, options.plan, from, false, ctx.store.get(), &summary); !s.ok()) {
      return s;
    }
    if (Status s = ctx.store->SetState("event_watermark", "0"); !s.ok()) return s;
  } else if (IsDatabaseUrl(ctx.config.database_path) ||
             std::filesystem::exists(ctx.config.database_path)) {
    if (Status s = OpenStoreCopy(ctx.config.database_path, ctx.config.database_password.reveal(),
                                 &ctx.store);
        !s.ok()) {
      return s;
    }
  } else if (Status s = OpenStore(":memory:", &ctx.store); !s.ok()) {
    return s;
  }
  std::vector<Notice> notices;
  if (Status s = Simulate(ctx.config, ctx.store.get(), from, to, &notices); !s.ok()) return s;
  if (options.format == "table") {
    PrintTable(ctx, notices);
  } else {
    PrintJsonl(ctx, notices);
  }
  return Status::Ok();
}

}  // namespace fristvakt
