#include "daemon/config/units_file.h"

#include <map>

#include "daemon/config/yaml_file.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

void LoadRecipients(const std::string& path, const YAML::Node& list, bool is_group,
                    const std::set<std::string>& webhooks, std::map<std::string, Position>* ids,
                    Directory* out, Diagnostics* diag) {
  const char* kind = is_group ? "group" : "unit";
  if (!list.IsDefined() || list.IsNull()) return;
  if (!list.IsSequence()) {
    diag->Error(PositionOf(path, list),
                std::string(is_group ? "'groups'" : "'units'") + " must be a list");
    return;
  }
  for (const auto& item : list) {
    MapReader map(path, item, std::string("a ") + kind, diag);
    if (!map.valid()) continue;
    Recipient r;
    r.is_group = is_group;
    if (auto id = map.Text("id", true)) {
      r.id = *id;
      if (!IsValidId(r.id)) {
        diag->Error(map.PositionOf("id"), std::string(kind) + " id '" + r.id +
                                              "' must be lower-case letters, digits, '-' or '_'");
      } else if (r.id == "responsible" || r.id == "each_unit") {
        diag->Error(map.PositionOf("id"),
                    "'" + r.id + "' is a reserved word, not a " + kind + " id");
      } else if (auto [it, inserted] = ids->emplace(r.id, map.PositionOf("id")); !inserted) {
        diag->Error(map.PositionOf("id"), "duplicate id '" + r.id + "' (first at line " +
                                              std::to_string(it->second.line) + ")");
      }
    }
    if (auto name = map.Text("name", true)) r.name = Trim(*name);
    if (auto emails = map.TextList("email")) {
      for (const std::string& address : *emails) {
        if (!IsValidEmailAddress(address)) {
          diag->Error(map.PositionOf("email"), "malformed e-mail address '" + address + "'");
        }
      }
      r.email = *emails;
    }
    if (auto webhook = map.Text("webhook")) {
      r.webhook = *webhook;
      if (webhooks.count(r.webhook) == 0) {
        diag->Error(map.PositionOf("webhook"),
                    "unknown webhook '" + r.webhook + "' (not a key of 'webhooks')");
      }
    }
    map.Finish();
    if (!r.has_email() && !r.has_webhook()) {
      diag->Warning(map.where(), std::string(kind) + " '" + r.id +
                                     "' has neither e-mail nor webhook and cannot be notified");
    }
    out->Add(std::move(r));
  }
}

}  // namespace

void LoadDirectory(const std::string& path, const std::set<std::string>& webhooks, Directory* out,
                   Diagnostics* diag) {
  YAML::Node root;
  if (!LoadYamlFile(path, &root, diag)) return;
  MapReader top(path, root, "units.yaml", diag);
  if (!top.valid()) return;
  std::map<std::string, Position> ids;
  YAML::Node units = top.Get("units");
  if (!units.IsDefined() || units.IsNull() || units.size() == 0) {
    diag->Error(top.where(), "no units: 'units' must list at least one unit");
  }
  LoadRecipients(path, units, false, webhooks, &ids, out, diag);
  LoadRecipients(path, top.Get("groups"), true, webhooks, &ids, out, diag);
  top.Finish();
}

}  // namespace fristvakt
