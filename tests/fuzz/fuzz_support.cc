#include "fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fristvakt::fuzz {

const Config& ExampleConfig() {
  static const Config* config = [] {
    auto* c = new Config();
    Diagnostics diag;
    LoadConfig(
        std::string(FRISTVAKT_SOURCE_DIR) + "/examples/fristvakt.yaml",
        [](const std::string&) { return std::optional<std::string>(); }, c, &diag);
    if (diag.has_errors()) {
      std::fprintf(stderr, "the example configuration does not load:\n%s", diag.ToString().c_str());
      std::abort();
    }
    return c;
  }();
  return *config;
}

const std::string& ScratchDir() {
  static const std::string dir = [] {
    std::string d = "/tmp/fristvakt-fuzz-" + std::to_string(getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

std::string WriteScratch(const std::string& name, const uint8_t* data, size_t size) {
  std::string path = ScratchDir() + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace fristvakt::fuzz
