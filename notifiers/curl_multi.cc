#include "notifiers/curl_multi.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include <boost/asio/post.hpp>

namespace fristvakt {
namespace {

// Idle connections kept for reuse, to all receivers together (each closes after libcurl's
// CURLOPT_MAXAGE_CONN, 118 s idle).
constexpr long kMaxIdleConnections = 256;

// The longest the transport thread sleeps: with transfers running, libcurl's own timeouts wake
// it sooner (curl_multi_poll takes the shorter); with none, only a new one does (an idle daemon
// wakes for nothing).
constexpr int kBusyWaitMs = 60 * 1000;
constexpr int kIdleWaitMs = std::numeric_limits<int>::max();
// Without a wake-up pipe, the longest a new transfer or a removal waits for the thread.
constexpr int kNoWakeUpWaitMs = 100;

}  // namespace

CurlMulti::CurlMulti(boost::asio::io_context& io)
    // libcurl's global set-up before its first handle, not lazily inside the first
    // curl_easy_init while the transport thread runs (counted; undone in the destructor).
    : io_(io),
      global_(curl_global_init(CURL_GLOBAL_DEFAULT)),
      multi_(curl_multi_init()),
      alive_(std::make_shared<bool>(true)) {
  // Keep idle connections for reuse. libcurl's default cache holds four per transfer in the
  // multi handle at the moment one ends; a burst's transfers end and leave one by one before
  // the next are added, so that default shrank to a few and closed most connections after one
  // request (477 connections for 10,000 requests with 16 in flight).
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, kMaxIdleConnections);
  // libcurl makes its wake-up pipe in curl_multi_init and goes on without one when it cannot:
  // then nothing would wake an idle thread. Tried once (the first poll takes the wake-up).
  wakes_ = curl_multi_wakeup(multi_) == CURLM_OK;
  thread_ = std::thread([this]() { Run(); });
}

CurlMulti::~CurlMulti() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  curl_multi_wakeup(multi_);
  thread_.join();
  // The transport thread is gone: the multi handle is this thread's now. A delivery of ends
  // still waiting in the io_context finds alive_ gone and does nothing.
  alive_.reset();
  for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_, easy);
  transfers_.clear();
  busy_.reset();
  curl_multi_cleanup(multi_);
  if (global_ == CURLE_OK) curl_global_cleanup();
}

void CurlMulti::Add(CURL* easy, Done done) {
  const uint64_t id = next_id_++;
  if (transfers_.empty()) busy_.emplace(io_.get_executor());
  transfers_[easy] = {id, std::move(done)};
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // The thread takes all that waits at once: one wake-up is enough for a batch.
    wake = to_add_.empty();
    to_add_.emplace_back(easy, id);
  }
  if (wake) curl_multi_wakeup(multi_);
}

void CurlMulti::Remove(CURL* easy, bool report_end) {
  auto it = transfers_.find(easy);
  if (it == transfers_.end()) return;
  const uint64_t id = it->second.id;
  Done done = std::move(it->second.done);
  transfers_.erase(it);
  std::optional<CURLcode> ended;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    to_remove_.push_back(easy);
    const uint64_t ticket = ++removals_asked_;
    curl_multi_wakeup(multi_);
    removed_.wait(lock, [this, ticket]() { return removals_made_ >= ticket; });
    // Ended before libcurl was asked to let go: its end waits here, and goes no further.
    auto e = std::find_if(ended_.begin(), ended_.end(),
                          [&](const Ended& x) { return x.easy == easy && x.id == id; });
    if (e != ended_.end()) {
      ended = e->result;
      ended_.erase(e);
    }
  }
  if (transfers_.empty()) busy_.reset();
  if (ended && report_end) done(*ended);
}

void CurlMulti::Run() {
  std::vector<std::pair<CURL*, uint64_t>> adding;
  std::vector<CURL*> removing;
  std::map<CURL*, uint64_t> running;  // the handles in the multi handle, with their ids
  std::vector<Ended> ended;
  for (;;) {
    uint64_t asked = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) break;
      adding.swap(to_add_);
      removing.swap(to_remove_);
      asked = removals_asked_;
    }
    // Adds first: a handle added and removed before this round came is both, in that order.
    for (const auto& [easy, id] : adding) {
      if (curl_multi_add_handle(multi_, easy) == CURLM_OK) {
        running[easy] = id;
      } else {
        ended.push_back({easy, id, CURLE_FAILED_INIT});  // it ends at once, failed
      }
    }
    adding.clear();
    if (!removing.empty()) {
      for (CURL* easy : removing) {
        // One that ended meanwhile is out already; Remove finds its end in ended_.
        if (running.erase(easy) > 0) curl_multi_remove_handle(multi_, easy);
      }
      removing.clear();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        removals_made_ = asked;
      }
      removed_.notify_all();
    }
    int still_running = 0;
    curl_multi_perform(multi_, &still_running);
    int pending = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &pending)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode result = msg->data.result;
      curl_multi_remove_handle(multi_, easy);
      auto it = running.find(easy);
      if (it == running.end()) continue;
      ended.push_back({easy, it->second, result});
      running.erase(it);
    }
    if (!ended.empty()) {
      bool deliver = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        // One delivery waiting in the io_context takes all that came since.
        deliver = ended_.empty();
        ended_.insert(ended_.end(), ended.begin(), ended.end());
      }
      ended.clear();
      if (deliver) {
        boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)]() {
          if (alive.lock()) Deliver();
        });
      }
    }
    const int wait = !wakes_ ? kNoWakeUpWaitMs : running.empty() ? kIdleWaitMs : kBusyWaitMs;
    if (curl_multi_poll(multi_, nullptr, 0, wait, nullptr) != CURLM_OK) {
      // Not expected (out of memory, a broken wake-up pipe): do not spin.
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  // Stopping: the destructor takes the multi handle and what is still in it.
  {
    std::lock_guard<std::mutex> lock(mutex_);
    removals_made_ = removals_asked_;
  }
  removed_.notify_all();
}

void CurlMulti::Deliver() {
  std::vector<Ended> ended;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ended.swap(ended_);
  }
  for (const Ended& e : ended) {
    auto it = transfers_.find(e.easy);
    // Removed since, perhaps with a new transfer at the same address.
    if (it == transfers_.end() || it->second.id != e.id) continue;
    Done done = std::move(it->second.done);
    transfers_.erase(it);
    if (transfers_.empty()) busy_.reset();
    done(e.result);
  }
}

}  // namespace fristvakt
