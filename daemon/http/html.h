#ifndef FRISTVAKT_DAEMON_HTTP_HTML_H_
#define FRISTVAKT_DAEMON_HTTP_HTML_H_

#include <string>
#include <string_view>

#include "rules/model.h"

// What the server-rendered pages share: escaping, the page around a body, and reading what a
// form or a cookie sent.
namespace fristvakt {

// Text as HTML text or attribute value: & < > " ' escaped.
std::string HtmlEscape(const std::string& s);

// A whole page in `lang`, self-contained (its style inline, no scripts, no external files).
// `style` is added after the pages' shared style.
std::string HtmlPage(Language lang, const std::string& title, const std::string& body,
                     const std::string& style = "");

// %XX and '+' of a URL's query or a form's body decoded; a '%' without two hex digits stays.
std::string UrlDecode(std::string_view s);

// One field of an application/x-www-form-urlencoded body; empty when it is not there.
std::string FormField(const std::string& body, const std::string& name);
// One cookie of a Cookie header; empty when it is not there.
std::string CookieField(const std::string& header, const std::string& name);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_HTTP_HTML_H_
