#ifndef FRISTVAKT_DB_PLAN_XLSX_H_
#define FRISTVAKT_DB_PLAN_XLSX_H_

#include <string>

#include "db/plan_csv.h"

// A plan kept in an Excel workbook (docs/configuration.md, "Action plans"): the worksheet
// `ctx.sheet` (or the first), under any title rows, with the same columns as CSV.
namespace fristvakt {

// Reads the plan at `path`. The header is the first row that names at least three known
// columns; rows above it (a title, merged cells) and empty rows are passed over. Every problem
// is at FILE:SHEET!CELL as Excel shows the cell. Reports in the order ReadCsvPlan does: the
// file's problems, the header's, each row's shape (length), then those `on_row` reported to
// `values`.
void ReadWorkbookPlan(const std::string& path, const PlanContext& ctx, Diagnostics* diag,
                      Diagnostics* values, const CsvRowHandler& on_row);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_XLSX_H_
