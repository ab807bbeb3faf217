#ifndef FRISTVAKT_DB_PLAN_CELLS_H_
#define FRISTVAKT_DB_PLAN_CELLS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "db/plan_import.h"
#include "rules/diagnostics.h"

// A plan's rows before they are measures: what the readers of plans (db/plan_import.cc for
// YAML and the measures, db/plan_csv.cc for CSV) share. Used by plan import only.
namespace fristvakt {

// One value of a row, with the line it stands on.
struct PlanCell {
  std::string text;
  int line = 0;
};
using PlanCells = std::map<PlanField, PlanCell>;

// The field a column header or YAML key names, without regard to case; none for another name.
std::optional<PlanField> PlanFieldFor(std::string_view header);

// A field this long is no title or comment but a mistake (or an attack): it would make a mail
// of megabytes and a digest of more.
inline constexpr size_t kLongestPlanField = 10000;

// False, with the problem in `diag`, when the cell is longer than kLongestPlanField.
bool CheckPlanCellLength(const std::string& path, const PlanCell& cell, const PlanContext& ctx,
                         Diagnostics* diag);

// NUL bytes and byte order marks have no place inside a plan: they come from files glued
// together or from another program's binary output. What to say about each.
std::string NulInPlanMessage(Language lang);
std::string BomInPlanMessage(Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_CELLS_H_
