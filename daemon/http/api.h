#ifndef FRISTVAKT_DAEMON_HTTP_API_H_
#define FRISTVAKT_DAEMON_HTTP_API_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "daemon/service/front_end.h"
#include "db/store.h"
#include "rules/clock.h"
#include "rules/config.h"

namespace fristvakt {

struct DashboardView;

struct HttpRequest {
  std::string method;
  std::string target;  // path and query
  std::string authorization;
  std::string cookie;
  std::string body;
  std::string origin;  // the Origin header: where a form was posted from
  std::string host;    // the Host header
};

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(int status, std::string content_type, std::string body, std::string set_cookie = "",
               std::string location = "")
      : status(status),
        content_type(std::move(content_type)),
        body(std::move(body)),
        set_cookie(std::move(set_cookie)),
        location(std::move(location)) {}

  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string set_cookie;
  std::string location;  // for a redirect
  int retry_after = 0;   // seconds, for a 503; 0: no Retry-After
};

// The HTTP API of docs/api.md on the daemon's io_context (Boost.Beast): bearer tokens, JSON in and
// out, health and Prometheus metrics. Changes go through the same code as `fristvakt set` and
// `ack`; `changed` then re-evaluates at once. Owned and used by the io_context's thread.
class HttpApi : public FrontEnd {
 public:
  using Hooks = ServiceHooks;

  HttpApi(boost::asio::io_context& io, Hooks hooks);
  ~HttpApi() override;

  // Listens on the configured address; an address in use is Unavailable.
  Status Start(const ApiConfig& api) override;
  void Stop() override;

  // One request to one response; the transport's business is elsewhere.
  HttpResponse Handle(const HttpRequest& request);

 private:
  class Listener;

  HttpResponse Measures(const HttpRequest& r, const ApiToken& token, const std::string& path);
  HttpResponse Events(const std::string& query);
  HttpResponse Health();
  HttpResponse Metrics();
  // The leadership dashboard (dashboard.cc): a login form, then the page.
  HttpResponse Dashboard(const HttpRequest& r);
  // What the dashboard shows to `token` (dashboard.cc).
  Status GatherDashboard(const ApiToken& token, DashboardView* v);
  HttpResponse Login(const HttpRequest& r);
  HttpResponse Logout(const HttpRequest& r);
  // The pages behind notice links (answer_pages.cc): a unit answers, approvers decide.
  HttpResponse AnswerPage(const HttpRequest& r, const std::string& secret,
                          const std::string& query);
  HttpResponse ApprovalPage(const HttpRequest& r, const std::string& secret,
                            const std::string& query);
  // The dashboard's sessions (dashboard.cc): made at login, ended at logout or expiry, kept
  // here only, by the hash of their id.
  struct WebSession {
    std::string token_hash;  // the API token logged in with; a revoked one ends the session
    std::string form_key;    // the anti-forgery value of the session's forms
    Timestamp expires;
  };
  // The session a request's cookie names, if it is in force; its token in `token`.
  const WebSession* FindSession(const HttpRequest& r, std::optional<ApiToken>* token);
  std::string SessionCookie(const std::string& value, int max_age) const;
  std::optional<ApiToken> Authenticate(const std::string& token);
  // Notes that a token was used; RecordUse writes it a few seconds later, off the request's
  // path. A failure to write (a busy or full database) is logged, never a request's failure.
  void NoteUse(const ApiToken& token);
  void RecordUse();

  boost::asio::io_context& io_;
  Store* store_;
  const Clock* clock_;
  Hooks hooks_;
  std::shared_ptr<Listener> listener_;
  // When a token was last used is recorded to this granularity, in batches.
  static constexpr std::chrono::minutes kUseGranularity{10};
  std::map<int64_t, Timestamp> used_;           // token id -> when, not yet written
  std::map<std::string, WebSession> sessions_;  // by the hash of the session's id
  boost::asio::steady_timer use_timer_;
  bool use_timer_armed_ = false;
};

// The factory `fristvakt run` is given: the HTTP API on the service's io_context.
std::unique_ptr<FrontEnd> HttpFrontEnd(boost::asio::io_context& io, ServiceHooks hooks);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_HTTP_API_H_
