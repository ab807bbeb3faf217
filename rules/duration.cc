#include "rules/duration.h"

#include <charconv>

namespace fristvakt {

std::string Duration::ToString() const {
  switch (unit) {
    case Unit::kDays:
      return std::to_string(count) + "d";
    case Unit::kWeeks:
      return std::to_string(count) + "w";
    case Unit::kWorkingDays:
      return std::to_string(count) + "wd";
  }
  return {};
}

std::optional<Duration> ParseDuration(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 5) return std::nullopt;
  Duration d;
  std::from_chars(text.data(), text.data() + digits, d.count);
  std::string_view unit = text.substr(digits);
  if (unit == "d") {
    d.unit = Duration::Unit::kDays;
  } else if (unit == "w") {
    d.unit = Duration::Unit::kWeeks;
  } else if (unit == "wd") {
    d.unit = Duration::Unit::kWorkingDays;
  } else {
    return std::nullopt;
  }
  return d;
}

}  // namespace fristvakt
