#ifndef FRISTVAKT_DB_XLSX_H_
#define FRISTVAKT_DB_XLSX_H_

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

// "A", "Z", "AA" for columns 0, 25, 26.
std::string ColumnName(size_t column);

// The largest part of a workbook that is read (uncompressed), and the most cells.
inline constexpr size_t kMaxWorkbookPart = 256u << 20;
inline constexpr size_t kMaxWorkbookCells = 5'000'000;

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_XLSX_H_
