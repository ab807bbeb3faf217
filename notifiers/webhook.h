#ifndef FRISTVAKT_NOTIFIERS_WEBHOOK_H_
#define FRISTVAKT_NOTIFIERS_WEBHOOK_H_

#include <map>
#include <memory>
#include <string>

#include "notifiers/curl_multi.h"
#include "notifiers/notifier.h"
#include "rules/config.h"

namespace fristvakt {

// Standard Webhooks signature: "v1," + base64(HMAC-SHA256(secret, id + "." + timestamp + "." +
// body)). A secret written as "whsec_" + base64 is decoded first, as Standard Webhooks does;
// any other secret is used as its bytes.
std::string WebhookSignature(const Secret& secret, std::string_view id, int64_t timestamp,
                             std::string_view body);

// HTTP POST of a JSON body to a configured webhook, through libcurl on the io_context.
// 2xx is sent; 408, 429, 5xx, connection errors and time-outs are transient (with Retry-After
// honoured); other answers are permanent.
class WebhookNotifier : public Notifier {
 public:
  // `webhooks` outlives the notifier. `limit`: requests in flight to one URL.
  WebhookNotifier(CurlMulti& multi, const std::map<std::string, WebhookConfig>& webhooks,
                  int limit = 16);
  ~WebhookNotifier() override;

  std::string Destination(const OutgoingMessage& m) const override;
  int Limit() const override { return limit_; }
  void Send(const OutgoingMessage& m, Done done) override;
  void CancelAll() override;

  // Time limits for one request; tests shorten them.
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{30000};

 private:
  struct Transfer;

  const std::map<std::string, WebhookConfig>& webhooks_;
  int limit_;
  TransferSet<Transfer> transfers_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_WEBHOOK_H_
