#include "notifiers/mime.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

namespace fristvakt {
namespace {

const std::set<std::string> kHeaderNames = {
    "From",        "To",           "Subject",        "Date",
    "Message-ID",  "MIME-Version", "Auto-Submitted", "X-Fristvakt-Key",
    "Content-Type"};
constexpr std::string_view kInjection = "Frist\r\nBcc: x@y.no\r\n\r\nlurt";

std::vector<std::string> SplitCrlf(std::string_view s) {
  std::vector<std::string> lines;
  for (size_t start = 0; start <= s.size();) {
    size_t end = std::min(s.find("\r\n", start), s.size());
    lines.emplace_back(s.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

std::string HeaderBlock(const std::string& mime) { return mime.substr(0, mime.find("\r\n\r\n")); }

// The header fields in order, unfolded (RFC 5322 §2.2.3: a CRLF before white space is removed).
std::vector<std::pair<std::string, std::string>> Headers(const std::string& mime) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const std::string& line : SplitCrlf(HeaderBlock(mime))) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
      fields.back().second += line;
    } else {
      size_t colon = line.find(':');
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      fields.emplace_back(line.substr(0, colon), value);
    }
  }
  return fields;
}

std::string Header(const std::string& mime, const std::string& name) {
  for (const auto& [field, value] : Headers(mime)) {
    if (field == name) return value;
  }
  return "(missing)";
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeBase64(std::string_view s) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : s) {
    if (c == '=') break;
    bits = (bits << 6) | static_cast<unsigned>(alphabet.find(c));
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// "=?charset?B?...?=" or Q, else the word itself.
std::string DecodeWord(const std::string& word) {
  if (word.size() < 8 || word.rfind("=?", 0) != 0 || word.substr(word.size() - 2) != "?=") {
    return word;
  }
  size_t q1 = word.find('?', 2);
  char encoding = word[q1 + 1];
  std::string text = word.substr(q1 + 3, word.size() - q1 - 5);
  if (encoding == 'B' || encoding == 'b') return DecodeBase64(text);
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size()) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// RFC 2047 §6.2: white space between two adjacent encoded-words is not part of the text.
std::string DecodeHeaderText(const std::string& value) {
  std::string out;
  bool previous_was_word = false;
  for (size_t start = 0; start <= value.size();) {
    size_t end = std::min(value.find(' ', start), value.size());
    std::string token = value.substr(start, end - start);
    bool is_word = token.rfind("=?", 0) == 0;
    if (start > 0 && !(is_word && previous_was_word)) out += ' ';
    out += DecodeWord(token);
    previous_was_word = is_word;
    start = end + 1;
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      out += s[i];
    } else if (s.substr(i, 3) == "=\r\n") {
      i += 2;
    } else {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    }
  }
  return out;
}

std::string Crlf(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

bool IsWholeUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto lead = static_cast<unsigned char>(s[i]);
    size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

MailMessage Sample() {
  MailMessage m;
  m.from = {"Fristvakt", "fristvakt@asnes.kommune.no"};
  m.to = {{"Åse Ødegård", "ase@asnes.kommune.no"}};
  m.subject = "Frist nærmer seg: Økt kompetanse";
  m.text = "Hei Åse,\n\nFristen er 16.03.2026.\n";
  m.html = "<p>Hei &Aring;se,</p>\n<p>Fristen er 16.03.2026.</p>\n";
  m.key = "DIG-3/varsel-14d/2026-03-16/1/hbo/email";
  m.date = Timestamp(std::chrono::seconds(1772434803));  // 2026-03-02 07:00:03 UTC
  return m;
}

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

// Every header line is one of ours or a continuation, there is one of each, and no CR or LF
// stands alone.
void ExpectOnlyOurHeaders(const std::string& mime) {
  std::string block = HeaderBlock(mime);
  for (const std::string& line : SplitCrlf(block)) {
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    EXPECT_LE(line.size(), 78u) << line;
    EXPECT_NE(line.rfind("Bcc:", 0), 0u) << line;
  }
  std::multiset<std::string> names;
  for (const auto& [name, value] : Headers(mime)) {
    EXPECT_TRUE(kHeaderNames.count(name)) << "unexpected header line: " << name;
    names.insert(name);
  }
  for (const std::string& name : kHeaderNames) EXPECT_EQ(names.count(name), 1u) << name;
}

TEST(MimeTest, NorwegianSubjectRoundTrips) {
  std::string subject = "Frist nærmer seg: ÆØÅ æøå – «tiltak»";
  std::string encoded = EncodeHeaderText(subject);
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(DecodeHeaderText(encoded), subject);
  EXPECT_EQ(DecodeHeaderText(Header(BuildMime(Sample(), Oslo()), "Subject")),
            "Frist nærmer seg: Økt kompetanse");
}

TEST(MimeTest, PlainAsciiHeaderTextIsUnchanged) {
  EXPECT_EQ(EncodeHeaderText("Frist om 14 dager: DIG-3"), "Frist om 14 dager: DIG-3");
  EXPECT_EQ(EncodeHeaderText(""), "");
  // RFC 2047 §6.3: "=?" would be read as the start of an encoded-word, so it is encoded.
  EXPECT_EQ(DecodeHeaderText(EncodeHeaderText("a =?b?= c")), "a =?b?= c");
}

TEST(MimeTest, EncodedWordsAreShortAndHoldWholeCharacters) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "aæ€😀";  // 1, 2, 3 and 4 byte characters
  std::string encoded = EncodeHeaderText(text);
  for (size_t start = 0; start <= encoded.size();) {
    size_t end = std::min(encoded.find(' ', start), encoded.size());
    std::string word = encoded.substr(start, end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_TRUE(IsWholeUtf8(DecodeWord(word))) << word;
    start = end + 1;
  }
  EXPECT_EQ(DecodeHeaderText(encoded), text);
}

TEST(MimeTest, SubjectWithLineBreakCannotAddAHeader) {
  MailMessage m = Sample();
  m.subject = kInjection;
  std::string mime = BuildMime(m, Oslo());
  ExpectOnlyOurHeaders(mime);
  EXPECT_EQ(Header(mime, "Subject"), "Frist Bcc: x@y.no lurt");
  m.subject = "Økt\r\nBcc: x@y.no\tæ\x01";
  mime = BuildMime(m, Oslo());
  ExpectOnlyOurHeaders(mime);
  EXPECT_EQ(DecodeHeaderText(Header(mime, "Subject")), "Økt Bcc: x@y.no æ");
}

TEST(MimeTest, BrokenUtf8AndUnicodeLineSeparatorsAreCleanedInHeaders) {
  MailMessage m = Sample();
  m.subject = "P\xE5g\xE5r\u2028neste\u0085linje";  // Windows-1252 "Pågår" read as UTF-8
  std::string mime = BuildMime(m, Oslo());
  ExpectOnlyOurHeaders(mime);
  EXPECT_EQ(DecodeHeaderText(Header(mime, "Subject")), "P\uFFFDg\uFFFDr neste linje");
}

TEST(MimeTest, DisplayNameWithLineBreakCannotAddAHeader) {
  MailMessage m = Sample();
  m.from.name = kInjection;
  m.to = {{std::string(kInjection), "a@b.no"}, {"Ø\r\nBcc: x@y.no", "c@d.no"}};
  std::string mime = BuildMime(m, Oslo());
  ExpectOnlyOurHeaders(mime);
  EXPECT_EQ(Header(mime, "From"), "\"Frist Bcc: x@y.no lurt\" <fristvakt@asnes.kommune.no>");
}

TEST(MimeTest, AddressCannotCloseTheBracketsOrTheLine) {
  MailMessage m = Sample();
  m.to = {{"Kari", "kari@x.no>\r\nBcc: <x@y.no"}, {"Ola \"O\" \\", "ola@x.no, \"p\"@y.no"}};
  std::string mime = BuildMime(m, Oslo());
  ExpectOnlyOurHeaders(mime);
  EXPECT_EQ(Header(mime, "To"),
            "\"Kari\" <kari@x.noBccx@y.no>, \"Ola \\\"O\\\" \\\\\" <ola@x.nop@y.no>");
}

TEST(MimeTest, KeyAndBodyWithLineBreaksStayWhereTheyBelong) {
  MailMessage m = Sample();
  m.key = "DIG-3/varsel\r\nBcc: x@y.no/hbø";
  m.text = std::string(kInjection);
  m.html = std::string(kInjection);
  std::string mime = BuildMime(m, Oslo());
  ExpectOnlyOurHeaders(mime);
  EXPECT_EQ(Header(mime, "X-Fristvakt-Key"), "DIG-3/varsel??Bcc: x@y.no/hb?");
  EXPECT_NE(mime.find("\r\n\r\nFrist\r\nBcc: x@y.no\r\n\r\nlurt\r\n--"), std::string::npos);
}

TEST(MimeTest, QuotedPrintableLinesAreShortAndDecodeExactly) {
  std::vector<std::string> inputs = {
      "",
      "Hei\nTo linjer\n",
      std::string(300, 'x'),
      std::string(100, '='),
      "Æøå æøå " + std::string(50, 'x') + "ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå",
      "trailing  \n\tand tabs\t\nend ",
      ".\n.punktum\n" + std::string(75, 'y') + ".dot after a soft break",
      std::string(74, 'z') + "= \n" + std::string(75, 'z') + " \n" + std::string(76, 'z'),
      "Windows\r\nline\r\nends\r\n",
  };
  for (const std::string& input : inputs) {
    std::string qp = QuotedPrintable(input);
    for (const std::string& line : SplitCrlf(qp)) {
      EXPECT_LE(line.size(), 76u) << line;
      EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
      EXPECT_NE(line.rfind(".", 0), 0u) << line;
      if (!line.empty()) {
        EXPECT_NE(line.back(), ' ') << line;
      }
      for (char c : line) EXPECT_TRUE((c >= 0x21 && c <= 0x7E) || c == ' ' || c == '\t') << line;
    }
    std::string expected = input;
    if (expected.find("\r\n") == std::string::npos) expected = Crlf(expected);
    EXPECT_EQ(DecodeQuotedPrintable(qp), expected) << input;
  }
}

TEST(MimeTest, QuotedPrintableEncodesWhatTransportCouldChange) {
  EXPECT_EQ(QuotedPrintable("a = b "), "a =3D b=20");
  EXPECT_EQ(QuotedPrintable("x\t\n.y\n"), "x=09\r\n=2Ey\r\n");
  EXPECT_EQ(QuotedPrintable("æ"), "=C3=A6");
  EXPECT_EQ(QuotedPrintable("a\rb\r\nc\n"), "a\r\nb\r\nc\r\n");
  EXPECT_EQ(QuotedPrintable(std::string(76, 'x')), std::string(76, 'x'));
  EXPECT_EQ(QuotedPrintable(std::string(77, 'x')),
            std::string(75, 'x') + "=\r\n" + std::string(2, 'x'));
}

TEST(MimeTest, LongSubjectFoldsIntoShortLines) {
  MailMessage m = Sample();
  for (std::string subject :
       {std::string("Frist om 14 dager for tiltaket Kompetanseheving innen velferdsteknologi og "
                    "digital samhandling i hjemmetjenesten"),
        std::string("Frist nærmer seg for tiltaket Økt bruk av velferdsteknologi i åpen omsorg – "
                    "Åsnes, Våler og Grue"),
        std::string(120, 'x')}) {
    m.subject = subject;
    std::string mime = BuildMime(m, Oslo());
    ExpectOnlyOurHeaders(mime);
    EXPECT_EQ(DecodeHeaderText(Header(mime, "Subject")), subject);
  }
}

TEST(MimeTest, MessageIdIsStableAndDiffersPerKey) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a3...
  EXPECT_EQ(MessageIdFor("abc", "x.no"), "<fristvakt.ba7816bf8f01cfea414140de5dae2223@x.no>");
  std::string key = Sample().key;
  EXPECT_EQ(MessageIdFor(key, "asnes.kommune.no"), MessageIdFor(key, "asnes.kommune.no"));
  EXPECT_NE(MessageIdFor(key, "asnes.kommune.no"), MessageIdFor(key + "x", "asnes.kommune.no"));
  EXPECT_EQ(Header(BuildMime(Sample(), Oslo()), "Message-ID"),
            MessageIdFor(key, "asnes.kommune.no"));
  EXPECT_EQ(MessageIdFor("abc", "x.no>\r\n"), MessageIdFor("abc", "x.no"));
}

TEST(MimeTest, TwoRecipientsShareOneToHeader) {
  MailMessage m = Sample();
  m.to = {{"Kari Nordmann", "kari@asnes.kommune.no"}, {"", "kari.nordmann@privat.no"}};
  std::string mime = BuildMime(m, Oslo());
  ExpectOnlyOurHeaders(mime);
  EXPECT_EQ(Header(mime, "To"),
            "\"Kari Nordmann\" <kari@asnes.kommune.no>, kari.nordmann@privat.no");
  m.to.clear();
  EXPECT_EQ(Header(BuildMime(m, Oslo()), "To"), "undisclosed-recipients:;");
}

TEST(MimeTest, DateIsRfc5322InTheZone) {
  MailMessage m = Sample();
  EXPECT_EQ(Header(BuildMime(m, Oslo()), "Date"), "Mon, 02 Mar 2026 08:00:03 +0100");
  m.date = Timestamp(std::chrono::seconds(1782885600));  // 2026-07-01 06:00 UTC
  EXPECT_EQ(Header(BuildMime(m, Oslo()), "Date"), "Wed, 01 Jul 2026 08:00:00 +0200");
  EXPECT_EQ(Header(BuildMime(m, nullptr), "Date"), "Wed, 01 Jul 2026 06:00:00 +0000");
}

TEST(MimeTest, MessageIsMultipartAlternativeWithTwoParts) {
  std::string mime = BuildMime(Sample(), Oslo());
  EXPECT_EQ(Header(mime, "MIME-Version"), "1.0");
  EXPECT_EQ(Header(mime, "Auto-Submitted"), "auto-generated");
  std::string content_type = Header(mime, "Content-Type");
  std::string prefix = "multipart/alternative; boundary=\"";
  ASSERT_EQ(content_type.rfind(prefix, 0), 0u) << content_type;
  std::string boundary =
      content_type.substr(prefix.size(), content_type.size() - prefix.size() - 1);
  EXPECT_EQ(boundary.rfind("=_", 0), 0u);
  std::string part = "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  std::string expected_body = "\r\n--" + boundary +
                              "\r\nContent-Type: text/plain; charset=UTF-8\r\n" + part +
                              QuotedPrintable(Sample().text) + "\r\n--" + boundary +
                              "\r\nContent-Type: text/html; charset=UTF-8\r\n" + part +
                              QuotedPrintable(Sample().html) + "\r\n--" + boundary + "--\r\n";
  EXPECT_EQ(mime.substr(HeaderBlock(mime).size() + 2), expected_body);
  EXPECT_EQ(QuotedPrintable(Sample().text).find(boundary), std::string::npos);
}

TEST(MimeTest, PythonEmailPackageReadsTheMessage) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  MailMessage m = Sample();
  m.subject = "Frist nærmer seg: Økt kompetanse i åpen omsorg – Æ Ø Å, og en lang tittel til slutt";
  m.to = {{"Åse Ødegård", "ase@asnes.kommune.no"}, {"Kari Nordmann", "kari@privat.no"}};
  m.text = "Hei Åse,\n\n.Frist = 16.03.2026  \n" + std::string(100, 'x') + "\nslutt\t";
  std::string path = ::testing::TempDir() + "fristvakt_mime_test.eml";
  std::ofstream(path, std::ios::binary) << BuildMime(m, Oslo());
  std::string command =
      "PYTHONIOENCODING=utf-8 /usr/bin/python3 -c 'import email,sys; from email import policy; "
      "m=email.message_from_binary_file(open(sys.argv[1],\"rb\"),policy=policy.default); "
      "print(m[\"Subject\"]); print(m.get_body((\"plain\",)).get_content()); "
      "print(m.get_body((\"html\",)).get_content()); print(m[\"To\"]); print(len(m.defects))' " +
      path;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) output.append(buf, n);
  EXPECT_EQ(pclose(pipe), 0);
  std::remove(path.c_str());
  EXPECT_EQ(output, m.subject + "\n" + m.text + "\n" + m.html + "\n" +
                        "Åse Ødegård <ase@asnes.kommune.no>, Kari Nordmann <kari@privat.no>\n0\n");
}

}  // namespace
}  // namespace fristvakt
