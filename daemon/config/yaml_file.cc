#include "daemon/config/yaml_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/text.h"

namespace fristvakt {

bool ReadWholeFile(const std::string& path, std::string* out, Diagnostics* diag) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    diag->Error({path, 0, 0}, "is a folder, not a file");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diag->Error({path, 0, 0}, "cannot read the file");
    return false;
  }
  try {
    std::ostringstream text;
    text << in.rdbuf();
    *out = std::move(text).str();
  } catch (const std::exception& e) {  // an I/O error from the stream (a device)
    diag->Error({path, 0, 0}, std::string("cannot read the file: ") + e.what());
    return false;
  }
  if (in.bad()) {
    diag->Error({path, 0, 0}, "cannot read the file");
    return false;
  }
  return true;
}

bool LoadYamlFile(const std::string& path, YAML::Node* root, Diagnostics* diag) {
  std::string text;
  if (!ReadWholeFile(path, &text, diag)) return false;
  // YAML is UTF-8. A file saved as Latin-1 or Windows-1252 would load with its names garbled and
  // fail later, when a plan's unit names are matched against them.
  if (size_t at = InvalidUtf8At(text); at != std::string::npos) {
    const size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    const int column =
        static_cast<int>(at - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
    diag->Error(
        {path, line, column},
        "the file is not UTF-8 (is it saved as Latin-1 or Windows-1252?); save it as UTF-8");
    return false;
  }
  return ParseYaml(path, text, root, diag);
}

}  // namespace fristvakt
