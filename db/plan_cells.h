#ifndef FRISTVAKT_DB_PLAN_CELLS_H_
#define FRISTVAKT_DB_PLAN_CELLS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/plan.h"
#include "rules/diagnostics.h"

// A plan's rows before they are measures: what the readers of plans (db/plan_import.cc for
// YAML and the measures, db/plan_csv.cc for CSV) share. Used by plan import only.
namespace fristvakt {

// One value of a row, with the line it stands on.
struct PlanCell {
  std::string text;
  int line = 0;
  std::string where = {};  // a workbook's FILE:SHEET!CELL; empty: the plan's path and `line`
};

// Where a cell's problem is reported: FILE:LINE, or a workbook's FILE:SHEET!CELL.
inline Position PlanCellPosition(const std::string& path, const PlanCell& cell) {
  return cell.where.empty() ? Position{path, cell.line, 0} : Position{cell.where, 0, 0};
}

// The fields a header row's columns name, by column; problems (an unknown column, a column
// twice, a required one missing) at `where`. The read-only columns of fristvakt's own workbook
// ("... (fristvakt)") are passed over in silence.
void ReadPlanColumns(const std::vector<std::string>& names, const Position& where,
                     const PlanContext& ctx, Diagnostics* problems,
                     std::map<size_t, PlanField>* columns);
using PlanCells = std::map<PlanField, PlanCell>;

// The field a column header or YAML key names, without regard to case; none for another name.
std::optional<PlanField> PlanFieldFor(std::string_view header);

// A field this long is no title or comment but a mistake (or an attack): it would make a mail
// of megabytes and a digest of more.
inline constexpr size_t kLongestPlanField = 10000;

// False, with the problem in `diag`, when the cell is longer than kLongestPlanField.
bool CheckPlanCellLength(const std::string& path, const PlanCell& cell, const PlanContext& ctx,
                         Diagnostics* diag);

// Adds `from`'s problems and warnings to `to`, in order: the readers collect them apart and
// report them in the order reading the whole file would.
void AppendPlanDiagnostics(const Diagnostics& from, Diagnostics* to);

// NUL bytes and byte order marks have no place inside a plan: they come from files glued
// together or from another program's binary output. What to say about each.
std::string NulInPlanMessage(Language lang);
std::string BomInPlanMessage(Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_CELLS_H_
