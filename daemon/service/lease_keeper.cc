#include "daemon/service/lease_keeper.h"

#include <unistd.h>

#include <boost/asio/post.hpp>
#include <cstdio>
#include <random>

#include <spdlog/spdlog.h>

namespace fristvakt {
namespace {

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "?";
  return name;
}

// Unique to this process, even beside a daemon on another host with the same pid.
std::string HolderId(const std::string& host, int64_t pid) {
  std::random_device random;
  char part[17];
  std::snprintf(part, sizeof part, "%08x%08x", random(), random());
  return host + ":" + std::to_string(pid) + ":" + part;
}

}  // namespace

LeaseKeeper::LeaseKeeper(boost::asio::io_context& io, Store& store, StoreOpener open)
    : io_(io), store_(store), open_(std::move(open)), timer_(io), check_timer_(io) {
  me_.host = HostName();
  me_.pid = getpid();
  me_.holder = HolderId(me_.host, me_.pid);
}

LeaseKeeper::~LeaseKeeper() {
  timer_.cancel();
  check_timer_.cancel();
  StopThread();
}

void LeaseKeeper::Acquire(std::function<void()> on_active,
                          std::function<void(std::string)> on_lost) {
  on_active_ = std::move(on_active);
  on_lost_ = std::move(on_lost);
  Ask();
}

void LeaseKeeper::Ask() {
  auto again = [this]() {
    timer_.expires_after(kAskEvery);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) Ask();
    });
  };
  auto say_once = [this](const std::string& what, const std::string& text) {
    if (waiting_for_ != what) spdlog::info("standby: {}", text);
    waiting_for_ = what;
  };
  // The renewing thread's connection first: opening it may wait on the writers' lock (the
  // schema check), which must not eat into a lease already taken.
  if (!renewal_->store) {
    if (Status s = open_(&renewal_->store); !s.ok()) {
      renewal_->store.reset();
      say_once(s.message(), "cannot open a connection to renew the lease with: " + s.message());
      return again();
    }
  }
  const auto asked = std::chrono::steady_clock::now();
  bool taken = false;
  if (Status s = store_.TakeLease(me_, kTtl, &taken); !s.ok()) {
    say_once(s.message(), "cannot ask for the lease: " + s.message());
    return again();
  }
  if (!taken) {
    std::optional<DaemonLease> active;
    if (store_.ActiveDaemon(&active).ok() && active) {
      say_once(active->holder, "the daemon on " + active->host + " (pid " +
                                   std::to_string(active->pid) +
                                   ") is active; taking over when its lease runs out");
    }
    return again();
  }
  renewal_->renewed = asked.time_since_epoch().count();
  active_ = true;
  spdlog::info("active: this daemon ({} pid {}) holds the lease on the database", me_.host,
               me_.pid);
  thread_ = std::thread(Renew, renewal_, me_.holder, std::ref(io_),
                        [this](std::string why) { Lose(why); });
  check_timer_.expires_after(kRenewEvery);
  check_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Check();
  });
  on_active_();
}

void LeaseKeeper::Check() {
  const auto renewed = std::chrono::steady_clock::time_point(
      std::chrono::steady_clock::duration(renewal_->renewed.load()));
  if (std::chrono::steady_clock::now() - renewed >= kTtl) {
    return Lose("the lease was not renewed for " + std::to_string(kTtl.count()) +
                " s and may be another daemon's now");
  }
  check_timer_.expires_after(kRenewEvery);
  check_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Check();
  });
}

void LeaseKeeper::Lose(const std::string& why) {
  if (lost_ || !active_) return;
  lost_ = true;
  check_timer_.cancel();
  on_lost_(why);
}

void LeaseKeeper::Renew(std::shared_ptr<Renewal> r, std::string holder, boost::asio::io_context& io,
                        std::function<void(std::string)> lost) {
  std::unique_lock<std::mutex> lock(r->mu);
  std::chrono::milliseconds every = kRenewEvery;
  while (!r->wake.wait_for(lock, every, [&r]() { return r->stop; })) {
    lock.unlock();
    const auto asked = std::chrono::steady_clock::now();
    bool held = false;
    Status s = r->store->RenewLease(holder, kTtl, &held);
    lock.lock();
    if (r->stop) break;
    every = kRenewEvery;
    if (s.ok() && held) {
      r->renewed = asked.time_since_epoch().count();
    } else if (s.ok()) {
      boost::asio::post(io, [lost]() { lost("another daemon took the lease after it ran out"); });
      break;
    } else {
      // The loop's Check() gives up once kTtl has passed without a renewal.
      spdlog::warn("cannot renew the lease; trying again in {} s: {}",
                   std::chrono::duration<double>(kRetryEvery).count(), s.message());
      every = kRetryEvery;
    }
  }
  r->done = true;
  r->wake.notify_all();
}

bool LeaseKeeper::StopThread() {
  if (!thread_.joinable()) return true;
  std::unique_lock<std::mutex> lock(renewal_->mu);
  renewal_->stop = true;
  renewal_->wake.notify_all();
  if (!renewal_->wake.wait_for(lock, std::chrono::seconds(3),
                               [this]() { return renewal_->done; })) {
    // Stuck in a renewal on a server that does not answer: leave it, with its connection and
    // what it shares, to the end of the process rather than hang the stop.
    lock.unlock();
    thread_.detach();
    return false;
  }
  lock.unlock();
  thread_.join();
  return true;
}

void LeaseKeeper::Release() {
  timer_.cancel();
  check_timer_.cancel();
  const bool stopped = StopThread();
  if (!active_) return;
  active_ = false;
  if (!stopped) {
    spdlog::warn("the lease's renewal does not answer; a standby takes over when it runs out");
  } else if (Status s = renewal_->store->ReleaseLease(me_.holder); !s.ok()) {
    spdlog::warn("cannot give the lease up; a standby takes over when it runs out: {}",
                 s.message());
  } else {
    spdlog::info("gave the lease up");
  }
}

}  // namespace fristvakt
