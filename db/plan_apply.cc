// ApplyPlan (db/plan_import.h): a plan's rows written into the store, each merged with what the
// units have answered since the last import (db/plan_merge.h).
#include <set>

#include "db/plan_import.h"
#include "db/plan_merge.h"

namespace fristvakt {
namespace {

// Who a stored value came from, as a message names them.
std::string ActorText(const std::string& actor, Language lang) {
  if (actor == "cli") return Tr(lang, "kommandolinjen", "the command line");
  if (actor == "import") return Tr(lang, "en tidligere import", "an earlier import");
  if (actor.rfind("api:", 0) == 0) {
    return Tr(lang, "API-nøkkelen ", "the API token ") + Quote(lang, actor.substr(4));
  }
  // An answer through a notice's link (docs/answers.md): "hbo (via link)".
  if (const std::string via = " (via link)";
      actor.size() > via.size() && actor.compare(actor.size() - via.size(), via.size(), via) == 0) {
    return Quote(lang, actor.substr(0, actor.size() - via.size())) +
           Tr(lang, " med lenken i et varsel", " through the link in a notice");
  }
  return actor.empty() ? Tr(lang, "ukjent", "unknown") : Quote(lang, actor);
}

// The event that last set field `f` of a measure: a deadline is moved, a status changed, any
// other field listed in an `updated` event under its English name (the field names of
// docs/api.md), and every field set when the measure was created.
const Event* LastChangeOf(PlanField f, const std::vector<Event>& events) {
  const std::string key = PlanFieldName(f, Language::kEn);
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    const Event& e = *it;
    const bool sets_it = e.kind == "created" ||
                         (f == PlanField::kDeadline && e.kind == "deadline_moved") ||
                         (f == PlanField::kStatus && e.kind == "status_changed") ||
                         (e.kind == "updated" && e.data.contains("changes") &&
                          e.data["changes"].is_object() && e.data["changes"].contains(key));
    if (sets_it) return &e;
  }
  return nullptr;
}

// Writes one plan into the store inside the caller's transaction.
class PlanWriter {
 public:
  PlanWriter(const std::string& source, Timestamp now, const ImportOptions& options, Store* store,
             ImportReport* report)
      : source_(source), now_(now), options_(options), store_(store), report_(report) {}

  Status Write(const PlanRow& row) {
    std::optional<Measure> stored;
    if (Status s = store_->GetMeasure(row.measure.id, &stored); !s.ok()) return s;
    return stored ? Update(row, *stored) : Create(row);
  }

 private:
  Status Create(const PlanRow& row) {
    Measure m = row.measure;
    if (!row.has_updated_at) m.updated_at = now_;
    nlohmann::json data = {{"source", "import"}, {"file", source_}, {"line", row.line}};
    if (Status s = store_->InsertMeasure(m, now_, "import", data); !s.ok()) return s;
    ImportBase base{row.measure, row.has_updated_at};
    if (!row.has_updated_at) base.values.updated_at = Timestamp{};
    if (Status s = store_->SaveImportBase(base); !s.ok()) return s;
    ++report_->summary.created;
    if (options_.details) report_->measures.push_back({m.id, row.line, true, m.title, {}});
    return Status::Ok();
  }

  Status Update(const PlanRow& row, const Measure& stored) {
    std::optional<ImportBase> base;
    if (Status s = store_->GetImportBase(stored.id, &base); !s.ok()) return s;
    MeasureMerge merge = MergeMeasure(stored, base, row, options_.prefer_file, now_);
    if (!merge.conflicts.empty()) {
      const Measure& was = base ? base->values : stored;
      if (Status s = ReportConflicts(row, stored, was, merge); !s.ok()) return s;
    }
    int events = 0;
    if (Status s = store_->SaveChange(stored, merge.merged, now_, "import", "import", &events);
        !s.ok()) {
      return s;
    }
    ++(events > 0 ? report_->summary.changed : report_->summary.unchanged);
    if (events > 0 && options_.details) ReportChanges(row, stored, merge.merged);
    if (!base || !(*base == merge.base)) return store_->SaveImportBase(merge.base);
    return Status::Ok();
  }

  Status ReportConflicts(const PlanRow& row, const Measure& stored, const Measure& base,
                         const MeasureMerge& merge) {
    std::vector<Event> events;
    if (Status s = store_->EventsFor(stored.id, &events); !s.ok()) return s;
    const Language lang = options_.language;
    for (PlanField f : merge.conflicts) {
      ImportConflict c{stored.id,
                       row.line,
                       f,
                       FieldText(f, base, lang, options_.zone),
                       FieldText(f, row.measure, lang, options_.zone),
                       FieldText(f, stored, lang, options_.zone),
                       Tr(lang, "ukjent", "unknown"),
                       options_.prefer_file};
      if (const Event* e = LastChangeOf(f, events)) {
        c.set_by = ActorText(e->actor, lang) + " " + FormatNorwegianTimestamp(e->at, options_.zone);
      }
      report_->conflicts.push_back(std::move(c));
      ++report_->summary.conflicts;
    }
    return Status::Ok();
  }

  void ReportChanges(const PlanRow& row, const Measure& before, const Measure& after) {
    MeasureReport m{after.id, row.line, false, after.title, {}};
    for (size_t i = 0; i < kPlanFieldCount; ++i) {
      const auto f = static_cast<PlanField>(i);
      if (f == PlanField::kId || SameField(f, before, after)) continue;
      m.changes.push_back({f, FieldText(f, before, options_.language, options_.zone),
                           FieldText(f, after, options_.language, options_.zone)});
    }
    report_->measures.push_back(std::move(m));
  }

  const std::string& source_;
  const Timestamp now_;
  const ImportOptions& options_;
  Store* store_;
  ImportReport* report_;
};

// The measures in the store that the file does not name; a page at a time, since the plan's
// measures are in memory already and the store's need not be.
Status CountUntouched(Store* store, const std::set<std::string>& named, int* untouched) {
  std::vector<Measure> page;
  for (std::string after;; page.clear()) {
    if (Status s = store->MeasuresAfter(after, 500, &page); !s.ok()) return s;
    if (page.empty()) return Status::Ok();
    for (const Measure& m : page) {
      if (named.count(m.id) == 0) ++*untouched;
    }
    after = page.back().id;
  }
}

}  // namespace

Status ApplyPlan(const PlanFile& plan, const std::string& source, Timestamp now,
                 const ImportOptions& given, Store* store, ImportReport* report) {
  ImportOptions options = given;
  if (options.zone == nullptr) options.zone = date::locate_zone("UTC");
  Transaction tx(*store);
  if (!tx.status().ok()) return tx.status();
  PlanWriter writer(source, now, options, store, report);
  std::set<std::string> named;
  for (const PlanRow& row : plan.rows) {
    named.insert(row.measure.id);
    if (Status s = writer.Write(row); !s.ok()) return s;
  }
  ImportSummary& summary = report->summary;
  if (Status s = CountUntouched(store, named, &summary.untouched); !s.ok()) return s;
  if (summary.created + summary.changed > 0) {
    Event e{0,
            now,
            "",
            "imported",
            "import",
            {{"file", source},
             {"created", summary.created},
             {"changed", summary.changed},
             {"unchanged", summary.unchanged},
             {"untouched", summary.untouched},
             {"conflicts", summary.conflicts}}};
    if (Status s = store->AppendEvent(&e); !s.ok()) return s;
  }
  if (options.dry_run) return Status::Ok();  // the transaction rolls back as it goes out of scope
  return tx.Commit();
}

Status ApplyPlan(const PlanFile& plan, const std::string& source, Timestamp now, bool dry_run,
                 Store* store, ImportSummary* summary) {
  ImportOptions options;
  options.dry_run = dry_run;
  ImportReport report;
  Status s = ApplyPlan(plan, source, now, options, store, &report);
  *summary = report.summary;
  return s;
}

std::string ConflictMessage(const ImportConflict& c, const std::string& source, Language lang) {
  return source + ":" + std::to_string(c.line) + ": " + PlanFieldName(c.field, lang) + ": " +
         Tr(lang, "forrige import hadde ", "the last import brought ") + c.base_value +
         Tr(lang, ", filen har nå ", ", the file now has ") + c.file_value +
         Tr(lang, " og databasen ", " and the database ") + c.stored_value +
         Tr(lang, ", satt av ", ", set by ") + c.set_by + "; " +
         (c.file_taken ? Tr(lang, "filens verdi tas (--prefer-file)",
                            "the file's value is taken (--prefer-file)")
                       : Tr(lang, "databasens verdi står (--prefer-file tar filens)",
                            "the stored value stays (--prefer-file takes the file's)"));
}

}  // namespace fristvakt
