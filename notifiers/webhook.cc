#include "notifiers/webhook.h"

#include <cstring>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <ctime>

#include "rules/text.h"

namespace fristvakt {
namespace {

std::string Base64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string DecodeBase64(std::string_view text) {
  std::string out(3 * text.size() / 4 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return {};
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t padding = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++padding;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(padding, static_cast<size_t>(n)));
  return out;
}

size_t DiscardBody(char* /*data*/, size_t size, size_t count, void* /*user*/) {
  return size * count;
}

}  // namespace

std::string SafeHeaderValue(std::string_view value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (c > 0x20 && c < 0x7F && c != '%') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

std::string WebhookSignature(const Secret& secret, std::string_view id, int64_t timestamp,
                             std::string_view body) {
  std::string key = secret.reveal();
  if (key.rfind("whsec_", 0) == 0) key = DecodeBase64(std::string_view(key).substr(6));
  std::string content = std::string(id) + "." + std::to_string(timestamp) + "." + std::string(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &mac_size);
  return "v1," + Base64(mac, mac_size);
}

struct WebhookNotifier::Transfer : CurlTransfer {
  std::string body;
  size_t sent = 0;  // how much of the body libcurl has read
  std::optional<std::chrono::seconds> retry_after;
  Done done;

  // The body goes to libcurl through a read callback, and the seek callback says it cannot go
  // back. libcurl resends a request by itself when a kept-alive connection dies before any
  // answer; the receiver may have had the whole request by then, so that resend would be a
  // second POST within one attempt. Unable to rewind, libcurl fails the transfer instead, and
  // the dispatcher records the attempt and sends the next at once: one attempt, one request.
  static size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = std::min(size * count, t->body.size() - t->sent);
    std::memcpy(buffer, t->body.data() + t->sent, n);
    t->sent += n;
    return n;
  }
  static int OnSeek(void*, curl_off_t, int) { return CURL_SEEKFUNC_CANTSEEK; }

  // Remembers Retry-After: seconds, or an HTTP date.
  static size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size() && FoldCase(line.substr(0, kName.size())) == kName) {
      std::string value = Trim(line.substr(kName.size()));
      if (!value.empty() && std::all_of(value.begin(), value.end(), ::isdigit)) {
        t->retry_after = std::chrono::seconds(std::stoll(value.substr(0, 9)));
      } else if (time_t when = curl_getdate(value.c_str(), nullptr); when > 0) {
        t->retry_after = std::chrono::seconds(std::max<time_t>(0, when - std::time(nullptr)));
      }
    }
    return size * count;
  }
};

WebhookNotifier::WebhookNotifier(CurlMulti& multi,
                                 const std::map<std::string, WebhookConfig>& webhooks, int limit)
    : webhooks_(webhooks), limit_(limit), transfers_(multi) {}

WebhookNotifier::~WebhookNotifier() = default;

std::string WebhookNotifier::Destination(const OutgoingMessage& m) const {
  auto it = webhooks_.find(m.webhook);
  return it == webhooks_.end() ? m.webhook : it->second.url;
}

void WebhookNotifier::Send(const OutgoingMessage& m, Done done) {
  auto it = webhooks_.find(m.webhook);
  if (it == webhooks_.end()) {
    done(DeliveryResult::Permanent("no webhook named '" + m.webhook + "' in the configuration"));
    return;
  }
  const WebhookConfig& hook = it->second;
  auto t = std::make_unique<Transfer>();
  t->body = m.body;
  t->done = std::move(done);
  const std::string key = SafeHeaderValue(m.key);
  t->list = curl_slist_append(t->list, "Content-Type: application/json");
  t->list = curl_slist_append(t->list, ("Idempotency-Key: " + key).c_str());
  // No "Expect: 100-continue" round trip before the body.
  t->list = curl_slist_append(t->list, "Expect:");
  if (!hook.secret.empty()) {
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    t->list = curl_slist_append(t->list, ("webhook-id: " + key).c_str());
    t->list = curl_slist_append(t->list, ("webhook-timestamp: " + std::to_string(now)).c_str());
    t->list = curl_slist_append(
        t->list,
        ("webhook-signature: " + WebhookSignature(hook.secret, key, now, t->body)).c_str());
  }
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_URL, hook.url.c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->list);
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
  curl_easy_setopt(e, CURLOPT_READFUNCTION, &Transfer::OnRead);
  curl_easy_setopt(e, CURLOPT_READDATA, t.get());
  curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, &Transfer::OnSeek);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "fristvakt");
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &DiscardBody);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
  transfers_.Start(std::move(t), [](std::unique_ptr<Transfer> t, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    DeliveryResult result;
    if (code == CURLE_SEND_FAIL_REWIND) {
      // A kept-alive connection died before any answer and libcurl wanted to send the request
      // again. This attempt ends here; the next one goes out at once, on a fresh connection,
      // so a receiver that merely closed an idle connection costs no back-off.
      result = DeliveryResult::Transient(
          "the connection closed before an answer; sent again on a new connection",
          std::chrono::seconds(0));
    } else if (code != CURLE_OK) {
      result = DeliveryResult::Transient(t->Error(code));
    } else if (status >= 200 && status < 300) {
      result = DeliveryResult::Sent();
    } else if (status == 408 || status == 429 || status >= 500) {
      result = DeliveryResult::Transient("HTTP " + std::to_string(status), t->retry_after);
    } else {
      result = DeliveryResult::Permanent("HTTP " + std::to_string(status));
    }
    Done done = std::move(t->done);
    t.reset();
    done(std::move(result));
  });
}

void WebhookNotifier::CancelAll() { transfers_.CancelAll(); }

}  // namespace fristvakt
