#include "notifiers/templates.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "notifiers/builtin_templates.h"

namespace fristvakt {
namespace {

bool ValidPart(const std::string& name) {
  for (const char* part : {".subject", ".text", ".html"}) {
    const std::string suffix = part;
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

void Templates::Load(const std::string& folder, Language lang, Templates* out, Diagnostics* diag) {
  out->sources_ = BuiltinTemplates(lang);
  out->parsed_.clear();
  if (folder.empty()) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    diag->Error({folder, 0, 0}, "the templates folder does not exist");
    return;
  }
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".mustache") continue;
    std::string name = p.stem().string();
    if (!ValidPart(name)) {
      diag->Error({p.string(), 0, 0},
                  "a template file is named NAME.subject.mustache, NAME.text.mustache or "
                  "NAME.html.mustache");
      continue;
    }
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    kainjow::mustache::mustache parsed(text.str());
    if (!parsed.is_valid()) {
      diag->Error({p.string(), 0, 0}, "not a valid Mustache template: " + parsed.error_message());
      continue;
    }
    out->sources_[name] = text.str();
  }
}

bool Templates::HasSet(const std::string& name) const {
  return sources_.count(name + ".subject") > 0 && sources_.count(name + ".text") > 0 &&
         sources_.count(name + ".html") > 0;
}

std::string Templates::Render(const std::string& name, const std::string& part,
                              const kainjow::mustache::data& data) const {
  const std::string key = name + "." + part;
  auto cached = parsed_.find(key);
  if (cached == parsed_.end()) {
    auto it = sources_.find(key);
    if (it == sources_.end()) return {};
    auto tmpl = std::make_unique<kainjow::mustache::mustache>(it->second);
    if (part != "html") tmpl->set_custom_escape([](const std::string& s) { return s; });
    cached = parsed_.emplace(key, std::move(tmpl)).first;
  }
  // Into a string, rather than through the std::ostringstream that render(data) makes each time.
  std::string out;
  cached->second->render(data, [&out](const std::string& text) { out += text; });
  return out;
}

void CheckRuleTemplates(const RuleSet& rules, const Templates& templates, Diagnostics* diag) {
  auto check = [&](const Rule& rule) {
    if (rule.template_name.empty() || templates.HasSet(rule.template_name)) return;
    diag->Error(rule.where, "rule '" + rule.name + "': no template '" + rule.template_name +
                                "' (the templates folder needs " + rule.template_name +
                                ".subject.mustache, .text.mustache and .html.mustache)");
  };
  for (const Rule& rule : rules.defaults) check(rule);
  for (const FocusArea& area : rules.areas) {
    for (const Rule& rule : area.rules) check(rule);
  }
}

}  // namespace fristvakt
