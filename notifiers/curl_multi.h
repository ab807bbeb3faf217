#ifndef FRISTVAKT_NOTIFIERS_CURL_MULTI_H_
#define FRISTVAKT_NOTIFIERS_CURL_MULTI_H_

// Boost 1.74's Asio uses std::exchange without including <utility>.
#include <utility>

#include <curl/curl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>

namespace fristvakt {

// Drives libcurl's multi interface from an Asio io_context, so that many transfers run at once
// on one thread: libcurl says which sockets to watch (CURLMOPT_SOCKETFUNCTION) and when to time
// out (CURLMOPT_TIMERFUNCTION); Asio watches, and only then is libcurl called again, never from
// inside one of its own callbacks (the pattern of curl's multi-uv.c and MPD's curl glue).
// Owned and used by the io_context's one thread. Does not own the easy handles.
class CurlMulti {
 public:
  using Done = std::function<void(CURLcode)>;

  explicit CurlMulti(boost::asio::io_context& io);
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Starts a transfer. `done` runs once, on the io_context, when it ends; the easy handle is
  // out of the multi handle by then and the caller may clean it up.
  void Add(CURL* easy, Done done);
  // Stops a transfer without calling its `done`.
  void Remove(CURL* easy);
  size_t in_flight() const { return transfers_.size(); }

 private:
  struct Socket;

  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self, void* socketp);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  void Watch(const std::shared_ptr<Socket>& socket);
  void Action(curl_socket_t fd, int flags);
  void CollectDone();

  boost::asio::io_context& io_;
  boost::asio::steady_timer timer_;
  CURLM* multi_;
  std::map<CURL*, Done> transfers_;
  std::map<curl_socket_t, std::shared_ptr<Socket>> sockets_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_CURL_MULTI_H_
