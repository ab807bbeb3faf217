#include "rules/units.h"

#include <map>

#include "rules/text.h"
#include "rules/yaml_reader.h"

namespace fristvakt {
namespace {

bool IsAtext(char c) {
  // RFC 5322 atext, less the characters no municipal address uses and that only cause trouble.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
}

bool IsDomain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.find('.') == std::string_view::npos) return false;
  for (const std::string& label : SplitList(d, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-')) {
        return false;
      }
    }
  }
  return d.front() != '.' && d.back() != '.' && d.find("..") == std::string_view::npos;
}

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

const Recipient* Directory::Find(std::string_view id) const {
  for (const auto* list : {&units_, &groups_}) {
    for (const Recipient& r : *list) {
      if (r.id == id) return &r;
    }
  }
  return nullptr;
}

const Recipient* Directory::FindUnit(std::string_view id_or_name) const {
  std::string folded = FoldCase(Trim(id_or_name));
  for (const Recipient& r : units_) {
    if (r.id == id_or_name) return &r;
  }
  for (const Recipient& r : units_) {
    if (FoldCase(r.name) == folded || r.id == folded) return &r;
  }
  return nullptr;
}

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

bool IsValidEmailAddress(std::string_view address) {
  size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  std::string_view local = address.substr(0, at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (!IsAtext(c)) return false;
  }
  return IsDomain(address.substr(at + 1));
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '_'))) return false;
  }
  return true;
}

}  // namespace fristvakt
