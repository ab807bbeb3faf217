#ifndef FRISTVAKT_RULES_RULE_EPOCHS_H_
#define FRISTVAKT_RULES_RULE_EPOCHS_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "rules/config.h"
#include "rules/dates.h"

// When each focus area's time rules came into force: the moment the daemon first evaluated with
// them. An occurrence before its rule came into force was never owed, so it is no missed
// notice: evaluation does not record it as one (docs/rules.md, "Rules added later"). What
// catch-up sends late anyway (an occurrence on its own day, the latest overdue or stale one)
// still goes out.
namespace fristvakt {

// The state entry that keeps them.
inline constexpr const char* kRuleEpochsState = "rule_epochs";

struct RuleEpochs {
  // Area id -> time rule name -> when it came into force; the Unix epoch for one in force from
  // the beginning, and for one not listed.
  std::map<std::string, std::map<std::string, Timestamp, std::less<>>, std::less<>> since;

  Timestamp Since(std::string_view area, std::string_view rule) const;

  // A single line of text, and back; Parse gives nothing for anything else.
  std::string ToString() const;
  static std::optional<RuleEpochs> Parse(const std::string& text);

  bool operator==(const RuleEpochs&) const = default;
};

// The epochs of `config`'s time rules: a rule `stored` lists keeps its moment, a rule it does
// not list came into force `now`. Without `stored` (the first start, or a database from before
// the epochs were kept), every rule has been in force from the beginning, as it was then.
RuleEpochs UpdateRuleEpochs(const Config& config, const std::optional<RuleEpochs>& stored,
                            Timestamp now);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_RULE_EPOCHS_H_
