#ifndef FRISTVAKT_DB_PLAN_H_
#define FRISTVAKT_DB_PLAN_H_

#include <bitset>
#include <string>
#include <vector>

#include "rules/model.h"
#include "rules/rule_set.h"
#include "rules/units.h"

// What a plan is, read and not yet written: the values that plan import's readers
// (db/plan_cells.h, db/plan_csv.h, db/plan_xlsx.h) and its writer (db/plan_import.h) share.
namespace fristvakt {

// What a plan's names are matched against.
struct PlanContext {
  const RuleSet* rules = nullptr;
  const Directory* directory = nullptr;
  const date::time_zone* zone = nullptr;
  Language language = Language::kNb;
  std::string sheet = {};  // a workbook's worksheet (`import --sheet`); empty: the first
};

// The fields of a plan, as its columns (or a YAML measure's keys) name them.
enum class PlanField {
  kId,
  kFocusArea,
  kTitle,
  kResponsible,
  kDeadline,
  kStatus,
  kProgress,
  kUpdatedAt,
  kDescription,
  kPlan,
  kPriority,
  kComment,
  kTags,
  kOwner
};
inline constexpr size_t kPlanFieldCount = 14;

// The field's name in messages: its Norwegian column name ("frist") or its English name
// ("deadline"), the field names of docs/api.md.
std::string PlanFieldName(PlanField f, Language lang);

// One measure as a plan file states it.
struct PlanRow {
  int line = 0;
  Measure measure;
  bool has_updated_at = false;  // false: the file does not say when it was last updated
  // The fields the file states: its columns, or the measure's keys in YAML. An empty cell is
  // stated (as empty); a column the file lacks is not, and import leaves that field alone.
  std::bitset<kPlanFieldCount> stated = std::bitset<kPlanFieldCount>().set();
};

struct PlanFile {
  std::vector<PlanRow> rows;
  std::string encoding;  // UTF-8 or Windows-1252 for CSV; empty for YAML
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_H_
