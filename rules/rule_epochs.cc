#include "rules/rule_epochs.h"

#include <nlohmann/json.hpp>

#include "rules/json_text.h"

namespace fristvakt {

using nlohmann::json;

// In force from the beginning: before any occurrence.
constexpr Timestamp kBeginning{};

Timestamp RuleEpochs::Since(std::string_view area, std::string_view rule) const {
  auto a = since.find(area);
  if (a == since.end()) return kBeginning;
  auto r = a->second.find(rule);
  return r == a->second.end() ? kBeginning : r->second;
}

std::string RuleEpochs::ToString() const {
  json areas = json::object();
  for (const auto& [area, rules] : since) {
    json of_area = json::object();
    for (const auto& [rule, t] : rules) of_area[rule] = t.time_since_epoch().count();
    areas[area] = std::move(of_area);
  }
  return JsonText(areas);
}

std::optional<RuleEpochs> RuleEpochs::Parse(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  RuleEpochs epochs;
  for (const auto& [area, rules] : j.items()) {
    if (!rules.is_object()) return std::nullopt;
    for (const auto& [rule, seconds] : rules.items()) {
      if (!seconds.is_number_integer()) return std::nullopt;
      epochs.since[area][rule] = Timestamp(std::chrono::seconds(seconds.get<int64_t>()));
    }
  }
  return epochs;
}

RuleEpochs UpdateRuleEpochs(const Config& config, const std::optional<RuleEpochs>& stored,
                            Timestamp now) {
  RuleEpochs epochs;
  for (const FocusArea& area : config.rules.areas) {
    for (const Rule* rule : config.rules.EffectiveRules(area.id)) {
      if (!rule->is_time_rule()) continue;
      Timestamp t = stored ? now : kBeginning;
      if (stored) {
        if (auto a = stored->since.find(area.id); a != stored->since.end()) {
          if (auto r = a->second.find(rule->name); r != a->second.end()) t = r->second;
        }
      }
      epochs.since[area.id][rule->name] = t;
    }
  }
  return epochs;
}

}  // namespace fristvakt
