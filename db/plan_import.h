#ifndef FRISTVAKT_DB_PLAN_IMPORT_H_
#define FRISTVAKT_DB_PLAN_IMPORT_H_

#include <string>
#include <vector>

#include "db/store.h"
#include "rules/diagnostics.h"
#include "rules/model.h"
#include "rules/rule_set.h"
#include "rules/units.h"

// Action plans in: CSV as Excel writes it in Norway, or YAML (docs/configuration.md, "Action
// plans"). Reading is separate from writing so that `check --plan` and `import --dry-run` share
// every check with `import`.
namespace fristvakt {

// What a plan's names are matched against.
struct PlanContext {
  const RuleSet* rules = nullptr;
  const Directory* directory = nullptr;
  const date::time_zone* zone = nullptr;
  Language language = Language::kNb;
};

// One measure as a plan file states it.
struct PlanRow {
  int line = 0;
  Measure measure;
  bool has_updated_at = false;  // false: the file does not say when it was last updated
};

struct PlanFile {
  std::vector<PlanRow> rows;
  std::string encoding;  // UTF-8 or Windows-1252 for CSV; empty for YAML
};

// Reads the CSV (.csv, .txt) or YAML (.yaml, .yml) plan at `path`. Every problem, in every row,
// goes to `diag` as FILE:LINE: message, in the context's language.
void ReadPlan(const std::string& path, const PlanContext& ctx, PlanFile* out, Diagnostics* diag);

struct ImportSummary {
  int created = 0;
  int changed = 0;
  int unchanged = 0;
  int untouched = 0;  // stored measures that the file does not name; left as they are
};

// Writes the rows in one transaction: new measures are created, changed ones updated with their
// events (a moved deadline as deadline_moved with reason "import"), unchanged ones left without
// an event. A row without an update time gets `now` when it creates or changes a measure. With
// `dry_run` the transaction is rolled back.
Status ApplyPlan(const PlanFile& plan, const std::string& source, Timestamp now, bool dry_run,
                 Store* store, ImportSummary* summary);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_IMPORT_H_
