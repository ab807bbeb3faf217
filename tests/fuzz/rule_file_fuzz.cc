// One rule file (docs/rules.md) among the example's, checked against the example's units.
#include "daemon/config/rule_files.h"
#include "fuzz_support.h"
#include "rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fristvakt;
  const Config& config = fuzz::ExampleConfig();
  fuzz::WriteScratch("rules/area.yaml", data, size);
  RuleSet rules;
  Diagnostics diag;
  LoadRuleFiles(fuzz::ScratchDir() + "/rules", config.directory, &rules, &diag);
  (void)diag.ToString();
  for (const FocusArea& area : rules.areas) (void)rules.EffectiveRules(area.id);
  return 0;
}
