#include "rules/rule_file.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "rules/text.h"
#include "rules/yaml_reader.h"

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

void LoadRuleFiles(const std::string& dir, const Directory& /*directory*/, RuleSet* out,
                   Diagnostics* diag) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diag->Error({dir, 0, 0}, "the rules folder does not exist");
    return;
  }
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml" && entry.is_regular_file()) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> seen;  // area id -> file
  for (const std::string& path : files) {
    YAML::Node root;
    if (!LoadYamlFile(path, &root, diag)) continue;
    MapReader map(path, root, "a rule file", diag);
    if (!map.valid()) continue;
    FocusArea area;
    area.file = path;
    auto id = map.Text("focus_area", true);
    if (id) {
      area.id = *id;
      if (area.id != "*" && !IsValidId(area.id)) {
        diag->Error(map.PositionOf("focus_area"),
                    "focus area id '" + area.id +
                        "' must be lower-case letters, digits, '-' or '_' (or \"*\")");
      } else if (auto [it, inserted] = seen.emplace(area.id, path); !inserted) {
        diag->Error(map.PositionOf("focus_area"),
                    "focus area '" + area.id + "' is defined again (first in " + it->second + ")");
      }
    }
    if (auto title = map.Text("title")) area.title = Trim(*title);
    area.sdg = map.Integer("sdg", 1, 17);
    map.Boolean("defaults");
    // The rules themselves are read by the rules engine; here they are only counted.
    YAML::Node rules = map.Get("rules");
    if (rules.IsDefined() && !rules.IsNull()) {
      if (!rules.IsSequence()) {
        diag->Error(map.PositionOf("rules"), "'rules' must be a list");
      } else {
        out->rule_count += static_cast<int>(rules.size());
      }
    }
    map.Finish();
    if (!id) continue;
    if (area.id == "*") {
      out->has_defaults = true;
      continue;
    }
    if (area.title.empty()) area.title = area.id;
    out->areas.push_back(std::move(area));
  }
  std::sort(out->areas.begin(), out->areas.end(),
            [](const FocusArea& a, const FocusArea& b) { return a.id < b.id; });
  if (out->areas.empty() && !diag->has_errors()) {
    diag->Error({dir, 0, 0}, "no focus areas: the folder holds no rule file for an area");
  }
}

}  // namespace fristvakt
