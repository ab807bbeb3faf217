#include "rules/diagnostics.h"

#include <utility>

namespace fristvakt {

std::string Diagnostic::ToString() const {
  std::string out = where.file;
  if (where.line > 0) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  out += warning ? ": warning: " : ": ";
  out += message;
  return out;
}

void Diagnostics::Error(const Position& where, std::string message) {
  items_.push_back({where, std::move(message), false});
  ++errors_;
}

void Diagnostics::Warning(const Position& where, std::string message) {
  items_.push_back({where, std::move(message), true});
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : items_) out += d.ToString() + "\n";
  return out;
}

}  // namespace fristvakt
