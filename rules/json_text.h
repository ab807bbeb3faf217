#ifndef FRISTVAKT_RULES_JSON_TEXT_H_
#define FRISTVAKT_RULES_JSON_TEXT_H_

#include <string>

#include <nlohmann/json.hpp>

namespace fristvakt {

// JSON as text. Bytes that are not UTF-8 (a query string, a command-line argument) become
// U+FFFD instead of an exception: no input can stop the daemon by being written out.
template <typename Json>
std::string JsonText(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_JSON_TEXT_H_
