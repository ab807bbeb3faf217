#include "daemon/http/html.h"

#include <cctype>

#include "rules/text.h"

namespace fristvakt {
namespace {

// Large, plain type with strong contrast (above 7:1), a visible focus, and nothing that needs
// a wide screen: the pages are read on a phone as much as on a projector.
constexpr const char* kStyle = R"(
*{box-sizing:border-box}
body{margin:0;font-family:Calibri,Arial,Helvetica,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
header,main,footer{max-width:48rem;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:3px solid #1a1a1a}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.375rem;margin:2rem 0 .5rem}
a,button{color:#0b3d91}
:focus{outline:3px solid #0b3d91;outline-offset:2px}
.error{border-left:6px solid #a30000;padding:.5rem 1rem;background:#fdecec}
.ok{border-left:6px solid #1b5e20;padding:.5rem 1rem;background:#e8f5e9}
)";

}  // namespace

std::string HtmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string HtmlPage(Language lang, const std::string& title, const std::string& body,
                     const std::string& style) {
  return std::string("<!DOCTYPE html>\n<html lang=\"") + LanguageCode(lang) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"robots\" content=\"noindex\">\n<title>" +
         HtmlEscape(title) + "</title>\n<style>" + kStyle + style + "</style>\n</head>\n<body>\n" +
         body + "</body>\n</html>\n";
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(uint8_t(s[i + 1])) &&
               std::isxdigit(uint8_t(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string FormField(const std::string& body, const std::string& name) {
  for (const std::string& pair : SplitList(body, '&')) {
    if (pair.rfind(name + "=", 0) == 0)
      return UrlDecode(std::string_view(pair).substr(name.size() + 1));
  }
  return {};
}

std::string CookieField(const std::string& header, const std::string& name) {
  for (const std::string& part : SplitList(header, ';')) {
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
  }
  return {};
}

}  // namespace fristvakt
