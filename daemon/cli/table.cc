#include "daemon/cli/table.h"

#include <algorithm>

#include "rules/text.h"

namespace fristvakt {

std::string Table::ToString() const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      out += cells[i];
      if (i + 1 < cells.size()) out += std::string(widths[i] - DisplayWidth(cells[i]) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headers_);
  std::vector<std::string> rule;
  for (size_t w : widths) {
    std::string dashes;
    for (size_t i = 0; i < w; ++i) dashes += "-";
    rule.push_back(dashes);
  }
  out += line(rule);
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string OutboxStateLabel(const std::string& state, Language lang) {
  if (state == "queued") return Tr(lang, "i kø", "queued");
  if (state == "sending") return Tr(lang, "sendes", "sending");
  if (state == "sent") return Tr(lang, "sendt", "sent");
  if (state == "dead") return Tr(lang, "død", "dead");
  if (state == "dropped") return Tr(lang, "ikke sendt", "dropped");
  return state;
}

}  // namespace fristvakt
