#ifndef FRISTVAKT_RULES_DIAGNOSTICS_H_
#define FRISTVAKT_RULES_DIAGNOSTICS_H_

#include <string>
#include <vector>

namespace fristvakt {

// A place in an input file. Lines and columns count from 1; 0 means "not known".
struct Position {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Position where;
  std::string message;
  bool warning = false;

  // "FILE:LINE:COL: message", leaving out what is not known; warnings say so.
  std::string ToString() const;
};

// Collects every problem found in a set of input files, so that all of them can be reported
// at once rather than only the first. Not thread-safe.
class Diagnostics {
 public:
  void Error(const Position& where, std::string message);
  void Warning(const Position& where, std::string message);

  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  const std::vector<Diagnostic>& items() const { return items_; }

  // Every item, one per line, in the order they were found.
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_DIAGNOSTICS_H_
