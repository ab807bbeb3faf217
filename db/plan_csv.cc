#include "db/plan_csv.h"

#include <algorithm>
#include <set>
#include <utility>

#include "db/csv.h"
#include "db/spreadsheet_file.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

bool IsBlank(const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (!Trim(f).empty()) return false;
  }
  return true;
}

// ReadCsvPlan's state while the file goes by.
class CsvPlanReader {
 public:
  CsvPlanReader(const std::string& path, const PlanContext& ctx, PlanFile* out, Diagnostics* diag,
                Diagnostics* values, const CsvRowHandler& on_row)
      : path_(path), ctx_(ctx), out_(out), diag_(diag), values_(values), on_row_(on_row) {}

  void Read() {
    SpreadsheetFile file;
    if (!file.Open(path_)) {
      diag_->Error({path_, 0, 0}, Tr(ctx_.language, "kan ikke lese filen", "cannot read the file"));
      return;
    }
    if (!file.utf16()) out_->encoding = file.encoding();
    if (!CheckFile(file)) return;
    CsvReader csv(file.separator(), [this](CsvRecord&& record) { OnRecord(std::move(record)); });
    if (!file.ReadText([&csv](std::string_view text) { csv.Feed(text); })) {
      diag_->Error({path_, 0, 0}, Tr(ctx_.language, "kan ikke lese filen", "cannot read the file"));
      return;
    }
    int open_quote = 0;
    if (!csv.Finish(&open_quote)) {
      diag_->Error({path_, open_quote, 0},
                   Tr(ctx_.language, "et felt i anførselstegn er ikke avsluttet",
                      "a quoted field is not closed"));
    }
    if (!header_) {
      diag_->Error({path_, 1, 0}, Tr(ctx_.language, "filen er tom", "the file is empty"));
      return;
    }
    AppendPlanDiagnostics(header_problems_, diag_);
    if (diag_->has_errors()) {
      out_->rows.clear();
      return;
    }
    AppendPlanDiagnostics(shapes_, diag_);
    AppendPlanDiagnostics(*values_, diag_);
  }

 private:
  bool CheckFile(const SpreadsheetFile& file) {
    if (file.utf16()) {
      diag_->Error(
          {path_, 1, 0},
          Tr(ctx_.language, "filen er UTF-16; lagre den som CSV (semikolondelt) eller CSV UTF-8",
             "the file is UTF-16; save it as CSV (semicolon separated) or CSV UTF-8"));
      return false;
    }
    if (file.nul_line() > 0) {
      diag_->Error({path_, file.nul_line(), 0}, NulInPlanMessage(ctx_.language));
      return false;
    }
    // Windows-1252 has no byte order mark: its bytes there are "ï»¿", as text.
    if (file.bom_line() > 0 && file.encoding() == "UTF-8") {
      diag_->Error({path_, file.bom_line(), 0}, BomInPlanMessage(ctx_.language));
      return false;
    }
    return true;
  }

  void OnRecord(CsvRecord&& record) {
    if (!header_) {
      header_ = std::move(record);
      ReadHeader();
    } else if (!header_problems_.has_errors()) {
      ReadRow(std::move(record));
    }
  }

  void ReadHeader() {
    ReadPlanColumns(header_->fields, {path_, header_->line, 0}, ctx_, &header_problems_, &columns_);
  }

  void ReadRow(CsvRecord&& record) {
    if (IsBlank(record.fields)) return;  // Excel writes ";;;;" for rows it once used
    // A row cut off (a file truncated mid-row) or shifted (a separator too many) would import
    // with fields emptied or in the wrong columns. Empty fields past the header are harmless.
    const size_t width = header_->fields.size();
    const bool extra_filled =
        std::any_of(record.fields.begin() + std::min(record.fields.size(), width),
                    record.fields.end(), [](const std::string& f) { return !Trim(f).empty(); });
    if (record.fields.size() < width || extra_filled) {
      shapes_.Error({path_, record.line, 0},
                    Tr(ctx_.language, "raden har ", "the row has ") +
                        std::to_string(record.fields.size()) +
                        Tr(ctx_.language, " felt, overskriften ", " fields, the header ") +
                        std::to_string(width));
      return;
    }
    PlanCells row;
    bool ok = true;
    for (const auto& [index, field] : columns_) {
      PlanCell& cell = row[field];
      cell = {std::move(record.fields[index]), record.line, ""};
      ok = CheckPlanCellLength(path_, cell, ctx_, &shapes_) && ok;
    }
    if (ok) on_row_(row, record.line, !shapes_.has_errors());
  }

  const std::string& path_;
  const PlanContext& ctx_;
  PlanFile* out_;
  Diagnostics* diag_;
  std::optional<CsvRecord> header_;
  std::map<size_t, PlanField> columns_;
  Diagnostics header_problems_;
  Diagnostics shapes_;   // the rows' field counts and lengths
  Diagnostics* values_;  // on_row_'s problems with the rows' values
  const CsvRowHandler& on_row_;
};

}  // namespace

void ReadCsvPlan(const std::string& path, const PlanContext& ctx, PlanFile* out, Diagnostics* diag,
                 Diagnostics* values, const CsvRowHandler& on_row) {
  CsvPlanReader(path, ctx, out, diag, values, on_row).Read();
}

}  // namespace fristvakt
