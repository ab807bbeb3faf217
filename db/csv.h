#ifndef FRISTVAKT_DB_CSV_H_
#define FRISTVAKT_DB_CSV_H_

#include <string>
#include <string_view>
#include <vector>

// CSV as spreadsheets write it (RFC 4180): quoted fields may hold the separator, doubled
// quotes and line breaks; CRLF or LF ends a record.
namespace fristvakt {

struct CsvRecord {
  int line = 0;  // where the record starts, counting from 1
  std::vector<std::string> fields;
};

// Splits `text` into records. A quote left open is reported in `error` with its line; the
// records before it are kept. Returns false then.
bool ParseCsv(std::string_view text, char separator, std::vector<CsvRecord>* out,
              std::string* error, int* error_line);

// ';' unless the first record uses ',' and no ';' (Excel in Norway writes ';').
char DetectSeparator(std::string_view text);

// The field quoted when it holds the separator, a quote or a line break.
std::string CsvField(std::string_view value, char separator);

// Text from a file's bytes: a UTF-8 byte order mark is dropped; bytes that are not UTF-8 are
// read as Windows-1252. `encoding` gets "UTF-8" or "Windows-1252". UTF-16 is refused (false).
bool DecodeSpreadsheetText(std::string_view bytes, std::string* text, std::string* encoding);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_CSV_H_
