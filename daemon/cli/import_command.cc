#include "daemon/cli/import_command.h"

#include <ostream>

#include "db/plan_import.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

// Every new measure, and every changed one with its fields: "  frist: 16.03.2026 → 30.04.2026".
void PrintChanges(const ImportReport& report, Language lang, std::ostream& out) {
  for (const MeasureReport& m : report.measures) {
    const std::string where = " (" + Tr(lang, "linje ", "line ") + std::to_string(m.line) + ")";
    if (m.created) {
      out << Tr(lang, "Nytt tiltak ", "New measure ") << m.id << where << ": "
          << Ellipsize(m.title, 80) << "\n";
      continue;
    }
    out << Tr(lang, "Endres: ", "Changes: ") << m.id << where << "\n";
    for (const FieldChange& c : m.changes) {
      out << "  " << PlanFieldName(c.field, lang) << ": " << c.before << " → " << c.after << "\n";
    }
  }
}

}  // namespace

Status ImportCommand(CommandContext& ctx, const ImportCommandOptions& options) {
  const Language lang = ctx.lang();
  const std::string& path = options.path;
  Diagnostics diag;
  PlanFile plan;
  ReadPlan(path, {&ctx.config.rules, &ctx.config.directory, ctx.zone(), lang, options.sheet}, &plan,
           &diag);
  *ctx.err << diag.ToString();
  if (diag.has_errors()) {
    *ctx.err << path << ": " << diag.error_count()
             << Tr(lang, " feil; ingenting er importert\n", " problems; nothing was imported\n");
    return Status::BadInput("");
  }
  ImportOptions import;
  import.dry_run = options.dry_run;
  import.prefer_file = options.prefer_file;
  import.details = options.dry_run;
  import.language = lang;
  import.zone = ctx.zone();
  ImportReport report;
  if (Status s = ApplyPlan(plan, path, ctx.clock->Now(), import, ctx.store.get(), &report);
      !s.ok()) {
    return s;
  }
  for (const ImportConflict& c : report.conflicts) {
    *ctx.err << ConflictMessage(c, path, lang) << "\n";
  }
  const ImportSummary& summary = report.summary;
  if (options.dry_run) {
    *ctx.out << Tr(lang, "Prøvekjøring, ingenting er lagret.\n", "Dry run, nothing saved.\n");
    PrintChanges(report, lang, *ctx.out);
  }
  *ctx.out << path << ": " << plan.rows.size() << Tr(lang, " tiltak lest: ", " measures read: ")
           << summary.created << Tr(lang, " nye, ", " new, ") << summary.changed
           << Tr(lang, " endret, ", " changed, ") << summary.unchanged
           << Tr(lang, " uendret", " unchanged");
  if (summary.conflicts > 0) {
    *ctx.out << ", "
             << CountOf(lang, summary.conflicts, "konflikt", "konflikter", "conflict", "conflicts")
             << Tr(lang, " (se over)", " (see above)");
  }
  *ctx.out << ". " << summary.untouched
           << Tr(lang, " tiltak i databasen står ikke i filen og er ikke rørt.\n",
                 " stored measures are not in the file and were left as they are.\n");
  return Status::Ok();
}

}  // namespace fristvakt
