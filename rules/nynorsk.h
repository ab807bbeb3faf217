#ifndef FRISTVAKT_RULES_NYNORSK_H_
#define FRISTVAKT_RULES_NYNORSK_H_

#include <string_view>

// Nynorsk for the messages fristvakt writes. The bokmål text is the message's id, as in gettext:
// `Tr(lang, nb, en)` looks its nb text up here when the language is nn. One table keeps the
// ~300 call sites as they are; tests/rules/nynorsk_test.cc fails for every bokmål text in the
// sources that has no entry, so that no new message silently falls back to bokmål.
namespace fristvakt {

// The nynorsk for the bokmål text `nb`, exactly as written in the sources (spaces and line
// ends included), or nullptr when the table has none. Thread-safe: the table is constant.
const char* Nynorsk(std::string_view nb);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_NYNORSK_H_
