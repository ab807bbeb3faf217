#ifndef FRISTVAKT_NOTIFIERS_BUILTIN_TEMPLATES_H_
#define FRISTVAKT_NOTIFIERS_BUILTIN_TEMPLATES_H_

#include <map>
#include <string>

#include "rules/model.h"

namespace fristvakt {

// The built-in templates of a language: "KIND.PART" -> Mustache source.
std::map<std::string, std::string> BuiltinTemplates(Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_BUILTIN_TEMPLATES_H_
