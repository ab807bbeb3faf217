#ifndef FRISTVAKT_DB_SPREADSHEET_FILE_H_
#define FRISTVAKT_DB_SPREADSHEET_FILE_H_

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>

#include "db/csv.h"

// A CSV file as Excel saves it, read a piece at a time so that a large plan never sits in
// memory as bytes, text and records at once (docs/configuration.md, "Action plans").
namespace fristvakt {

// Reads the file twice. Open() reads it through once to learn what DecodeSpreadsheetText
// (db/csv.h) would learn from the whole: whether it is UTF-16, its encoding (UTF-8 unless some
// byte sequence is not, then Windows-1252), where a NUL or a byte order mark past its start
// first stands, and the separator its first record uses. ReadText() then hands over its text,
// decoded to UTF-8 and without the leading byte order mark, a piece at a time. A file that
// cannot be read twice (a pipe) is read into memory once. Used by one thread.
class SpreadsheetFile {
 public:
  SpreadsheetFile() = default;
  SpreadsheetFile(const SpreadsheetFile&) = delete;
  SpreadsheetFile& operator=(const SpreadsheetFile&) = delete;

  // False when the file cannot be read.
  bool Open(const std::string& path);

  // What Open() found. Lines count from 1; 0: there is none. After a UTF-16 mark nothing else
  // is looked at.
  bool utf16() const { return utf16_; }
  const std::string& encoding() const { return encoding_; }
  int nul_line() const { return nul_line_; }
  int bom_line() const { return bom_line_; }
  char separator() const { return separator_; }

  // Calls `on_text` with the decoded text, in order. False when reading failed.
  // REQUIRES: Open() returned true.
  bool ReadText(const std::function<void(std::string_view)>& on_text);

 private:
  void Survey(std::string_view piece);
  void CheckUtf8(std::string_view piece);
  bool ReadPieces(const std::function<void(std::string_view)>& on_piece);

  std::ifstream file_;
  std::istringstream memory_;
  std::istream* in_ = nullptr;
  bool leading_bom_ = false;
  bool utf16_ = false;
  std::string encoding_ = "UTF-8";
  int nul_line_ = 0;
  int bom_line_ = 0;
  char separator_ = ';';

  // Survey()'s state between pieces.
  bool first_piece_ = true;
  int newlines_ = 0;
  std::string bom_tail_;    // the last two bytes so far: a mark may straddle two pieces
  std::string utf8_carry_;  // a UTF-8 sequence that the previous piece cut off
  SeparatorDetector separators_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_SPREADSHEET_FILE_H_
