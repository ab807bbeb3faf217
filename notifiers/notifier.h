#ifndef FRISTVAKT_NOTIFIERS_NOTIFIER_H_
#define FRISTVAKT_NOTIFIERS_NOTIFIER_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rules/dates.h"
#include "rules/rule.h"

// Transports: how a rendered notification leaves the building.
namespace fristvakt {

// A notification rendered and addressed, ready for one transport.
struct OutgoingMessage {
  std::string key;
  Channel channel = Channel::kEmail;
  // E-mail: every address of the recipient, in one mail.
  std::string to_name;
  std::vector<std::string> to;
  std::string subject;
  std::string text;
  std::string html;
  Timestamp date;
  // Webhook: the configured webhook's name and the body in its format.
  std::string webhook;
  std::string body;
};

struct DeliveryResult {
  enum class Outcome { kSent, kTransient, kPermanent };

  Outcome outcome = Outcome::kSent;
  std::string error;  // for the log and `outbox`; never holds a secret
  std::optional<std::chrono::seconds> retry_after;

  static DeliveryResult Sent() { return {}; }
  static DeliveryResult Transient(std::string error,
                                  std::optional<std::chrono::seconds> after = std::nullopt) {
    return {Outcome::kTransient, std::move(error), after};
  }
  static DeliveryResult Permanent(std::string error) {
    return {Outcome::kPermanent, std::move(error), std::nullopt};
  }
};

// One transport. Runs on the io_context's thread; Send never blocks.
class Notifier {
 public:
  using Done = std::function<void(DeliveryResult)>;

  virtual ~Notifier() = default;
  // Where a message goes (a host, a URL): the dispatcher limits how many are in flight to one.
  virtual std::string Destination(const OutgoingMessage& m) const = 0;
  // How many may be in flight to one destination at once.
  virtual int Limit() const = 0;
  // Starts sending; `done` runs exactly once, on the io_context, unless CancelAll comes first.
  virtual void Send(const OutgoingMessage& m, Done done) = 0;
  // Abandons every transfer in flight; their `done` never runs, except for a transfer that had
  // ended already, whose `done` runs now with how it ended (so that a notice that went out is
  // recorded as sent, not sent again).
  virtual void CancelAll() = 0;
};

// A header value that cannot end its line or carry anything but visible ASCII: other bytes are
// percent-encoded. Keys come from measure ids, which come from spreadsheets.
std::string SafeHeaderValue(std::string_view value);

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_NOTIFIER_H_
