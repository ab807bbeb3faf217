// Runs the fuzz targets over files, without libFuzzer: the committed corpora and every crash
// ever found are replayed by the test suite on each build (also under ASan + UBSan).
// Usage: fuzz_replay TARGET FILE_OR_FOLDER...
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

extern "C" int FuzzPlan(const uint8_t* data, size_t size);
extern "C" int FuzzRuleFile(const uint8_t* data, size_t size);
extern "C" int FuzzConfig(const uint8_t* data, size_t size);
extern "C" int FuzzCron(const uint8_t* data, size_t size);
extern "C" int FuzzApi(const uint8_t* data, size_t size);
extern "C" int FuzzWorkbook(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  const std::map<std::string, int (*)(const uint8_t*, size_t)> targets = {
      {"plan", FuzzPlan}, {"rule_file", FuzzRuleFile}, {"config", FuzzConfig}, {"cron", FuzzCron},
      {"api", FuzzApi},   {"workbook", FuzzWorkbook}};
  if (argc < 3 || targets.count(argv[1]) == 0) {
    std::fprintf(stderr,
                 "usage: fuzz_replay plan|rule_file|config|cron|api|workbook FILE_OR_FOLDER...\n");
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (int i = 2; i < argc; ++i) {
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[i])) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else {
      files.emplace_back(argv[i]);
    }
  }
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    targets.at(argv[1])(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  }
  std::printf("%zu inputs replayed through %s\n", files.size(), argv[1]);
  return files.empty() ? 1 : 0;
}
