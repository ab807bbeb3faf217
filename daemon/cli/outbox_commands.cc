#include "daemon/cli/outbox_commands.h"

#include <ostream>

#include "daemon/cli/table.h"
#include "daemon/service/daemon_lock.h"
#include "daemon/service/scheduler.h"
#include "notifiers/render.h"
#include "notifiers/templates.h"
#include "rules/text.h"

namespace fristvakt {

Status OutboxCommand(CommandContext& ctx, const std::string& which) {
  const Language lang = ctx.lang();
  if (!ctx.store) {
    *ctx.out << Tr(lang, "Ingen database ennå: ", "No database yet: ") << ctx.config.database_path
             << "\n";
    return Status::Ok();
  }
  std::vector<OutboxEntry> entries;
  if (Status s = ctx.store->ListOutbox(which, &entries); !s.ok()) return s;
  Table table({Tr(lang, "Nøkkel", "Key"), Tr(lang, "Tilstand", "State"),
               Tr(lang, "Forsøk", "Attempts"), Tr(lang, "Neste forsøk", "Next attempt"),
               Tr(lang, "Siste feil", "Last error")});
  for (const OutboxEntry& e : entries) {
    table.AddRow({e.key, OutboxStateLabel(e.state, lang), std::to_string(e.attempts),
                  e.state == "dead" ? "-" : FormatNorwegianTimestamp(e.next_attempt_at, ctx.zone()),
                  Ellipsize(e.last_error, 60)});
  }
  *ctx.out << table.ToString()
           << CountOf(lang, static_cast<int64_t>(entries.size()), "varsel", "varsler",
                      "notification", "notifications")
           << "\n";
  return Status::Ok();
}

Status OutboxRetryCommand(CommandContext& ctx, const std::string& key) {
  const Language lang = ctx.lang();
  int count = 0;
  if (Status s = ctx.store->RetryDead(key, ctx.clock->Now(), &count); !s.ok()) return s;
  if (count == 0 && !key.empty()) {
    return Status::BadInput(Tr(lang, "ingen død melding med nøkkelen ",
                               "no dead notification "
                               "with the key ") +
                            key);
  }
  *ctx.out << CountOf(lang, count, "varsel", "varsler", "notification", "notifications")
           << Tr(lang, " er lagt i køen igjen; tjenesten sender straks.\n",
                 " queued again; the daemon sends shortly.\n");
  return Status::Ok();
}

Status DigestCommand(CommandContext& ctx, const std::string& name, bool dry_run) {
  const Language lang = ctx.lang();
  const DigestConfig* digest = nullptr;
  for (const DigestConfig& d : ctx.config.digests) {
    if (d.name == name) digest = &d;
  }
  if (digest == nullptr) {
    return Status::BadInput(Tr(lang, "ukjent sammendrag ", "unknown digest ") + name);
  }
  Scheduler scheduler(ctx.config, ctx.store.get());
  const Timestamp now = ctx.clock->Now();
  if (!dry_run) {
    Transaction tx(*ctx.store);
    if (!tx.status().ok()) return tx.status();
    std::vector<Notice> queued;
    if (Status s = scheduler.RunDigest(*digest, now, true, &queued); !s.ok()) return s;
    if (Status s = tx.Commit(); !s.ok()) return s;
    *ctx.out << CountOf(lang, static_cast<int64_t>(queued.size()), "varsel", "varsler",
                        "notification", "notifications")
             << Tr(lang, " er lagt i køen; tjenesten sender.\n", " queued; the daemon sends.\n");
    return Status::Ok();
  }
  std::vector<std::pair<Notice, nlohmann::json>> built;
  if (Status s = scheduler.BuildDigestNotices(*digest, now, true, &built); !s.ok()) return s;
  Templates templates;
  Diagnostics diag;
  Templates::Load(ctx.config.templates_path, lang, &templates, &diag);
  *ctx.err << diag.ToString();
  if (diag.has_errors()) return Status::BadInput("");
  Renderer renderer(ctx.config, templates);
  for (const auto& [notice, payload] : built) {
    if (notice.channel != Channel::kEmail) continue;
    NoticeRecord record{notice.key,     "digest",  notice.rule, notice.recipient,
                        notice.channel, notice.at, payload,     ""};
    auto message = renderer.Render(record, now);
    if (!message) continue;
    *ctx.out << "== " << notice.recipient << " ==\n"
             << Tr(lang, "Emne: ", "Subject: ") << message->subject << "\n\n"
             << message->text << "\n";
  }
  if (built.empty()) {
    *ctx.out << Tr(lang, "Ingenting å sende: alle delene er tomme.\n",
                   "Nothing to send: every section is empty.\n");
  }
  return Status::Ok();
}

Status StatusCommand(CommandContext& ctx) {
  const Language lang = ctx.lang();
  std::ostream& out = *ctx.out;
  if (!ctx.store) {
    out << Tr(lang, "Ingen database ennå: ", "No database yet: ") << ctx.config.database_path
        << "\n";
    return Status::Ok();
  }
  // On PostgreSQL the lease names the active daemon among those that may run; on SQLite the one
  // daemon flocks the file and recorded its pid.
  std::optional<DaemonLease> active;
  if (ctx.store->HoldsLease()) {
    if (Status s = ctx.store->ActiveDaemon(&active); !s.ok()) return s;
  } else if (DaemonLock::IsHeld(ctx.config.database_path)) {
    std::optional<std::string> pid;
    if (Status s = ctx.store->GetState("daemon_pid", &pid); !s.ok()) return s;
    active = DaemonLease{};
    active->pid = pid ? std::atoll(pid->c_str()) : 0;
  }
  const bool running = active.has_value();
  if (running) {
    out << Tr(lang, "Tjenesten kjører (pid ", "The daemon is running (pid ")
        << (active->pid > 0 ? std::to_string(active->pid) : "?");
    if (!active->host.empty()) {
      out << Tr(lang, " på ", " on ") << active->host
          << Tr(lang, ", aktiv siden ", ", active since ")
          << FormatNorwegianTimestamp(active->since, ctx.zone());
    }
    out << Tr(lang, ") på ", ") on ") << ctx.config.database_path << "\n";
  } else {
    out << Tr(lang, "Ingen tjeneste kjører på ", "No daemon is running on ")
        << ctx.config.database_path << "\n";
  }
  std::optional<std::string> next;
  if (Status s = ctx.store->GetState("next_due", &next); !s.ok()) return s;
  if (running && next && !next->empty()) {
    Timestamp at{std::chrono::seconds(std::stoll(*next))};
    out << Tr(lang, "Neste planlagte tidspunkt: ", "Next due: ")
        << FormatNorwegianTimestamp(at, ctx.zone()) << "\n";
  }
  OutboxSummary summary;
  if (Status s = ctx.store->Summarize(&summary); !s.ok()) return s;
  out << Tr(lang, "I kø: ", "Queued: ") << summary.queued << Tr(lang, " (", " (") << summary.waiting
      << Tr(lang, " venter på nytt forsøk)\n", " waiting for a retry)\n")
      << Tr(lang, "Døde: ", "Dead: ") << summary.dead << "\n"
      << Tr(lang, "Sist sendt: ", "Last sent: ")
      << (summary.last_sent ? FormatNorwegianTimestamp(*summary.last_sent, ctx.zone())
                            : Tr(lang, "aldri", "never"))
      << "\n";
  if (!summary.last_error.empty()) {
    out << Tr(lang, "Siste feil: ", "Last error: ") << summary.last_error << "\n";
  }
  return Status::Ok();
}

}  // namespace fristvakt
