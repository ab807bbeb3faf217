#ifndef FRISTVAKT_NOTIFIERS_MIME_H_
#define FRISTVAKT_NOTIFIERS_MIME_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/dates.h"

// Internet mail as the e-mail notifier sends it: one multipart/alternative message per recipient.
// Every text in a message comes from what people typed (titles from Excel action plans carry line
// breaks), so nothing here may let such a text add or end a header line.
namespace fristvakt {

struct MailAddress {
  std::string name;     // display name, UTF-8, may be empty; may hold anything
  std::string address;  // local@domain, validated by the caller; still stripped of specials here
};

struct MailMessage {
  MailAddress from;
  std::vector<MailAddress> to;  // all of one recipient's addresses: one mail
  std::string subject;
  std::string text;  // the text/plain part
  std::string html;  // the text/html part, already escaped by the caller
  std::string key;   // the notification key, e.g. "DIG-3/varsel-14d/2026-03-16/1/hbo/email"
  Timestamp date;
};

// An RFC 5322 + MIME message with CRLF line ends, ready for SMTP DATA or a .eml file. The date is
// shown in `zone` (UTC when it is null). Header lines are folded at 78 characters where the field
// allows it; both parts are quoted-printable UTF-8.
std::string BuildMime(const MailMessage& m, const date::time_zone* zone);

// "<fristvakt." + the first 32 hex digits of SHA-256(key) + "@" + domain + ">": the same for the
// same key, so a receiver can drop a duplicate. Characters a domain cannot hold are left out.
std::string MessageIdFor(std::string_view key, std::string_view domain);

// RFC 2047 "B" encoded-words, separated by spaces, each at most 75 characters and never splitting
// a UTF-8 character. Printable ASCII without "=?" comes back unchanged. Nothing is cleaned up:
// BuildMime turns line breaks and control characters into spaces before it calls this.
std::string EncodeHeaderText(std::string_view utf8);

// Quoted-printable (RFC 2045 §6.7) with CRLF hard line breaks (LF, CRLF and a lone CR in the
// input all become CRLF), lines of at most 76 characters, and a "." that starts a line encoded
// so SMTP dot-stuffing never matters.
std::string QuotedPrintable(std::string_view utf8);

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_MIME_H_
