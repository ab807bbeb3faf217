#ifndef FRISTVAKT_NOTIFIERS_TEMPLATES_H_
#define FRISTVAKT_NOTIFIERS_TEMPLATES_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "rules/diagnostics.h"
#include "rules/model.h"
#include "rules/rule_set.h"

namespace fristvakt {

// Message templates (Mustache). Built in: for each kind of notice (reminder, overdue, escalation,
// stale, event, digest) a subject, a plain text and an HTML template, in Norwegian bokmål and
// English. An operator may replace any of them, or add named ones for a rule's `template`, with
// files NAME.PART.mustache (PART: subject, text or html) in the configured folder.
// Immutable once loaded (but for its cache of parsed templates); one thread at a time.
class Templates {
 public:
  // The built-ins of `lang`, then every *.mustache file in `folder` (none when empty). A file
  // with another name, or one that is not valid Mustache, is reported.
  static void Load(const std::string& folder, Language lang, Templates* out, Diagnostics* diag);

  // Whether NAME.subject, NAME.text and NAME.html all exist.
  bool HasSet(const std::string& name) const;
  // Renders NAME.PART. Values are HTML-escaped in html templates only; in the subject no value
  // may break the line (MIME encoding takes care of what is left).
  std::string Render(const std::string& name, const std::string& part,
                     const kainjow::mustache::data& data) const;

 private:
  std::map<std::string, std::string> sources_;  // "reminder.text" -> template
  // Each template parsed once, on its first use: rendering is on the hot path of delivery.
  mutable std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> parsed_;
};

// Reports each rule whose `template` names no complete set (NAME.subject, .text and .html).
void CheckRuleTemplates(const RuleSet& rules, const Templates& templates, Diagnostics* diag);

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_TEMPLATES_H_
