#ifndef FRISTVAKT_NOTIFIERS_CURL_MULTI_H_
#define FRISTVAKT_NOTIFIERS_CURL_MULTI_H_

// Boost 1.74's Asio uses std::exchange without including <utility>.
#include <utility>

#include <curl/curl.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fristvakt {

// Runs libcurl's multi interface on a thread of its own (the transport thread), so that the
// transfers' work (connections, TCP, TLS, libcurl's bookkeeping) runs beside the io_context's
// thread rather than on it. The io_context's thread adds and removes transfers; each transfer's
// `done` runs back on the io_context. Between Add and `done` (or Remove) an easy handle and what
// its callbacks touch belong to the transport thread: the caller leaves them alone.
// Add, Remove and in_flight are for the io_context's thread. The io_context outlives it, and the
// easy handles are cleaned up before it goes (it undoes libcurl's global set-up).
class CurlMulti {
 public:
  using Done = std::function<void(CURLcode)>;

  explicit CurlMulti(boost::asio::io_context& io);
  // Stops the transport thread; transfers still running end without their `done`.
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Starts a transfer. `done` runs once, on the io_context, when it ends; the easy handle is
  // out of the multi handle by then and the caller may clean it up.
  void Add(CURL* easy, Done done);
  // Stops a transfer. Returns once libcurl has let go of the handle. Its `done` does not run,
  // unless `report_end` and the transfer had ended already, its end on the way back to the
  // io_context: then `done` runs here, with how it ended (a shutdown must not send again what
  // went out).
  void Remove(CURL* easy, bool report_end = false);
  size_t in_flight() const { return transfers_.size(); }

 private:
  struct Ended {
    CURL* easy;
    uint64_t id;
    CURLcode result;
  };
  struct Transfer {
    uint64_t id;
    Done done;
  };

  // The transport thread: adds and removes what was asked, lets libcurl work, and hands the
  // ended transfers back to the io_context, all of one round together.
  void Run();
  // On the io_context: the `done` of each ended transfer not removed since.
  void Deliver();

  boost::asio::io_context& io_;
  CURLcode global_;
  CURLM* multi_;
  // Whether curl_multi_wakeup reaches the transport thread. Without a wake-up pipe (none could be
  // made: no file descriptors left at the start) it looks for new work every
  // kNoWakeUpWaitMs instead.
  bool wakes_ = true;

  // Shared by the two threads, under mutex_.
  std::mutex mutex_;
  std::condition_variable removed_;
  std::vector<std::pair<CURL*, uint64_t>> to_add_;
  std::vector<CURL*> to_remove_;
  uint64_t removals_asked_ = 0;
  uint64_t removals_made_ = 0;
  std::vector<Ended> ended_;  // ended on the transport thread, not yet delivered
  bool stopping_ = false;

  // The io_context's thread only. An id tells a handle from a later one at the same address.
  std::map<CURL*, Transfer> transfers_;
  uint64_t next_id_ = 1;
  // Gone with the multi handle: a delivery posted before then does nothing.
  std::shared_ptr<bool> alive_;
  // While transfers run, the io_context has work: their ends come back to it.
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> busy_;

  std::thread thread_;  // last: started when everything above is ready
};

// What every transfer owns: its easy handle, a header or recipient list, and libcurl's error
// text. Freed when the transfer is.
struct CurlTransfer {
  CurlTransfer() : easy(curl_easy_init()) {
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    // A transfer stopped or timed out while its host's name is being looked up leaves libcurl's
    // resolver thread to end by itself, rather than waiting for it: a name server that does not
    // answer would hold the transport thread (every other transfer) or a shutdown's Remove for
    // as long as the C library retries, up to 30 s, past systemd's stop timeout.
    curl_easy_setopt(easy, CURLOPT_QUICK_EXIT, 1L);
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
  // Nothing it hands back may run now: its owner is going.
  ~TransferSet() {
    for (const auto& [easy, t] : transfers_) multi_.Remove(easy);
  }

  void Start(std::unique_ptr<T> transfer, Done done) {
    CURL* easy = transfer->easy;
    transfers_[easy] = std::move(transfer);
    multi_.Add(easy, [this, easy, done = std::move(done)](CURLcode code) {
      auto node = transfers_.extract(easy);
      done(std::move(node.mapped()), code);
    });
  }
  // Abandons every transfer: no `done` runs, except for those that had ended already (their
  // `done` runs now, so that what went out is recorded as sent).
  void CancelAll() {
    std::vector<CURL*> running;
    for (const auto& [easy, t] : transfers_) running.push_back(easy);
    // A `done` run by Remove takes its transfer out of transfers_.
    for (CURL* easy : running) multi_.Remove(easy, /*report_end=*/true);
    transfers_.clear();
  }

 private:
  CurlMulti& multi_;
  std::map<CURL*, std::unique_ptr<T>> transfers_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_CURL_MULTI_H_
