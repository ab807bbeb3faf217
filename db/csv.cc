#include "db/csv.h"

#include <utility>

#include "rules/text.h"

namespace fristvakt {

CsvReader::CsvReader(char separator, RecordHandler on_record)
    : separator_(separator), on_record_(std::move(on_record)) {}

void CsvReader::Feed(std::string_view text) {
  const char plain_end[] = {separator_, '"', '\r', '\n', '\0'};
  size_t i = 0;
  while (i < text.size()) {
    // Inside a record and with nothing pending, ordinary characters go in by the run.
    if (started_ && !cr_ended_ && !quote_seen_ && !cr_in_quotes_) {
      size_t end = text.find_first_of(in_quotes_ ? std::string_view("\"\r\n") : plain_end, i);
      if (end == std::string_view::npos) end = text.size();
      field_.append(text.substr(i, end - i));
      i = end;
      if (i == text.size()) break;
    }
    Take(text[i++]);
  }
}

void CsvReader::Take(char c) {
  if (cr_ended_) {
    cr_ended_ = false;
    if (c == '\n') return;  // the LF of the CRLF that ended the record
  }
  if (!started_) {
    started_ = true;
    record_.line = line_;
  }
  if (in_quotes_) {
    if (cr_in_quotes_) {
      cr_in_quotes_ = false;
      // A CRLF inside a quoted field is a line break of the cell: keep it as LF.
      if (c != '\n') field_.push_back('\r');
    }
    if (quote_seen_) {
      quote_seen_ = false;
      if (c == '"') {
        field_.push_back('"');
        return;
      }
      in_quotes_ = false;  // and `c` is read outside them, below
    } else {
      if (c == '"') {
        quote_seen_ = true;
      } else if (c == '\r') {
        cr_in_quotes_ = true;
      } else {
        if (c == '\n') ++line_;
        field_.push_back(c);
      }
      return;
    }
  }
  if (c == '"' && field_.empty()) {
    in_quotes_ = true;
    quote_line_ = line_;
  } else if (c == separator_) {
    EndField();
  } else if (c == '\r' || c == '\n') {
    EndField();
    ++line_;
    EndRecord();
    cr_ended_ = c == '\r';
  } else {
    // A stray quote inside an unquoted field is taken as it stands, as spreadsheets do.
    field_.push_back(c);
  }
}

void CsvReader::EndField() {
  record_.fields.push_back(std::move(field_));
  field_.clear();
}

void CsvReader::EndRecord() {
  on_record_(std::move(record_));
  record_ = CsvRecord{};
  started_ = false;
}

bool CsvReader::Finish(int* error_line) {
  if (quote_seen_) {
    quote_seen_ = false;
    in_quotes_ = false;  // the quote was the last character: it closes the field
  }
  if (in_quotes_) {
    *error_line = quote_line_;
    return false;
  }
  if (started_) {
    EndField();
    EndRecord();
  }
  return true;
}

bool ParseCsv(std::string_view text, char separator, std::vector<CsvRecord>* out,
              std::string* error, int* error_line) {
  CsvReader reader(separator, [out](CsvRecord&& record) { out->push_back(std::move(record)); });
  reader.Feed(text);
  if (!reader.Finish(error_line)) {
    *error = "a quoted field is not closed";
    return false;
  }
  return true;
}

void SeparatorDetector::Feed(std::string_view text) {
  for (char c : text) {
    if (done_) return;
    if (c == '"') in_quotes_ = !in_quotes_;
    if (in_quotes_) continue;
    if (c == '\n' || c == '\r') {
      done_ = true;
      return;
    }
    if (c == ';') ++semicolons_;
    if (c == ',') ++commas_;
  }
}

char DetectSeparator(std::string_view text) {
  SeparatorDetector detector;
  detector.Feed(text);
  return detector.separator();
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
