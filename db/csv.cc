#include "db/csv.h"

#include "rules/text.h"

namespace fristvakt {

bool ParseCsv(std::string_view text, char separator, std::vector<CsvRecord>* out,
              std::string* error, int* error_line) {
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool in_quotes = false;
    int quote_line = line;
    bool record_done = false;
    while (!record_done) {
      if (i >= text.size()) {
        if (in_quotes) {
          *error = "a quoted field is not closed";
          *error_line = quote_line;
          return false;
        }
        record.fields.push_back(std::move(field));
        break;
      }
      char c = text[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
          } else {
            in_quotes = false;
            ++i;
          }
        } else {
          if (c == '\n') ++line;
          // A CRLF inside a quoted field is a line break of the cell: keep it as LF.
          if (!(c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) field.push_back(c);
          ++i;
        }
        continue;
      }
      if (c == '"' && field.empty()) {
        in_quotes = true;
        quote_line = line;
        ++i;
      } else if (c == separator) {
        record.fields.push_back(std::move(field));
        field.clear();
        ++i;
      } else if (c == '\r' || c == '\n') {
        record.fields.push_back(std::move(field));
        i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        ++line;
        record_done = true;
      } else {
        // A stray quote inside an unquoted field is taken as it stands, as spreadsheets do.
        field.push_back(c);
        ++i;
      }
    }
    out->push_back(std::move(record));
  }
  return true;
}

char DetectSeparator(std::string_view text) {
  size_t semicolons = 0;
  size_t commas = 0;
  bool in_quotes = false;
  for (char c : text) {
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ';') ++semicolons;
    if (c == ',') ++commas;
  }
  return (semicolons == 0 && commas > 0) ? ',' : ';';
}

std::string CsvField(std::string_view value, char separator) {
  if (value.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string_view::npos) {
    return std::string(value);
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool DecodeSpreadsheetText(std::string_view bytes, std::string* text, std::string* encoding) {
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    return false;
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) {
    *text = std::string(bytes);
    *encoding = "UTF-8";
  } else {
    *text = Cp1252ToUtf8(bytes);
    *encoding = "Windows-1252";
  }
  return true;
}

}  // namespace fristvakt
