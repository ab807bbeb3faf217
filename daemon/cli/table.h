#ifndef FRISTVAKT_DAEMON_CLI_TABLE_H_
#define FRISTVAKT_DAEMON_CLI_TABLE_H_

#include <string>
#include <vector>

#include "rules/model.h"

namespace fristvakt {

// A plain-text table for the terminal, aligned by code points so that æøå line up.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // REQUIRES: cells.size() == number of headers.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }
  std::string ToString() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// A notification's state in the outbox (queued, sending, sent, dead, dropped) in `lang`.
std::string OutboxStateLabel(const std::string& state, Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_TABLE_H_
