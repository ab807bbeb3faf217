#include "notifiers/email.h"

#include <boost/asio/post.hpp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "rules/text.h"

namespace fristvakt {

MailAddress ParseMailbox(std::string_view text) {
  static const std::regex kNamed(R"re(\s*"?([^<>"]*?)"?\s*<([^<>\s]+)>\s*)re");
  std::string s(text);
  std::smatch m;
  if (std::regex_match(s, m, kNamed)) return {Trim(m[1].str()), m[2].str()};
  return {"", Trim(s)};
}

std::string BuildEmail(const OutgoingMessage& m, const MailAddress& from,
                       const date::time_zone* zone) {
  MailMessage mail;
  mail.from = from;
  for (const std::string& address : m.to) mail.to.push_back({m.to_name, address});
  mail.subject = m.subject;
  mail.text = m.text;
  mail.html = m.html;
  mail.key = m.key;
  mail.date = m.date;
  return BuildMime(mail, zone);
}

struct SmtpNotifier::Transfer : CurlTransfer {
  std::string message;
  size_t sent = 0;
  Done done;

  static size_t Read(char* buffer, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t n = std::min(size * count, t->message.size() - t->sent);
    std::memcpy(buffer, t->message.data() + t->sent, n);
    t->sent += n;
    return n;
  }
};

SmtpNotifier::SmtpNotifier(CurlMulti& multi, const SmtpConfig& smtp, const DeliveryConfig& delivery,
                           const date::time_zone* zone)
    : smtp_(smtp),
      delivery_(delivery),
      zone_(zone),
      from_(ParseMailbox(smtp.from)),
      transfers_(multi) {}

SmtpNotifier::~SmtpNotifier() = default;

void SmtpNotifier::Send(const OutgoingMessage& m, Done done) {
  auto t = std::make_unique<Transfer>();
  t->message = BuildEmail(m, from_, zone_);
  t->done = std::move(done);
  for (const std::string& address : m.to) {
    t->list = curl_slist_append(t->list, ("<" + address + ">").c_str());
  }
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_URL, smtp_.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(e, CURLOPT_MAIL_FROM, ("<" + from_.address + ">").c_str());
  curl_easy_setopt(e, CURLOPT_MAIL_RCPT, t->list);
  curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(e, CURLOPT_READFUNCTION, &Transfer::Read);
  curl_easy_setopt(e, CURLOPT_READDATA, t.get());
  curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t->message.size()));
  // TRY would fall back to clear text when the server offers no STARTTLS: only when the
  // operator asked for `optional`.
  long use_ssl = smtp_.starttls == StartTls::kRequired   ? CURLUSESSL_ALL
                 : smtp_.starttls == StartTls::kOptional ? CURLUSESSL_TRY
                                                         : CURLUSESSL_NONE;
  curl_easy_setopt(e, CURLOPT_USE_SSL, use_ssl);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!smtp_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, smtp_.ca_file.c_str());
  if (!smtp_.username.empty()) {
    curl_easy_setopt(e, CURLOPT_USERNAME, smtp_.username.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, smtp_.password.reveal().c_str());
  }
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<int64_t>(delivery_.timeout.count(), 15) * 1000));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(delivery_.timeout.count() * 1000));
  transfers_.Start(std::move(t), [](std::unique_ptr<Transfer> t, CURLcode code) {
    long reply = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &reply);
    DeliveryResult result;
    if (code == CURLE_OK) {
      result = DeliveryResult::Sent();
    } else {
      std::string error =
          t->Error(code) + (reply > 0 ? " (SMTP " + std::to_string(reply) + ")" : "");
      result = reply >= 500 ? DeliveryResult::Permanent(error) : DeliveryResult::Transient(error);
    }
    Done done = std::move(t->done);
    t.reset();
    done(std::move(result));
  });
}

void SmtpNotifier::CancelAll() { transfers_.CancelAll(); }

SpoolNotifier::SpoolNotifier(boost::asio::io_context& io, std::string folder, MailAddress from,
                             const date::time_zone* zone)
    : io_(io), folder_(std::move(folder)), from_(std::move(from)), zone_(zone) {}

std::string SpoolNotifier::FileName(std::string_view key) {
  std::string name;
  for (const char c : SafeHeaderValue(key)) {
    if (c == '/') {
      name += "%2F";
    } else {
      name.push_back(c);
    }
  }
  return name + ".eml";
}

Status SpoolNotifier::Prepare() const {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec)
    return Status::Unavailable("cannot make the spool folder " + folder_ + ": " + ec.message());
  const fs::path probe = fs::path(folder_) / ".fristvakt-probe";
  {
    std::ofstream out(probe, std::ios::binary | std::ios::trunc);
    out << "probe\n";
    out.flush();
    if (!out) {
      const int error = errno;
      fs::remove(probe, ec);
      return Status::Unavailable("cannot write into the spool folder " + folder_ + ": " +
                                 std::strerror(error));
    }
  }
  fs::remove(probe, ec);
  return Status::Ok();
}

void SpoolNotifier::Send(const OutgoingMessage& m, Done done) {
  namespace fs = std::filesystem;
  DeliveryResult result;
  std::error_code ec;
  fs::create_directories(folder_, ec);
  const fs::path target = fs::path(folder_) / FileName(m.key);
  const fs::path partial = fs::path(folder_) / ("." + FileName(m.key) + ".part");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << BuildEmail(m, from_, zone_);
    out.flush();
    if (!out) {
      result = DeliveryResult::Transient("cannot write " + partial.string() + ": " +
                                         std::strerror(errno));
    }
  }
  if (result.outcome == DeliveryResult::Outcome::kSent) {
    fs::rename(partial, target, ec);
    if (ec)
      result = DeliveryResult::Transient("cannot write " + target.string() + ": " + ec.message());
  }
  if (result.outcome != DeliveryResult::Outcome::kSent) fs::remove(partial, ec);
  boost::asio::post(io_, [done = std::move(done), result]() { done(result); });
}

}  // namespace fristvakt
