// The transport of the HTTP API: Boost.Beast on the daemon's io_context. Requests are read
// with a 64 KiB body limit (413 beyond it) and a time limit; connections are kept alive.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <list>

#include "daemon/http/api.h"

namespace fristvakt {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr size_t kBodyLimit = 64 * 1024;
// Descriptors kept for everything but the HTTP API: webhook and SMTP connections (16 per
// webhook URL, 4 for SMTP), the database with its WAL, the spool, the journal, inotify.
constexpr int kReservedDescriptors = 128;
constexpr std::chrono::seconds kIdle{30};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `open` counts the listener's open sessions: this one until it is closed or ends.
  Session(tcp::socket socket, HttpApi* api, std::shared_ptr<int> open)
      : stream_(std::move(socket)), api_(api), open_(std::move(open)) {
    ++*open_;
  }
  ~Session() { Uncount(); }

  // Ends the session: its pending read or write fails, and it goes.
  void Close() {
    Uncount();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(kIdle);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      Write({413, "application/json", R"({"error": "the body is larger than 64 KiB"})"}, false);
      return;
    }
    if (ec) {
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      return;
    }
    const auto& req = parser_->get();
    HttpRequest request{std::string(req.method_string()),
                        std::string(req.target()),
                        std::string(req[http::field::authorization]),
                        std::string(req[http::field::cookie]),
                        req.body(),
                        std::string(req[http::field::origin]),
                        std::string(req[http::field::host])};
    HttpResponse response;
    try {
      response = api_->Handle(request);
    } catch (const std::exception& e) {
      // A bug must cost one request, not the daemon and its queue.
      spdlog::error("HTTP {} {}: {}", request.method, request.target.substr(0, 200), e.what());
      response = HttpResponse(500, "application/json", R"({"error": "internal error"})");
    }
    Write(response, req.keep_alive());
  }

  void Write(const HttpResponse& r, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    res->set(http::field::content_type, r.content_type);
    res->set(http::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    if (!r.set_cookie.empty()) res->set(http::field::set_cookie, r.set_cookie);
    if (!r.location.empty()) res->set(http::field::location, r.location);
    if (r.retry_after > 0) res->set(http::field::retry_after, std::to_string(r.retry_after));
    res->keep_alive(keep_alive);
    res->body() = r.body;
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                        if (!ec && keep_alive) {
                          self->Read();
                        } else {
                          self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                        }
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  void Uncount() {
    if (counted_) --*open_;
    counted_ = false;
  }

  std::optional<http::request_parser<http::string_body>> parser_;
  HttpApi* api_;
  std::shared_ptr<int> open_;
  bool counted_ = true;
};

}  // namespace

class HttpApi::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, HttpApi* api)
      : acceptor_(io), retry_(io), open_(std::make_shared<int>(0)), api_(api) {}

  Status Open(const ApiConfig& config) {
    beast::error_code ec;
    auto address = boost::asio::ip::make_address(config.host, ec);
    if (ec) {
      tcp::resolver resolver(acceptor_.get_executor());
      auto results = resolver.resolve(config.host, std::to_string(config.port), ec);
      if (ec || results.empty())
        return Status::Unavailable("api.listen: cannot resolve " + config.host);
      address = results.begin()->endpoint().address();
    }
    // Never more than the descriptors leave room for: sending, the database and the spool keep
    // kReservedDescriptors of the process's limit.
    max_connections_ = config.max_connections;
    if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
      const int room = static_cast<int>(limit.rlim_cur) - kReservedDescriptors;
      if (room < max_connections_) {
        max_connections_ = std::max(8, room);
        spdlog::warn("HTTP: at most {} connections at once: the descriptor limit is {}",
                     max_connections_, limit.rlim_cur);
      }
    }
    tcp::endpoint endpoint(address, static_cast<unsigned short>(config.port));
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::Unavailable("api.listen: cannot listen on " + config.host + ":" +
                                 std::to_string(config.port) + ": " + ec.message());
    }
    spdlog::info("HTTP API listening on {}:{}", config.host, config.port);
    return Status::Ok();
  }

  // At most max_connections are open: a new one closes the longest-open session, so that idle
  // or slow clients cannot keep out a health probe, nor take the descriptors that sending
  // needs. Out of descriptors, it waits a little and tries again instead of spinning on a
  // failing accept.
  void Accept() {
    if (accepting_ || !acceptor_.is_open()) return;
    accepting_ = true;
    acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      self->accepting_ = false;
      if (ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) return;
      if (ec == boost::asio::error::no_descriptors || ec.value() == ENFILE ||
          ec == boost::asio::error::no_buffer_space || ec == boost::asio::error::no_memory) {
        // Give a descriptor back (the longest-open session's), then try again shortly.
        self->CloseOldest();
        self->BackOff(ec);
        return;
      }
      self->backoff_ = std::chrono::milliseconds(0);
      if (!ec) self->Serve(std::move(socket));
      self->Accept();
    });
  }

  void Close() {
    beast::error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
  }

 private:
  void CloseOldest() {
    while (!sessions_.empty()) {
      auto oldest = sessions_.front().lock();
      sessions_.pop_front();
      if (oldest) {
        oldest->Close();
        return;
      }
    }
  }

  void Serve(tcp::socket socket) {
    if (*open_ >= max_connections_) {
      if (!full_logged_) {
        spdlog::warn("HTTP: {} connections open; closing the longest-open ones", *open_);
      }
      full_logged_ = true;
      CloseOldest();
    } else {
      full_logged_ = false;
    }
    auto session = std::make_shared<Session>(std::move(socket), api_, open_);
    sessions_.push_back(session);
    if (sessions_.size() > 2 * static_cast<size_t>(max_connections_)) {
      sessions_.remove_if([](const std::weak_ptr<Session>& w) { return w.expired(); });
    }
    session->Read();
  }

  void BackOff(const beast::error_code& ec) {
    backoff_ = std::min(std::chrono::milliseconds(1000),
                        std::max(std::chrono::milliseconds(50), backoff_ * 2));
    spdlog::error("HTTP: cannot accept a connection: {} (errno {}); trying again in {} ms",
                  ec.message(), ec.value(), backoff_.count());
    retry_.expires_after(backoff_);
    retry_.async_wait([self = shared_from_this()](const boost::system::error_code& e) {
      if (!e) self->Accept();
    });
  }

  tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::shared_ptr<int> open_;                   // sessions open now
  std::list<std::weak_ptr<Session>> sessions_;  // oldest first; some may have ended
  int max_connections_ = 256;
  bool accepting_ = false;
  bool full_logged_ = false;
  std::chrono::milliseconds backoff_{0};
  HttpApi* api_;
};

HttpApi::HttpApi(boost::asio::io_context& io, Hooks hooks)
    : io_(io), store_(hooks.store), clock_(hooks.clock), hooks_(std::move(hooks)), use_timer_(io) {}

HttpApi::~HttpApi() { Stop(); }

std::unique_ptr<FrontEnd> HttpFrontEnd(boost::asio::io_context& io, ServiceHooks hooks) {
  return std::make_unique<HttpApi>(io, std::move(hooks));
}

Status HttpApi::Start(const ApiConfig& api) {
  listener_ = std::make_shared<Listener>(io_, this);
  if (Status s = listener_->Open(api); !s.ok()) return s;
  listener_->Accept();
  return Status::Ok();
}

void HttpApi::Stop() {
  if (listener_) listener_->Close();
  listener_.reset();
  use_timer_.cancel();
  use_timer_armed_ = false;
  RecordUse();
}

}  // namespace fristvakt
