#ifndef FRISTVAKT_DAEMON_HTTP_LINK_PAGES_H_
#define FRISTVAKT_DAEMON_HTTP_LINK_PAGES_H_

#include <map>
#include <optional>
#include <string>

#include "daemon/http/api.h"
#include "db/store.h"
#include "rules/config.h"

// What the pages behind notices' links share (docs/answers.md): /svar/LINK, where the responsible
// unit answers (answer_pages.cc), and /godkjenn/LINK, where the approvers decide a deadline
// request (approval_page.cc). Server-rendered, without scripts, in the configured language,
// universally designed: every field has its label, problems stand beside their field and in a
// summary at the top, and the pages read at 390 px and by keyboard alone. A link is the only
// key: it reaches one measure, and an unknown or expired one shows nothing.
namespace fristvakt {

// The forms' anti-forgery value: the same in a cookie (SameSite=Strict, so a form posted from
// another site does not carry it) and in a hidden field.
constexpr const char* kFormCookie = "fristvakt_form";

// "; Secure" for the cookie when people reach the server over https.
std::string Secure(const Config& config);

// A form posted from another site is refused whatever it holds. Browsers send Origin with every
// POST; it must be this server, as people reach it (`public_url`) or as it was asked (Host).
bool CrossSite(const HttpRequest& r, const Config& config);
// The page that refuses it; `explanation` (HTML) may be empty.
HttpResponse CrossSiteRefusal(Language lang, const std::string& explanation);

// A page in the pages' style.
HttpResponse Html(int status, Language lang, const std::string& title, const std::string& body,
                  const std::string& cookie = "");
// A database that is busy or failing: worth trying again in a moment.
HttpResponse PageError(const Status& s, Language lang);
// The page for a link that does not work: it says so and shows nothing of any measure.
HttpResponse NoSuchLink(Language lang);

// A live link of the kind `page` ("svar", "godkjenn") and the measure it reaches.
struct LinkedMeasure {
  AnswerLink link;
  Measure measure;
};
// What a request's link reaches. When it reaches nothing, `refusal` gets the response that ends
// the request: 405 for a method other than GET and POST, 503 or 500 when the database fails,
// and NoSuchLink for a link that is unknown, expired or whose measure is gone.
std::optional<LinkedMeasure> OpenLink(Store* store, const HttpRequest& r, const std::string& page,
                                      const std::string& secret, Timestamp now, Language lang,
                                      HttpResponse* refusal);

// The measure as the unit and the approvers see it: its facts, the latest comment, a running
// acknowledgement and a pending request, then the deadline's history.
std::string MeasureFacts(Store* store, const Config& config, const Measure& m, Timestamp now);

// A labelled field with its hint and, when there is one, its problem beside it.
std::string FieldHtml(const std::string& name, const std::string& label, const std::string& hint,
                      const std::string& control_open, const std::string& control_rest,
                      const std::map<std::string, std::string>& errors);

// The summary of problems at the top of a refused form, each a link to its field.
std::string ErrorSummary(Language lang, const std::map<std::string, std::string>& errors,
                         const std::map<std::string, std::string>& labels);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_HTTP_LINK_PAGES_H_
