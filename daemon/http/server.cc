// The transport of the HTTP API: Boost.Beast on the daemon's io_context. Requests are read
// with a 64 KiB body limit (413 beyond it) and a time limit; connections are kept alive.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spdlog/spdlog.h>

#include "daemon/http/api.h"

namespace fristvakt {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr size_t kBodyLimit = 64 * 1024;
constexpr std::chrono::seconds kIdle{30};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpApi* api) : stream_(std::move(socket)), api_(api) {}

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
    HttpRequest request{std::string(req.method_string()), std::string(req.target()),
                        std::string(req[http::field::authorization]),
                        std::string(req[http::field::cookie]), req.body()};
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
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpApi* api_;
};

}  // namespace

class HttpApi::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, HttpApi* api) : acceptor_(io), api_(api) {}

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

  void Accept() {
    acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) return;
      if (!ec) std::make_shared<Session>(std::move(socket), self->api_)->Read();
      self->Accept();
    });
  }

  void Close() {
    beast::error_code ec;
    acceptor_.close(ec);
  }

 private:
  tcp::acceptor acceptor_;
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
