// fristvakt.yaml (docs/configuration.md) next to the example's units file and rules.
#include <filesystem>

#include "daemon/config/config_file.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fristvakt;
  static const bool copied = [] {
    namespace fs = std::filesystem;
    const fs::path examples = fs::path(FRISTVAKT_SOURCE_DIR) / "examples";
    const fs::path dir = fuzz::ScratchDir();
    fs::copy_file(examples / "units.yaml", dir / "units.yaml",
                  fs::copy_options::overwrite_existing);
    fs::copy(examples / "rules", dir / "rules",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    return true;
  }();
  (void)copied;
  const std::string path = fuzz::WriteScratch("fristvakt.yaml", data, size);
  Config config;
  Diagnostics diag;
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "FRISTVAKT_SMTP_PASSWORD") return "secret";
    return std::nullopt;
  };
  LoadConfig(path, env, &config, &diag);
  (void)diag.ToString();
  return 0;
}
