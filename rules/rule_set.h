#ifndef FRISTVAKT_RULES_RULE_SET_H_
#define FRISTVAKT_RULES_RULE_SET_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/diagnostics.h"
#include "rules/rule.h"
#include "rules/units.h"

// The focus areas and their rules, as the rule files define them (docs/rules.md). The focus
// areas are exactly those with a rule file.
namespace fristvakt {

struct FocusArea {
  std::string id;
  std::string title;
  std::optional<int> sdg;
  std::string file;  // the rule file that defines it
  bool use_defaults = true;
  std::vector<Rule> rules;  // its own, in file order
};

struct RuleSet {
  std::vector<FocusArea> areas;  // sorted by id
  std::vector<Rule> defaults;    // the "*" file's rules
  int rule_count = 0;            // in all files

  // An area by its id, or by its title without regard to case.
  const FocusArea* FindArea(std::string_view id_or_title) const;
  // The rules in force for an area: the defaults (unless switched off), less those the area
  // replaces by name, then the area's own. Empty for an unknown area.
  std::vector<const Rule*> EffectiveRules(std::string_view area_id) const;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_RULE_SET_H_
