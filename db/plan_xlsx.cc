#include "db/plan_xlsx.h"

#include "db/xlsx.h"
#include "rules/text.h"

namespace fristvakt {
void ReadWorkbookPlan(const std::string& path, const PlanContext& ctx, Diagnostics* diag,
                      Diagnostics* values, const CsvRowHandler& on_row) {
  Worksheet ws;
  if (Status s = ReadWorksheet(path, ctx.sheet, ctx.language, &ws); !s.ok()) {
    std::string message = s.message();
    if (message.rfind(path + ": ", 0) == 0) message = message.substr(path.size() + 2);
    diag->Error({path, 0, 0}, message);
    return;
  }
  const std::string at = path + ":" + ws.name + "!";
  size_t header = 0;
  for (; header < ws.rows.size(); ++header) {
    int known = 0;
    for (const std::string& name : ws.rows[header].cells) known += PlanFieldFor(name) ? 1 : 0;
    if (known >= 3) break;
  }
  if (header == ws.rows.size()) {
    diag->Error({path + ":" + ws.name, 0, 0},
                Tr(ctx.language,
                   "finner ingen overskriftsrad med kolonnene Nr, Satsningsområde, Tiltak, Ansvar "
                   "og Frist",
                   "has no header row with the columns id, focus_area, title, responsible and "
                   "deadline"));
    return;
  }
  std::map<size_t, PlanField> columns;
  Diagnostics header_problems;
  ReadPlanColumns(ws.rows[header].cells, {at + "A" + std::to_string(ws.rows[header].number), 0, 0},
                  ctx, &header_problems, &columns);
  AppendPlanDiagnostics(header_problems, diag);
  if (diag->has_errors()) return;
  Diagnostics shapes;
  for (size_t r = header + 1; r < ws.rows.size(); ++r) {
    SheetRow& sheet_row = ws.rows[r];
    bool blank = true;
    for (const std::string& c : sheet_row.cells) blank = blank && Trim(c).empty();
    if (blank) continue;
    PlanCells row;
    bool ok = true;
    for (const auto& [index, field] : columns) {
      PlanCell& cell = row[field];
      cell.line = sheet_row.number;
      cell.where = at + ColumnName(index) + std::to_string(sheet_row.number);
      if (index < sheet_row.cells.size()) cell.text = std::move(sheet_row.cells[index]);
      ok = CheckPlanCellLength(path, cell, ctx, &shapes) && ok;
    }
    if (ok) on_row(row, sheet_row.number, !shapes.has_errors());
  }
  AppendPlanDiagnostics(shapes, diag);
  AppendPlanDiagnostics(*values, diag);
}

}  // namespace fristvakt
