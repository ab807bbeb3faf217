// The plan importer (docs/configuration.md, "Action plans"): CSV in UTF-8 or Windows-1252 with
// either separator, or YAML. The first byte picks the format; the rest is the file.
#include "db/plan_import.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fristvakt;
  if (size == 0) return 0;
  const Config& config = fuzz::ExampleConfig();
  const std::string name = data[0] % 2 == 0 ? "plan.csv" : "plan.yaml";
  const std::string path = fuzz::WriteScratch(name, data + 1, size - 1);
  PlanContext ctx;
  ctx.rules = &config.rules;
  ctx.directory = &config.directory;
  ctx.zone = config.timezone;
  ctx.language = data[0] % 4 < 2 ? Language::kNb : Language::kEn;
  PlanFile plan;
  Diagnostics diag;
  ReadPlan(path, ctx, &plan, &diag);
  (void)diag.ToString();
  return 0;
}
