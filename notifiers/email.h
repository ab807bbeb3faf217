#ifndef FRISTVAKT_NOTIFIERS_EMAIL_H_
#define FRISTVAKT_NOTIFIERS_EMAIL_H_

#include <map>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "notifiers/curl_multi.h"
#include "notifiers/mime.h"
#include "notifiers/notifier.h"
#include "rules/config.h"
#include "rules/status.h"

// E-mail: to an SMTP server, or as .eml files into the spool folder when there is none.
namespace fristvakt {

// "Fristvakt HOV <fristvakt@example.no>" or a bare address.
MailAddress ParseMailbox(std::string_view text);

// The MIME message for an outgoing e-mail.
std::string BuildEmail(const OutgoingMessage& m, const MailAddress& from,
                       const date::time_zone* zone);

// SMTP through libcurl: smtp:// with STARTTLS required (CURLUSESSL_ALL), optional or off, or
// smtps://; AUTH when a username is set; the server's certificate always verified (against the
// system's CAs or `ca_file`). A 5xx answer is permanent; 4xx, connection errors, TLS failures
// and time-outs are transient.
class SmtpNotifier : public Notifier {
 public:
  // `smtp` outlives the notifier.
  SmtpNotifier(CurlMulti& multi, const SmtpConfig& smtp, const DeliveryConfig& delivery,
               const date::time_zone* zone);
  ~SmtpNotifier() override;

  std::string Destination(const OutgoingMessage&) const override { return smtp_.url; }
  int Limit() const override { return delivery_.smtp_limit; }
  void Send(const OutgoingMessage& m, Done done) override;
  void CancelAll() override;

 private:
  struct Transfer;

  const SmtpConfig& smtp_;
  const DeliveryConfig& delivery_;
  const date::time_zone* zone_;
  MailAddress from_;
  TransferSet<Transfer> transfers_;
};

// Writes each mail as one .eml file into a folder, whole or not at all (write, then rename).
// A file that cannot be written (a full disk) is a transient failure.
class SpoolNotifier : public Notifier {
 public:
  SpoolNotifier(boost::asio::io_context& io, std::string folder, MailAddress from,
                const date::time_zone* zone);

  std::string Destination(const OutgoingMessage&) const override { return folder_; }
  int Limit() const override { return 16; }
  void Send(const OutgoingMessage& m, Done done) override;
  void CancelAll() override {}

  // Makes the folder if need be and checks that a file can be written into it: at start, so
  // that a spool that cannot work stops the start before anything is queued.
  Status Prepare() const;

  // The file name of a key: the key with '/' and anything unsafe percent-encoded, + ".eml".
  static std::string FileName(std::string_view key);

 private:
  boost::asio::io_context& io_;
  std::string folder_;
  MailAddress from_;
  const date::time_zone* zone_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_EMAIL_H_
