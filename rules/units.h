#ifndef FRISTVAKT_RULES_UNITS_H_
#define FRISTVAKT_RULES_UNITS_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/diagnostics.h"

// Units and groups: who is responsible for measures and who receives notices
// (docs/configuration.md, "units.yaml").
namespace fristvakt {

struct Recipient {
  std::string id;
  std::string name;
  std::vector<std::string> email;  // all of them get one mail together
  std::string webhook;             // a key of the configuration's `webhooks`, or empty
  bool is_group = false;

  bool has_email() const { return !email.empty(); }
  bool has_webhook() const { return !webhook.empty(); }
};

// The units and groups of units.yaml. Ids are unique across both. Constant once loaded.
class Directory {
 public:
  const std::vector<Recipient>& units() const { return units_; }
  const std::vector<Recipient>& groups() const { return groups_; }

  // A unit or a group by its id.
  const Recipient* Find(std::string_view id) const;
  // A unit by its id, or by its name without regard to case (as action plans name them).
  const Recipient* FindUnit(std::string_view id_or_name) const;

  void Add(Recipient r) { (r.is_group ? groups_ : units_).push_back(std::move(r)); }

 private:
  std::vector<Recipient> units_;
  std::vector<Recipient> groups_;
};

// A plain address, local@domain.tld, with nothing that could end or add a mail header.
bool IsValidEmailAddress(std::string_view address);

// Ids are slugs: lower-case letters, digits, '-' and '_', starting with a letter or digit.
bool IsValidId(std::string_view id);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_UNITS_H_
