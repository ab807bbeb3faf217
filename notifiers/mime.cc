#include "notifiers/mime.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace fristvakt {
namespace {

constexpr size_t kMaxHeaderLine = 78;   // RFC 5322 §2.1.1: lines SHOULD stay within 78.
constexpr size_t kMaxEncodedWord = 75;  // RFC 2047 §2: an encoded-word is at most 75.
constexpr size_t kMaxQpLine = 76;       // RFC 2045 §6.7 rule 5.
// A plain word longer than this could not be folded onto a 78-character line with a field name
// and quotes in front, so such a text goes out as encoded-words, which can be split anywhere.
constexpr size_t kMaxPlainWord = 64;
constexpr std::string_view kWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kWordSuffix = "?=";
constexpr char kHexUpper[] = "0123456789ABCDEF";

struct CodePoint {
  char32_t value;
  size_t length;  // bytes; 1 for an invalid byte, which then reads as U+FFFD
};

CodePoint DecodeAt(std::string_view s, size_t i) {
  constexpr CodePoint kInvalid{0xFFFD, 1};
  auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return {lead, 1};
  size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (n == 0 || lead > 0xF4 || i + n > s.size()) return kInvalid;
  char32_t cp = lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (c & 0x3F);
  }
  constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};  // shorter forms are overlong
  if (cp < kSmallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
  return {cp, n};
}

// C0 and C1 controls, DEL and the Unicode line and paragraph separators: anything a mail program
// might take for the end of a line.
bool BreaksLine(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// One line of text: every run of spaces, line breaks and control characters becomes one space,
// none at either end, and invalid UTF-8 becomes U+FFFD, so an encoded-word always holds whole
// characters.
std::string CleanHeaderText(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    CodePoint cp = DecodeAt(s, i);
    if (cp.value == ' ' || BreaksLine(cp.value)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += cp.value == 0xFFFD ? std::string_view("\xEF\xBF\xBD") : s.substr(i, cp.length);
    }
    i += cp.length;
  }
  return out;
}

bool IsPlainAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return s.find("=?") == std::string_view::npos;  // RFC 2047 §6.3: it would read as a word
}

std::vector<std::string> SplitOnSpaces(std::string_view s) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = std::min(s.find(' ', start), s.size());
    if (end > start) words.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool NeedsEncoding(std::string_view s) {
  if (!IsPlainAscii(s)) return true;
  for (const std::string& word : SplitOnSpaces(s)) {
    if (word.size() > kMaxPlainWord) return true;
  }
  return false;
}

std::string Base64(std::string_view bytes) {
  constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    size_t n = std::min<size_t>(3, bytes.size() - i);
    unsigned v = 0;
    for (size_t k = 0; k < 3; ++k) {
      v = (v << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0);
    }
    for (size_t k = 0; k < 4; ++k) {
      out += k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 0x3F] : '=';
    }
  }
  return out;
}

// RFC 2047 §2 and §5: encoded-words of at most 75 characters (the first at most `first_budget`,
// so it fits behind the field name), each holding whole UTF-8 characters.
std::vector<std::string> EncodeWords(std::string_view text, size_t first_budget) {
  std::vector<std::string> words;
  size_t budget = std::clamp<size_t>(first_budget, 24, kMaxEncodedWord);
  for (size_t start = 0; start < text.size();) {
    size_t max_bytes = (budget - kWordPrefix.size() - kWordSuffix.size()) / 4 * 3;
    size_t end = start;
    while (end < text.size()) {
      size_t n = DecodeAt(text, end).length;
      if (end + n - start > max_bytes) break;
      end += n;
    }
    words.push_back(std::string(kWordPrefix) + Base64(text.substr(start, end - start)) +
                    std::string(kWordSuffix));
    start = end;
    budget = kMaxEncodedWord;
  }
  return words;
}

// RFC 5322 §2.2.3: a field is folded by putting CRLF before white space. The tokens are joined
// with single spaces; a line breaks before a token that would take it past 78 characters.
std::string Field(std::string_view name, const std::vector<std::string>& tokens) {
  std::string out(name);
  out += ':';
  size_t line = out.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && line + 1 + tokens[i].size() > kMaxHeaderLine) {
      out += "\r\n";
      line = 0;
    }
    out += ' ';
    out += tokens[i];
    line += 1 + tokens[i].size();
  }
  return out + "\r\n";
}

std::vector<std::string> TextTokens(std::string_view text, size_t first_budget) {
  std::string clean = CleanHeaderText(text);
  return NeedsEncoding(clean) ? EncodeWords(clean, first_budget) : SplitOnSpaces(clean);
}

// RFC 5322 §3.4.1 addr-spec, kept to atext, "." and "@": nothing that could end the angle
// brackets, the address or the line.
std::string CleanAddress(std::string_view address) {
  constexpr std::string_view kAllowed = "!#$%&'*+-/=?^_`{|}~.@";
  std::string out;
  for (char c : address) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || kAllowed.find(c) != std::string_view::npos) out += c;
  }
  return out;
}

// RFC 5322 §3.4 mailbox: "display name" <address>, or the bare address without a name. A name
// in printable ASCII is a quoted-string (§3.2.4, which may fold between words); any other name
// is RFC 2047 encoded-words, which §5 allows in a phrase.
std::vector<std::string> MailboxTokens(const MailAddress& a, size_t first_budget) {
  std::string address = CleanAddress(a.address);
  std::string name = CleanHeaderText(a.name);
  if (name.empty()) return {address};
  std::vector<std::string> tokens;
  if (NeedsEncoding(name)) {
    tokens = EncodeWords(name, first_budget);
  } else {
    std::string quoted;
    for (char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    tokens = SplitOnSpaces(quoted);
    tokens.front().insert(0, "\"");
    tokens.back() += '"';
  }
  tokens.push_back("<" + address + ">");
  return tokens;
}

std::vector<std::string> AddressListTokens(const std::vector<MailAddress>& list,
                                           size_t first_budget) {
  std::vector<std::string> tokens;
  for (const MailAddress& a : list) {
    if (CleanAddress(a.address).empty()) continue;
    if (!tokens.empty()) tokens.back() += ',';
    std::vector<std::string> mailbox =
        MailboxTokens(a, tokens.empty() ? first_budget : kMaxEncodedWord);
    tokens.insert(tokens.end(), mailbox.begin(), mailbox.end());
  }
  // RFC 5322 §3.4 and appendix A.1.3: an empty group says there is no one to show.
  if (tokens.empty()) tokens.push_back("undisclosed-recipients:;");
  return tokens;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  std::string hex;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return hex;
  }
  constexpr char kHexLower[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHexLower[digest[i] >> 4];
    hex += kHexLower[digest[i] & 0x0F];
  }
  return hex;
}

// RFC 5322 §3.3 date-time with the zone's offset at that moment. Names are written out here
// rather than taken from a locale, which would give "man." under nb_NO.
std::string FormatDateTime(Timestamp t, const date::time_zone* zone) {
  constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::chrono::seconds offset =
      zone != nullptr ? zone->get_info(t).offset : std::chrono::seconds(0);
  auto local = t + offset;
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd(day);
  date::hh_mm_ss<std::chrono::seconds> time(local - day);
  long minutes = static_cast<long>(offset.count() / 60);
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld %c%02ld%02ld",
                kDays[date::weekday(day).c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()), minutes < 0 ? '-' : '+',
                std::labs(minutes) / 60, std::labs(minutes) % 60);
  return buf;
}

// The key as one unstructured header value: printable ASCII only, each other character "?",
// and short enough for the 998-character hard limit of RFC 5322 §2.1.1 even unfolded.
std::string CleanKey(std::string_view key) {
  constexpr size_t kMaxKey = 900;
  std::string out;
  for (size_t i = 0; i < key.size() && out.size() < kMaxKey;) {
    CodePoint cp = DecodeAt(key, i);
    i += cp.length;
    out += cp.value >= 0x20 && cp.value <= 0x7E ? static_cast<char>(cp.value) : '?';
  }
  return out;
}

std::string Part(std::string_view subtype, std::string_view body, std::string_view boundary) {
  std::string out = "--" + std::string(boundary) + "\r\n";
  out += "Content-Type: text/" + std::string(subtype) + "; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  // RFC 2046 §5.1.1: the CRLF before the next boundary belongs to the boundary, not the body.
  return out + QuotedPrintable(body) + "\r\n";
}

// One quoted-printable token for byte `c` (RFC 2045 §6.7 rules 1-3): white space at the end of a
// line and a "." at the start of one are encoded, so neither transport can change them.
std::string QpToken(unsigned char c, bool line_start, bool line_end) {
  bool white = c == ' ' || c == '\t';
  bool literal = (c >= 33 && c <= 126 && c != '=') || (white && !line_end);
  if (literal && !(c == '.' && line_start)) return std::string(1, static_cast<char>(c));
  return {'=', kHexUpper[c >> 4], kHexUpper[c & 0x0F]};
}

// One input line, with soft line breaks ("=" at the end, rule 5) so no line exceeds 76.
void AppendQpLine(std::string_view line, std::string& out) {
  size_t column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    std::string token = QpToken(c, column == 0, last);
    // The last token may fill the line; any other must leave room for the "=".
    if (column + token.size() > (last ? kMaxQpLine : kMaxQpLine - 1)) {
      out += "=\r\n";
      column = 0;
      token = QpToken(c, true, last);
    }
    out += token;
    column += token.size();
  }
}

}  // namespace

std::string MessageIdFor(std::string_view key, std::string_view domain) {
  std::string clean;
  for (char c : domain) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || c == '-' || c == '.') clean += c;
  }
  if (clean.empty()) clean = "fristvakt.invalid";  // RFC 2606: a name that is never anyone's
  return "<fristvakt." + Sha256Hex(key).substr(0, 32) + "@" + clean + ">";
}

std::string EncodeHeaderText(std::string_view utf8) {
  if (IsPlainAscii(utf8)) return std::string(utf8);
  std::string out;
  for (const std::string& word : EncodeWords(utf8, kMaxEncodedWord)) {
    if (!out.empty()) out += ' ';  // RFC 2047 §6.2: space between two words is not shown
    out += word;
  }
  return out;
}

std::string QuotedPrintable(std::string_view utf8) {
  std::string out;
  for (size_t start = 0;;) {
    size_t end = utf8.find_first_of("\r\n", start);
    AppendQpLine(utf8.substr(start, end == std::string_view::npos ? end : end - start), out);
    if (end == std::string_view::npos) break;
    out += "\r\n";  // RFC 2045 §6.7 rule 4: a line break in the text is CRLF in the encoding
    start = end + (utf8.substr(end, 2) == "\r\n" ? 2 : 1);
  }
  return out;
}

std::string BuildMime(const MailMessage& m, const date::time_zone* zone) {
  std::string from_address = CleanAddress(m.from.address);
  size_t at = from_address.rfind('@');
  std::string domain = at == std::string::npos ? "" : from_address.substr(at + 1);
  // "=_" cannot occur in quoted-printable text, so the boundary cannot either (RFC 2045 §6.7).
  std::string boundary = "=_fristvakt_" + Sha256Hex(m.key).substr(0, 32);
  std::string out;
  out += Field("From", MailboxTokens(m.from, kMaxHeaderLine - 6));
  out += Field("To", AddressListTokens(m.to, kMaxHeaderLine - 4));
  out += Field("Subject", TextTokens(m.subject, kMaxHeaderLine - 9));
  out += Field("Date", {FormatDateTime(m.date, zone)});
  out += Field("Message-ID", {MessageIdFor(m.key, domain)});
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";  // RFC 3834 §5: no vacation replies to this
  out += Field("X-Fristvakt-Key", SplitOnSpaces(CleanKey(m.key)));
  out += Field("Content-Type", {"multipart/alternative;", "boundary=\"" + boundary + "\""});
  out += "\r\n";
  out += Part("plain", m.text, boundary);
  out += Part("html", m.html, boundary);
  return out + "--" + boundary + "--\r\n";
}

}  // namespace fristvakt
