#ifndef FRISTVAKT_DB_PLAN_IMPORT_H_
#define FRISTVAKT_DB_PLAN_IMPORT_H_

#include <string>
#include <vector>

#include "db/plan.h"
#include "db/store.h"
#include "rules/diagnostics.h"
#include "rules/model.h"
#include "rules/rule_set.h"
#include "rules/units.h"

// Action plans in: CSV as Excel writes it in Norway, or YAML (docs/configuration.md, "Action
// plans"). Reading is separate from writing so that `check --plan` and `import --dry-run` share
// every check with `import`.
namespace fristvakt {

// Reads the CSV (.csv, .txt), YAML (.yaml, .yml) or Excel workbook (.xlsx) plan at `path`.
// Every problem, in every row,
// goes to `diag` as FILE:LINE: message, in the context's language.
void ReadPlan(const std::string& path, const PlanContext& ctx, PlanFile* out, Diagnostics* diag);

struct ImportSummary {
  int created = 0;
  int changed = 0;
  int unchanged = 0;
  int untouched = 0;  // stored measures that the file does not name; left as they are
  int conflicts = 0;  // fields changed both in the file and in the store (ImportConflict)
};

struct ImportOptions {
  bool dry_run = false;      // roll back: report what would happen
  bool prefer_file = false;  // in a conflict, take the file's value
  bool details = false;      // list every new and changed measure in the report
  // The language and zone of the report's values and messages; no zone: UTC.
  Language language = Language::kNb;
  const date::time_zone* zone = nullptr;
};

// One field that an import changes (or would), its values as a person reads them (FieldText).
struct FieldChange {
  PlanField field;
  std::string before;
  std::string after;
};

// A measure that an import creates or changes.
struct MeasureReport {
  std::string id;
  int line = 0;
  bool created = false;
  std::string title;
  std::vector<FieldChange> changes;  // empty when created
};

// A field that both the file and someone else (a unit, the command line) changed since the
// previous import, to different values. The values as a person reads them.
struct ImportConflict {
  std::string id;
  int line = 0;
  PlanField field;
  std::string base_value;    // what the previous import brought
  std::string file_value;    // what the file holds now
  std::string stored_value;  // what the store holds
  std::string set_by;        // who set the stored value, and when
  bool file_taken = false;   // --prefer-file
};

struct ImportReport {
  ImportSummary summary;
  std::vector<MeasureReport> measures;  // with ImportOptions::details, in the file's order
  std::vector<ImportConflict> conflicts;
};

// Writes the rows in one transaction: new measures are created; a stored measure is merged
// with its row, field by field, against what the previous import brought (db/plan_merge.h):
// what only the file changed is taken with its events (a moved deadline as deadline_moved
// with reason "import"), what someone else changed since stays, and a field both changed is
// a conflict. A measure left as it was records no event. The file's values become the base of
// the next import. With `dry_run` the transaction is rolled back.
Status ApplyPlan(const PlanFile& plan, const std::string& source, Timestamp now,
                 const ImportOptions& options, Store* store, ImportReport* report);

// The same with the defaults, for those who need only the counts.
Status ApplyPlan(const PlanFile& plan, const std::string& source, Timestamp now, bool dry_run,
                 Store* store, ImportSummary* summary);

// "FILE:LINE: FIELD: ..." naming the three values and who set the stored one.
std::string ConflictMessage(const ImportConflict& conflict, const std::string& source,
                            Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_IMPORT_H_
