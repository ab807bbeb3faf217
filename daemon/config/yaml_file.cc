#include "daemon/config/yaml_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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
  return ReadWholeFile(path, &text, diag) && ParseYaml(path, text, root, diag);
}

}  // namespace fristvakt
