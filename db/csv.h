#ifndef FRISTVAKT_DB_CSV_H_
#define FRISTVAKT_DB_CSV_H_

#include <functional>
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

// Splits text that arrives in pieces into records, exactly as ParseCsv splits the whole: a
// record, a quote or a CRLF may straddle two pieces. Holds only the record being read, so a
// large file can be read a piece at a time. Used by one thread.
class CsvReader {
 public:
  using RecordHandler = std::function<void(CsvRecord&&)>;

  // `on_record` gets every record as soon as it is complete.
  CsvReader(char separator, RecordHandler on_record);
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next piece of the text.
  void Feed(std::string_view text);
  // The end of the text: hands over the last record. Returns false when a quoted field is still
  // open; `error_line` then gets the line it opened on, and that record is not handed over.
  bool Finish(int* error_line);

 private:
  void Take(char c);
  void EndField();
  void EndRecord();

  const char separator_;
  const RecordHandler on_record_;
  int line_ = 1;
  CsvRecord record_;
  std::string field_;
  bool started_ = false;  // the current record has at least one character
  bool in_quotes_ = false;
  bool quote_seen_ = false;    // a '"' inside quotes: the end of them, or the first of two
  bool cr_in_quotes_ = false;  // a CR inside quotes: dropped when an LF follows
  bool cr_ended_ = false;      // a CR ended the record: an LF right after is part of it
  int quote_line_ = 0;
};

// Splits `text` into records. A quote left open is reported in `error` with its line; the
// records before it are kept. Returns false then.
bool ParseCsv(std::string_view text, char separator, std::vector<CsvRecord>* out,
              std::string* error, int* error_line);

// Which separator a file uses, from its first record, which may arrive in pieces.
class SeparatorDetector {
 public:
  void Feed(std::string_view text);
  // ';' unless the first record uses ',' and no ';' (Excel in Norway writes ';').
  char separator() const { return (semicolons_ == 0 && commas_ > 0) ? ',' : ';'; }

 private:
  bool done_ = false;
  bool in_quotes_ = false;
  size_t semicolons_ = 0;
  size_t commas_ = 0;
};

// ';' unless the first record uses ',' and no ';' (Excel in Norway writes ';').
char DetectSeparator(std::string_view text);

// The field quoted when it holds the separator, a quote or a line break.
std::string CsvField(std::string_view value, char separator);

// Text from a file's bytes: a UTF-8 byte order mark is dropped; bytes that are not UTF-8 are
// read as Windows-1252. `encoding` gets "UTF-8" or "Windows-1252". UTF-16 is refused (false).
bool DecodeSpreadsheetText(std::string_view bytes, std::string* text, std::string* encoding);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_CSV_H_
