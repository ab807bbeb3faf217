#ifndef FRISTVAKT_NOTIFIERS_RENDER_H_
#define FRISTVAKT_NOTIFIERS_RENDER_H_

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "notifiers/notifier.h"
#include "notifiers/templates.h"
#include "rules/config.h"

namespace fristvakt {

// A notification as the outbox holds it: what was decided, and the facts it was decided on.
struct NoticeRecord {
  std::string key;
  std::string kind;  // reminder, overdue, escalation, stale, event, digest
  std::string rule;  // the rule's or the digest's name
  std::string recipient;
  Channel channel = Channel::kEmail;
  Timestamp at;
  nlohmann::json payload;  // {"measure", "focus_area", "severity", "event"} or {"digest"}
  // The link the notice carries (docs/answers.md): PUBLIC_URL/svar/... to a unit,
  // PUBLIC_URL/godkjenn/... to the approvers of a deadline request; empty: none.
  std::string action_url;
};

// Turns a notice into the message a transport sends: the subject, text and HTML from the
// templates, the webhook body in its configured format (docs/messages.md). Days are counted to the
// local date of `now`, the moment it is sent. The config and templates outlive it.
class Renderer {
 public:
  Renderer(const Config& config, const Templates& templates)
      : config_(config), templates_(templates) {}

  // Nothing when the recipient, or the webhook it names, is no longer configured.
  std::optional<OutgoingMessage> Render(const NoticeRecord& n, Timestamp now) const;

  // The `json` webhook body (schema fristvakt.notification/v1).
  nlohmann::ordered_json WebhookJson(const NoticeRecord& n, const Recipient& r,
                                     const std::string& text, Timestamp now) const;

  // The body of a webhook in `format`: the json body, a Teams card or a Slack message, with
  // everything from input escaped for the format's markup.
  std::string WebhookBody(const NoticeRecord& n, const Recipient& r, WebhookFormat format,
                          const std::string& subject, const std::string& text, Timestamp now) const;

 private:
  kainjow::mustache::data MeasureData(const NoticeRecord& n, const Recipient& r,
                                      Timestamp now) const;
  kainjow::mustache::data DigestData(const NoticeRecord& n, const Recipient& r) const;

  const Config& config_;
  const Templates& templates_;
};

// The label of the button or link that opens a notice's link: "Svar på varselet".
std::string ActionTitle(const std::string& kind, Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_RENDER_H_
