#include "daemon/config/rule_files.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "daemon/config/yaml_file.h"
#include "rules/evaluate.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

// Reads the `when` mapping: exactly one trigger.
void ReadWhen(MapReader* rule_map, Rule* rule) {
  Diagnostics* diag = rule_map->diag();
  YAML::Node node = rule_map->Get("when");
  if (!node.IsDefined() || node.IsNull()) {
    diag->Error(rule_map->where(), "missing 'when' in rule '" + rule->name + "'");
    return;
  }
  MapReader when(rule_map->file(), node, "'when'", diag);
  if (!when.valid()) return;
  static const std::pair<const char*, Trigger> kTriggers[] = {
      {"before_deadline", Trigger::kBeforeDeadline},
      {"on_deadline", Trigger::kOnDeadline},
      {"after_deadline", Trigger::kAfterDeadline},
      {"no_update_for", Trigger::kNoUpdateFor},
      {"event", Trigger::kEvent}};
  int found = 0;
  bool offset_read = false;  // a valid duration, not one left at 0 by an invalid one
  for (const auto& [key, trigger] : kTriggers) {
    auto text = when.Text(key);
    if (!text) continue;
    if (++found > 1) {
      diag->Error(when.PositionOf(key), "'when' must have exactly one trigger; '" +
                                            std::string(key) + "' is a second one");
      continue;
    }
    rule->trigger = trigger;
    if (trigger == Trigger::kOnDeadline) {
      if (*text != "true") {
        diag->Error(when.PositionOf(key), "'on_deadline' must be true, not '" + *text + "'");
      }
    } else if (trigger == Trigger::kEvent) {
      if (auto e = ParseEventKind(*text)) {
        rule->event = *e;
      } else {
        diag->Error(when.PositionOf(key),
                    "unknown event '" + *text +
                        "' (use created, status_changed, deadline_moved or acknowledged)");
      }
    } else if (auto d = ParseDuration(*text)) {
      rule->offset = *d;
      offset_read = true;
    } else {
      diag->Error(when.PositionOf(key), "'" + std::string(key) +
                                            "' must be a duration such as 14d, 2w or 10wd, not '" +
                                            *text + "'");
    }
  }
  if (found == 1 && offset_read && rule->offset.count == 0 &&
      (rule->trigger == Trigger::kAfterDeadline || rule->trigger == Trigger::kNoUpdateFor)) {
    diag->Warning(when.where(),
                  "a duration of 0 fires on the base day itself (for "
                  "after_deadline: the deadline, when nothing is overdue yet)");
  }
  if (found == 0 && when.valid()) {
    diag->Error(when.where(),
                "'when' has no trigger (before_deadline, on_deadline, after_deadline, "
                "no_update_for or event)");
  }
  when.Finish();
}

void ReadFilter(MapReader* rule_map, const Directory& directory, Rule* rule) {
  YAML::Node node = rule_map->Get("if");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader filter(rule_map->file(), node, "'if'", rule_map->diag());
  if (!filter.valid()) return;
  if (auto statuses = filter.TextList("status")) {
    for (const std::string& s : *statuses) {
      if (auto status = ParseMeasureStatus(s)) {
        rule->filter.status.push_back(*status);
      } else {
        filter.diag()->Error(filter.PositionOf("status"), "unknown status '" + s + "'");
      }
    }
  }
  if (auto p = filter.TextList("priority")) rule->filter.priority = *p;
  if (auto units = filter.TextList("units")) {
    for (const std::string& u : *units) {
      const Recipient* r = directory.Find(u);
      if (r == nullptr || r->is_group) {
        filter.diag()->Error(filter.PositionOf("units"), "unknown unit '" + u + "'");
      }
    }
    rule->filter.units = *units;
  }
  if (auto tags = filter.TextList("tags")) rule->filter.tags = *tags;
  filter.Finish();
}

void ReadRecipients(MapReader* rule_map, const Directory& directory, Rule* rule) {
  auto to = rule_map->TextList("to", true);
  if (!to) return;
  rule->to = *to;
  for (const std::string& id : rule->to) {
    if (id != "responsible" && directory.Find(id) == nullptr) {
      rule_map->diag()->Error(
          rule_map->PositionOf("to"),
          "unknown recipient '" + id + "' (not responsible, a unit id or a group id)");
    }
  }
  if (auto channels = rule_map->TextList("channels")) {
    for (const std::string& c : *channels) {
      if (c == "email") {
        rule->channels.push_back(Channel::kEmail);
      } else if (c == "webhook") {
        rule->channels.push_back(Channel::kWebhook);
      } else {
        rule_map->diag()->Error(rule_map->PositionOf("channels"),
                                "unknown channel '" + c + "' (use email or webhook)");
      }
    }
  }
}

// A rule that passes validation but can never send anything is a mistake worth a warning.
void WarnIfNeverFires(const Rule& rule, const Directory& directory, Diagnostics* diag) {
  if (rule.is_time_rule() && !rule.filter.status.empty() &&
      std::none_of(rule.filter.status.begin(), rule.filter.status.end(), IsOpen)) {
    diag->Warning(rule.where, "rule '" + rule.name +
                                  "' can never fire: time rules fire only for open measures");
  }
  bool reachable = false;
  for (const std::string& id : rule.to) {
    const Recipient* r = directory.Find(id);
    if (id == "responsible" || r == nullptr) {
      reachable = true;
      continue;
    }
    for (Channel c : {Channel::kEmail, Channel::kWebhook}) {
      bool allowed = rule.channels.empty() || std::find(rule.channels.begin(), rule.channels.end(),
                                                        c) != rule.channels.end();
      bool has = c == Channel::kEmail ? r->has_email() : r->has_webhook();
      if (allowed && has) reachable = true;
    }
  }
  if (!reachable) {
    diag->Warning(rule.where,
                  "rule '" + rule.name + "' can never fire: no recipient has any of its channels");
  }
}

std::optional<Rule> ReadRule(const std::string& file, const YAML::Node& node,
                             const std::string& area, const Directory& directory,
                             Diagnostics* diag) {
  MapReader map(file, node, "a rule", diag);
  if (!map.valid()) return std::nullopt;
  int errors_before = diag->error_count();
  Rule rule;
  rule.area = area;
  rule.where = map.where();
  if (auto name = map.Text("name", true)) {
    rule.name = *name;
    if (!IsValidId(rule.name)) {
      diag->Error(map.PositionOf("name"),
                  "rule name '" + rule.name + "' must be lower-case letters, digits, '-' or '_'");
    } else if (rule.name == kApprovalRule) {
      diag->Error(map.PositionOf("name"),
                  "the rule name '" + rule.name + "' is taken by the notices of deadline requests");
    }
  }
  ReadWhen(&map, &rule);
  ReadRecipients(&map, directory, &rule);
  if (auto text = map.Text("repeat")) {
    auto d = ParseDuration(*text);
    if (!d || d->count < 1) {
      diag->Error(
          map.PositionOf("repeat"),
          "'repeat' must be a duration of at least one day, such as 7d, not '" + *text + "'");
    } else if (!rule.is_time_rule()) {
      diag->Error(map.PositionOf("repeat"), "'repeat' is for time rules, not event rules");
    } else {
      rule.repeat = d;
    }
  }
  rule.max_times = map.Integer("max_times", 1, 10000);
  if (rule.max_times && *rule.max_times > 1 && !rule.repeat) {
    diag->Warning(map.PositionOf("max_times"),
                  "'max_times' above 1 has no effect without 'repeat'");
  }
  ReadFilter(&map, directory, &rule);
  rule.unless_acknowledged =
      rule.trigger == Trigger::kAfterDeadline || rule.trigger == Trigger::kNoUpdateFor;
  if (auto b = map.Boolean("unless_acknowledged")) rule.unless_acknowledged = *b;
  if (auto s = map.Text("severity")) {
    if (*s == "info") {
      rule.severity = Severity::kInfo;
    } else if (*s == "warning") {
      rule.severity = Severity::kWarning;
    } else if (*s == "critical") {
      rule.severity = Severity::kCritical;
    } else {
      diag->Error(map.PositionOf("severity"),
                  "'severity' must be info, warning or critical, not '" + *s + "'");
    }
  }
  if (auto t = map.Text("template")) rule.template_name = *t;
  map.Finish();
  if (diag->error_count() > errors_before) return std::nullopt;
  WarnIfNeverFires(rule, directory, diag);
  return rule;
}

// Reads one rule file into `area` (the "*" file too).
void ReadRuleFile(const std::string& path, const Directory& directory,
                  std::map<std::string, std::string>* seen, FocusArea* area, int* rule_count,
                  Diagnostics* diag, bool* ok) {
  *ok = false;
  YAML::Node root;
  if (!LoadYamlFile(path, &root, diag)) return;
  MapReader map(path, root, "a rule file", diag);
  if (!map.valid()) return;
  area->file = path;
  auto id = map.Text("focus_area", true);
  if (id) {
    area->id = *id;
    if (area->id != "*" && !IsValidId(area->id)) {
      diag->Error(map.PositionOf("focus_area"),
                  "focus area id '" + area->id +
                      "' must be lower-case letters, digits, '-' or '_' (or \"*\")");
    } else if (auto [it, inserted] = seen->emplace(area->id, path); !inserted) {
      diag->Error(map.PositionOf("focus_area"),
                  "focus area '" + area->id + "' is defined again (first in " + it->second + ")");
    }
  }
  if (auto title = map.Text("title")) area->title = Trim(*title);
  area->sdg = map.Integer("sdg", 1, 17);
  if (auto d = map.Boolean("defaults")) area->use_defaults = *d;
  YAML::Node rules = map.Get("rules");
  if (rules.IsDefined() && !rules.IsNull()) {
    if (!rules.IsSequence()) {
      diag->Error(map.PositionOf("rules"), "'rules' must be a list");
    } else {
      std::map<std::string, int> names;
      for (const auto& node : rules) {
        auto rule = ReadRule(path, node, id.value_or("?"), directory, diag);
        ++*rule_count;
        if (!rule) continue;
        if (auto [it, inserted] = names.emplace(rule->name, rule->where.line); !inserted) {
          diag->Error(rule->where, "duplicate rule name '" + rule->name + "' (first at line " +
                                       std::to_string(it->second) + ")");
          continue;
        }
        area->rules.push_back(std::move(*rule));
      }
    }
  }
  map.Finish();
  *ok = id.has_value();
}

}  // namespace

void LoadRuleFiles(const std::string& dir, const Directory& directory, RuleSet* out,
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
    } else if (entry.path().extension() == ".yml") {
      diag->Warning({entry.path().string(), 0, 0}, "ignored: rule files end in .yaml");
    }
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> seen;  // area id -> file
  for (const std::string& path : files) {
    FocusArea area;
    bool ok = false;
    ReadRuleFile(path, directory, &seen, &area, &out->rule_count, diag, &ok);
    if (!ok) continue;
    if (area.id == "*") {
      out->defaults = std::move(area.rules);
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
