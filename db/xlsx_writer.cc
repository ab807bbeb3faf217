// Workbooks out, through libxlsxwriter.
#include <xlsxwriter.h>

#include "db/export.h"
#include "db/xlsx.h"

namespace fristvakt {

Status WriteWorkbook(const std::string& path, const std::vector<Measure>& measures,
                     const std::map<std::string, MeasureNotes>& notes, Language lang,
                     const date::time_zone* zone) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (book == nullptr) {
    return Status::Unavailable(Tr(lang, "kan ikke skrive ", "cannot write ") + path);
  }
  lxw_worksheet* sheet =
      workbook_add_worksheet(book, lang == Language::kEn ? "Measures" : "Tiltak");
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_bottom(header, LXW_BORDER_MEDIUM);
  lxw_format* added_header = workbook_add_format(book);
  format_set_bold(added_header);
  format_set_italic(added_header);
  format_set_bottom(added_header, LXW_BORDER_MEDIUM);
  format_set_bg_color(added_header, 0xE8E8E8);
  lxw_format* added = workbook_add_format(book);
  format_set_bg_color(added, 0xF2F2F2);
  format_set_text_wrap(added);
  lxw_format* day = workbook_add_format(book);
  format_set_num_format(day, "dd.mm.yyyy");
  lxw_format* percent = workbook_add_format(book);
  format_set_num_format(percent, "0%");

  std::vector<std::string> columns = ExportHeader(lang);
  const lxw_col_t plan_columns = static_cast<lxw_col_t>(columns.size());
  columns.push_back(Tr(lang, "Siste svar (fristvakt)", "Last answer (fristvakt)"));
  columns.push_back(Tr(lang, "Kvittert (fristvakt)", "Acknowledged (fristvakt)"));
  columns.push_back(Tr(lang, "Ønsket frist (fristvakt)", "Requested deadline (fristvakt)"));
  for (lxw_col_t c = 0; c < columns.size(); ++c) {
    worksheet_write_string(sheet, 0, c, columns[c].c_str(),
                           c < plan_columns ? header : added_header);
  }
  static const double kWidths[] = {10, 18, 40, 20, 12, 12, 11, 26, 40, 24, 11, 16, 16, 40};
  for (lxw_col_t c = 0; c < plan_columns; ++c) {
    worksheet_set_column(sheet, c, c, c < std::size(kWidths) ? kWidths[c] : 16, nullptr);
  }
  worksheet_set_column(sheet, plan_columns, plan_columns + 2, 36, added);

  lxw_row_t row = 1;
  const bool words = lang != Language::kEn;
  for (const Measure& m : measures) {
    std::string tags;
    for (const std::string& t : m.tags) tags += (tags.empty() ? "" : ", ") + t;
    auto text = [&](lxw_col_t c, const std::string& value) {
      if (!value.empty()) worksheet_write_string(sheet, row, c, value.c_str(), nullptr);
    };
    text(0, m.id);
    text(1, m.focus_area);
    text(2, m.title);
    text(3, m.responsible);
    const date::year_month_day ymd(m.deadline);
    lxw_datetime deadline = {static_cast<int>(ymd.year()),
                             static_cast<int>(unsigned(ymd.month())),
                             static_cast<int>(unsigned(ymd.day())),
                             0,
                             0,
                             0};
    worksheet_write_datetime(sheet, row, 4, &deadline, day);
    text(5, words ? MeasureStatusLabel(m.status, lang) : MeasureStatusName(m.status));
    worksheet_write_number(sheet, row, 6, m.progress / 100.0, percent);
    // The moment of the last update keeps its time and zone as text: a round trip through a
    // date cell would lose them.
    text(7, FormatIsoTimestamp(m.updated_at, zone));
    text(8, m.description);
    text(9, m.plan);
    text(10, m.priority);
    text(11, tags);
    text(12, m.owner);
    text(13, m.comment);
    if (auto it = notes.find(m.id); it != notes.end()) {
      text(plan_columns, it->second.last_answer);
      text(plan_columns + 1, it->second.acknowledgement);
      text(plan_columns + 2, it->second.pending_request);
    }
    ++row;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  worksheet_autofilter(sheet, 0, 0, row > 1 ? row - 1 : 1,
                       static_cast<lxw_col_t>(columns.size() - 1));
  if (lxw_error e = workbook_close(book); e != LXW_NO_ERROR) {
    return Status::Unavailable(Tr(lang, "kan ikke skrive ", "cannot write ") + path + ": " +
                               lxw_strerror(e));
  }
  return Status::Ok();
}

}  // namespace fristvakt
