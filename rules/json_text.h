#ifndef FRISTVAKT_RULES_JSON_TEXT_H_
#define FRISTVAKT_RULES_JSON_TEXT_H_

#include <string>

#include <nlohmann/json.hpp>

namespace fristvakt {

// JSON as text, and members read from a JSON object without copying or throwing.

// JSON as text. Bytes that are not UTF-8 (a query string, a command-line argument) become
// U+FFFD instead of an exception: no input can stop the daemon by being written out.
template <typename Json>
std::string JsonText(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// The member `key` of the object `j`, or an empty object when it has none or `j` is no object.
// A reference: `j.contains(key) ? j[key] : Json::object()` is a copy of the member (the two
// branches meet in a value), which for a notice's measure or a digest is most of its payload.
template <typename Json>
const Json& MemberOrEmpty(const Json& j, const char* key) {
  static const Json kEmpty = Json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it == j.end() ? kEmpty : *it;
}
// Not of a temporary: the reference would outlive it.
template <typename Json>
const Json& MemberOrEmpty(const Json&& j, const char* key) = delete;

// The member `key` of the object `j` if it is text, else "" (also when `j` is no object).
template <typename Json>
std::string TextMember(const Json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->template get<std::string>() : std::string();
}

// The member `key` of the object `j` if it is a whole number, else 0.
template <typename Json>
int IntMember(const Json& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->template get<int>() : 0;
}

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_JSON_TEXT_H_
