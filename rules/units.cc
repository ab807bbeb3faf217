#include "rules/units.h"

#include "rules/text.h"

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
