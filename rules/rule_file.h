#ifndef FRISTVAKT_RULES_RULE_FILE_H_
#define FRISTVAKT_RULES_RULE_FILE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/diagnostics.h"
#include "rules/units.h"

// Rule files, one per focus area (SPEC §2.3). The focus areas are exactly those with a file.
namespace fristvakt {

struct FocusArea {
  std::string id;
  std::string title;
  std::optional<int> sdg;
  std::string file;  // the rule file that defines it
};

struct RuleSet {
  std::vector<FocusArea> areas;  // sorted by id
  bool has_defaults = false;     // a "*" file was found
  int rule_count = 0;

  // An area by its id, or by its title without regard to case.
  const FocusArea* FindArea(std::string_view id_or_title) const;
};

// Reads every *.yaml file in `dir`, in name order. Problems go to `diag` with their positions.
void LoadRuleFiles(const std::string& dir, const Directory& directory, RuleSet* out,
                   Diagnostics* diag);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_RULE_FILE_H_
