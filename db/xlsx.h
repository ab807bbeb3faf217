#ifndef FRISTVAKT_DB_XLSX_H_
#define FRISTVAKT_DB_XLSX_H_

#include <map>
#include <string>
#include <vector>

#include "rules/model.h"
#include "rules/status.h"

// Excel workbooks (.xlsx, Office Open XML) read as the plan reader reads CSV: one worksheet as
// rows of text (docs/configuration.md, "Action plans"). libzip opens the package and expat
// reads its XML; nothing is hand-parsed. Bounded: a part larger than the limits below, or XML
// with a document type (where entity expansion would hide), is refused.
namespace fristvakt {

// One row of a worksheet with something in it, as Excel numbers it.
struct SheetRow {
  int number = 0;                  // 1-based, as Excel shows it
  std::vector<std::string> cells;  // by column from A; "" where a cell is empty
};

struct Worksheet {
  std::string name;  // the sheet's name, as its tab shows it
  std::vector<SheetRow> rows;
};

// Reads the worksheet named `sheet` (empty: the first) of the workbook at `path`. Cells come as
// text: shared and inline strings as they are; numbers in date formats as yyyy-mm-dd; numbers in
// percent formats as whole per cents ("40" for 0.4); other numbers in their shortest form;
// booleans as TRUE or FALSE. A file that is not a workbook, is encrypted, or names no such sheet
// is BadInput with a message that says what it is instead.
Status ReadWorksheet(const std::string& path, const std::string& sheet, Language lang,
                     Worksheet* out);

// What fristvakt adds beside a plan's own fields, shown in the workbook's read-only columns;
// import ignores them.
struct MeasureNotes {
  std::string last_answer;      // when, who and what the unit last said
  std::string acknowledgement;  // a running acknowledgement: until, note
  std::string pending_request;  // a deadline request waiting for the approvers
};

// Writes the measures as a workbook a plan owner keeps working in (docs/configuration.md,
// "Export"): one sheet, a frozen header row with an autofilter, the import's columns (dates as
// Excel dates shown dd.mm.yyyy, progress as a per cent), then the read-only columns of `notes`.
// Export, edit in Excel, import: nothing changes that was not edited.
Status WriteWorkbook(const std::string& path, const std::vector<Measure>& measures,
                     const std::map<std::string, MeasureNotes>& notes, Language lang,
                     const date::time_zone* zone);

// "A", "Z", "AA" for columns 0, 25, 26.
std::string ColumnName(size_t column);

// The largest part of a workbook that is read (uncompressed), and the most cells.
inline constexpr size_t kMaxWorkbookPart = 256u << 20;
inline constexpr size_t kMaxWorkbookCells = 5'000'000;

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_XLSX_H_
