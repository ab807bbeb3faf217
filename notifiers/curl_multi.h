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
#include <string>

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

// What every transfer owns: its easy handle, a header or recipient list, and libcurl's error
// text. Freed when the transfer is.
struct CurlTransfer {
  CurlTransfer() : easy(curl_easy_init()) {
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  }
  ~CurlTransfer() {
    curl_slist_free_all(list);
    curl_easy_cleanup(easy);
  }
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  // "Couldn't connect to server: Failed to connect to ..." for a failed transfer.
  std::string Error(CURLcode code) const {
    return std::string(curl_easy_strerror(code)) + (error[0] ? std::string(": ") + error : "");
  }

  CURL* easy;
  curl_slist* list = nullptr;
  char error[CURL_ERROR_SIZE] = {};
};

// The transfers of one notifier: keeps each alive while libcurl works on it and hands it back
// when it ends. T derives from CurlTransfer. Owned and used by the io_context's thread.
template <typename T>
class TransferSet {
 public:
  using Done = std::function<void(std::unique_ptr<T>, CURLcode)>;

  explicit TransferSet(CurlMulti& multi) : multi_(multi) {}
  ~TransferSet() { CancelAll(); }

  void Start(std::unique_ptr<T> transfer, Done done) {
    CURL* easy = transfer->easy;
    transfers_[easy] = std::move(transfer);
    multi_.Add(easy, [this, easy, done = std::move(done)](CURLcode code) {
      auto node = transfers_.extract(easy);
      done(std::move(node.mapped()), code);
    });
  }
  // Abandons every transfer; no `done` runs.
  void CancelAll() {
    for (auto& [easy, t] : transfers_) multi_.Remove(easy);
    transfers_.clear();
  }

 private:
  CurlMulti& multi_;
  std::map<CURL*, std::unique_ptr<T>> transfers_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_CURL_MULTI_H_
