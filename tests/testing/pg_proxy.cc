#include "testing/pg_proxy.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace fristvakt::testing {
namespace {

constexpr const char* kSocketName = "/.s.PGSQL.5432";  // PostgreSQL's default port

bool ReadFull(int fd, char* p, size_t n) {
  while (n > 0) {
    ssize_t got = ::read(fd, p, n);
    if (got <= 0) return false;
    p += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

bool WriteFull(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t put = ::send(fd, p, n, MSG_NOSIGNAL);
    if (put <= 0) return false;
    p += put;
    n -= static_cast<size_t>(put);
  }
  return true;
}

bool UnixAddress(const std::string& path, sockaddr_un* addr) {
  std::memset(addr, 0, sizeof *addr);
  addr->sun_family = AF_UNIX;
  if (path.size() >= sizeof addr->sun_path) return false;
  std::memcpy(addr->sun_path, path.c_str(), path.size() + 1);
  return true;
}

// The value of a URL's query parameter `name`, and where it stands.
bool FindParameter(const std::string& url, const std::string& name, size_t* begin, size_t* end) {
  for (size_t p = url.find('?'); p != std::string::npos; p = url.find('&', p + 1)) {
    if (url.compare(p + 1, name.size() + 1, name + "=") == 0) {
      *begin = p + 1 + name.size() + 1;
      *end = url.find('&', *begin);
      if (*end == std::string::npos) *end = url.size();
      return true;
    }
  }
  return false;
}

}  // namespace

struct PgProxy::Link {
  int client = -1;
  int server = -1;
  std::atomic<bool> lose_answer{false};
  std::thread to_server;
  std::thread to_client;
};

PgProxy::PgProxy(const std::string& url) {
  size_t begin = 0;
  size_t end = 0;
  if (!FindParameter(url, "host", &begin, &end)) return;
  server_socket_ = url.substr(begin, end - begin) + kSocketName;
  char dir[] = "/tmp/fristvakt-pgproxy.XXXXXX";
  if (::mkdtemp(dir) == nullptr) return;
  dir_ = dir;
  sockaddr_un addr;
  listener_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
  if (listener_ < 0 || !UnixAddress(dir_ + kSocketName, &addr) ||
      ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0) {
    return;
  }
  url_ = url.substr(0, begin) + dir_ + url.substr(end);
  acceptor_ = std::thread([this] { Accept(); });
}

PgProxy::~PgProxy() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& link : links_) {
    ::shutdown(link->client, SHUT_RDWR);
    ::shutdown(link->server, SHUT_RDWR);
    link->to_server.join();
    link->to_client.join();
    ::close(link->client);
    ::close(link->server);
  }
  if (listener_ >= 0) ::close(listener_);
  if (!dir_.empty()) {
    ::unlink((dir_ + kSocketName).c_str());
    ::rmdir(dir_.c_str());
  }
}

void PgProxy::Accept() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    sockaddr_un addr;
    int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (server < 0 || !UnixAddress(server_socket_, &addr) ||
        ::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(client);
      if (server >= 0) ::close(server);
      continue;
    }
    auto link = std::make_unique<Link>();
    link->client = client;
    link->server = server;
    Link* l = link.get();
    l->to_server = std::thread([this, l] { ClientToServer(l); });
    l->to_client = std::thread([this, l] { ServerToClient(l); });
    std::lock_guard<std::mutex> lock(mu_);
    links_.push_back(std::move(link));
  }
}

// Passes the client's messages on one at a time, to see each one's type: the first (the
// start-up, or a request for encryption before it) has no type byte, the later ones do.
void PgProxy::ClientToServer(Link* link) {
  bool untyped = true;
  std::string message;
  while (true) {
    const size_t head = untyped ? 4 : 5;
    message.resize(head);
    if (!ReadFull(link->client, message.data(), head)) break;
    uint32_t length;
    std::memcpy(&length, message.data() + head - 4, 4);
    length = ntohl(length);
    if (length < 4) break;
    message.resize(head + length - 4);
    if (!ReadFull(link->client, message.data() + head, length - 4)) break;
    if (untyped) {
      uint32_t code = 0;
      if (length == 8) std::memcpy(&code, message.data() + 4, 4);
      code = ntohl(code);
      untyped = code == 80877103 || code == 80877104;  // SSLRequest, GSSENCRequest
    } else if (message[0] == 'Q' && message.compare(5, 6, "COMMIT") == 0) {
      Loss loss = lose_next_.exchange(Loss::kNone);
      if (loss == Loss::kCommit) {
        ++lost_;
        break;
      }
      if (loss == Loss::kAnswer) link->lose_answer = true;
    }
    if (!WriteFull(link->server, message.data(), message.size())) break;
  }
  ::shutdown(link->client, SHUT_RDWR);
  ::shutdown(link->server, SHUT_RDWR);
}

void PgProxy::ServerToClient(Link* link) {
  char buf[65536];
  ssize_t got;
  while ((got = ::read(link->server, buf, sizeof buf)) > 0) {
    if (link->lose_answer) {  // the server answered the COMMIT: the transaction is made
      ++lost_;
      break;
    }
    if (!WriteFull(link->client, buf, static_cast<size_t>(got))) break;
  }
  ::shutdown(link->client, SHUT_RDWR);
  ::shutdown(link->server, SHUT_RDWR);
}

}  // namespace fristvakt::testing
