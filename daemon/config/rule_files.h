#ifndef FRISTVAKT_DAEMON_CONFIG_RULE_FILES_H_
#define FRISTVAKT_DAEMON_CONFIG_RULE_FILES_H_

#include <string>

#include "rules/diagnostics.h"
#include "rules/rule_set.h"
#include "rules/units.h"

// Reading the rule files, one per focus area (docs/rules.md), into a RuleSet.
namespace fristvakt {

// Reads every *.yaml file in `dir`, in name order. Problems go to `diag` with their positions.
void LoadRuleFiles(const std::string& dir, const Directory& directory, RuleSet* out,
                   Diagnostics* diag);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CONFIG_RULE_FILES_H_
