#include "rules/rule_set.h"

#include <algorithm>

#include "rules/text.h"

namespace fristvakt {

const FocusArea* RuleSet::FindArea(std::string_view id_or_title) const {
  for (const FocusArea& a : areas) {
    if (a.id == id_or_title) return &a;
  }
  std::string folded = FoldCase(Trim(id_or_title));
  for (const FocusArea& a : areas) {
    if (FoldCase(a.title) == folded || a.id == folded) return &a;
  }
  return nullptr;
}

std::vector<const Rule*> RuleSet::EffectiveRules(std::string_view area_id) const {
  std::vector<const Rule*> out;
  const FocusArea* area = nullptr;
  for (const FocusArea& a : areas) {
    if (a.id == area_id) area = &a;
  }
  if (area == nullptr) return out;
  if (area->use_defaults) {
    for (const Rule& d : defaults) {
      bool replaced = std::any_of(area->rules.begin(), area->rules.end(),
                                  [&](const Rule& r) { return r.name == d.name; });
      if (!replaced) out.push_back(&d);
    }
  }
  for (const Rule& r : area->rules) out.push_back(&r);
  return out;
}

}  // namespace fristvakt
