#ifndef FRISTVAKT_DB_PLAN_CSV_H_
#define FRISTVAKT_DB_PLAN_CSV_H_

#include <functional>
#include <string>

#include "db/plan_cells.h"

// A CSV plan read a piece at a time (db/spreadsheet_file.h): each record is handed on as soon
// as it is complete, so that only the measures made of them stay in memory, never the file's
// bytes, its text and its records besides.
namespace fristvakt {

// Gets each row of the right shape: its cells by field, its line, and whether a measure made of
// it may be kept (no problem found so far).
using CsvRowHandler = std::function<void(const PlanCells& row, int line, bool keep)>;

// Reads the CSV plan at `path` and sets out->encoding. Reports to `diag` what reading the whole
// file at once would, in the same order: the file's own problems (unreadable, UTF-16, a NUL or
// an inner byte order mark; then nothing more is read), an open quote, the header's problems;
// and only when there are none of those, each row's shape (field count, length), then the
// problems `on_row` reported to `values`, which it is handed here to order.
void ReadCsvPlan(const std::string& path, const PlanContext& ctx, PlanFile* out, Diagnostics* diag,
                 Diagnostics* values, const CsvRowHandler& on_row);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_CSV_H_
