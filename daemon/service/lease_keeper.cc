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
    : io_(io), store_(store), open_(std::move(open)), timer_(io) {
  me_.host = HostName();
  me_.pid = getpid();
  me_.holder = HolderId(me_.host, me_.pid);
}

LeaseKeeper::~LeaseKeeper() {
  timer_.cancel();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LeaseKeeper::Acquire(std::function<void()> on_active,
                          std::function<void(std::string)> on_lost) {
  on_active_ = std::move(on_active);
  on_lost_ = std::move(on_lost);
  Ask();
}

void LeaseKeeper::Ask() {
  bool taken = false;
  Status s = store_.TakeLease(me_, kTtl, &taken);
  if (s.ok() && taken) {
    Status opened = open_(&renewing_store_);
    if (!opened.ok()) {
      // Without its own connection the lease would run out during a long evaluation: give it
      // back and stay a standby.
      spdlog::warn("standby: cannot open a second connection to renew the lease: {}",
                   opened.message());
      (void)store_.ReleaseLease(me_.holder);
    } else {
      active_ = true;
      spdlog::info("active: this daemon ({} pid {}) holds the lease on the database", me_.host,
                   me_.pid);
      thread_ = std::thread([this]() { Renew(); });
      on_active_();
      return;
    }
  } else if (!s.ok()) {
    if (waiting_for_ != s.message())
      spdlog::warn("standby: cannot ask for the lease: {}", s.message());
    waiting_for_ = s.message();
  } else {
    std::optional<DaemonLease> active;
    if (store_.ActiveDaemon(&active).ok() && active && waiting_for_ != active->holder) {
      spdlog::info(
          "standby: the daemon on {} (pid {}) is active; taking over when its lease runs "
          "out",
          active->host, active->pid);
      waiting_for_ = active->holder;
    }
  }
  timer_.expires_after(kAskEvery);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Ask();
  });
}

void LeaseKeeper::Renew() {
  // The lease runs out kTtl after the last renewal the database saw, which came after this.
  auto renewed = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, kRenewEvery, [this]() { return stop_; })) {
    lock.unlock();
    const auto asked = std::chrono::steady_clock::now();
    bool held = false;
    Status s = renewing_store_->RenewLease(me_.holder, kTtl, &held);
    lock.lock();
    if (stop_) return;
    std::string lost;
    if (s.ok() && held) {
      renewed = asked;
    } else if (s.ok()) {
      lost = "another daemon took the lease after it ran out";
    } else if (std::chrono::steady_clock::now() - renewed >= kTtl) {
      lost = "the lease could not be renewed for " + std::to_string(kTtl.count()) +
             " s and may be another daemon's now: " + s.message();
    } else {
      spdlog::warn("cannot renew the lease; trying again in {} s: {}", kRenewEvery.count(),
                   s.message());
    }
    if (!lost.empty()) {
      boost::asio::post(io_, [this, lost]() { on_lost_(lost); });
      return;
    }
  }
}

void LeaseKeeper::Release() {
  timer_.cancel();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (!active_) return;
  active_ = false;
  if (Status s = renewing_store_->ReleaseLease(me_.holder); !s.ok()) {
    spdlog::warn("cannot give the lease up; a standby takes over when it runs out: {}",
                 s.message());
  } else {
    spdlog::info("gave the lease up");
  }
}

}  // namespace fristvakt
