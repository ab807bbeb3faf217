#ifndef FRISTVAKT_DAEMON_SERVICE_LEASE_KEEPER_H_
#define FRISTVAKT_DAEMON_SERVICE_LEASE_KEEPER_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "db/store.h"

namespace fristvakt {

// Makes this daemon the active one on a database that holds a lease (PostgreSQL, SPEC §10),
// and keeps it so. Until the lease is free the daemon is a standby: it asks every second, on
// the loop, through the daemon's store. Once it holds the lease, a thread of its own renews it
// every kRenewEvery through a connection of its own (opened before the lease is taken), so that
// a long evaluation on the loop cannot let it run out; a daemon whose loop hangs is the
// watchdog's to kill. After a renewal that failed (perhaps the statement that found the session
// ended, the next one connecting again) it tries again kRetryEvery later.
//
// When another daemon has taken the lease, or it was not renewed for kTtl (the loop checks that
// too, in case the thread is stuck on a vanished server), `on_lost` runs on the loop, once:
// from then on the store refuses to mark anything "sending" (LeaseStore::TakeLease), and the
// daemon should stop.
//
// A killed daemon's lease runs out kTtl after its last renewal, and a standby takes it within
// a second of that: within 7 s. A daemon that stops cleanly gives it up (Release), and a
// standby takes it within a second.
class LeaseKeeper {
 public:
  static constexpr std::chrono::seconds kTtl{6};
  static constexpr std::chrono::seconds kRenewEvery{2};
  static constexpr std::chrono::milliseconds kRetryEvery{500};
  static constexpr std::chrono::seconds kAskEvery{1};

  // Opens another connection to the daemon's database, for the renewing thread.
  using StoreOpener = std::function<Status(std::unique_ptr<Store>*)>;

  // `store` is the daemon's, used on the loop's thread; it outlives the keeper.
  LeaseKeeper(boost::asio::io_context& io, Store& store, StoreOpener open);
  // Stops renewing without giving the lease up.
  ~LeaseKeeper();
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  // Takes the lease now, or as soon as it is free: then `on_active` runs on the loop (at once,
  // from within Acquire, when it is free now). `on_lost` (with why) as above.
  void Acquire(std::function<void()> on_active, std::function<void(std::string)> on_lost);
  // Stops renewing and gives the lease up. On the loop's thread. Waits at most a few seconds
  // for a renewal under way; a thread stuck longer (on a server that vanished) is left behind
  // with its connection, and the lease runs out on its own.
  void Release();

  const DaemonLease& me() const { return me_; }
  bool active() const { return active_; }

 private:
  struct Renewal;  // below
  void Ask();
  // The thread's body. Posts `lost` to the loop unless stopped.
  static void Renew(std::shared_ptr<Renewal> r, std::string holder, boost::asio::io_context& io,
                    std::function<void(std::string)> lost);
  void Check();  // on the loop: was the lease renewed in time?
  void Lose(const std::string& why);
  // Stops the thread; false when it did not stop within a few seconds (then detached).
  bool StopThread();

  boost::asio::io_context& io_;
  Store& store_;
  StoreOpener open_;
  DaemonLease me_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer check_timer_;
  std::function<void()> on_active_;
  std::function<void(std::string)> on_lost_;
  std::string waiting_for_;  // what the log last said while waiting, so it says it once
  bool active_ = false;
  bool lost_ = false;

  // What the renewing thread shares with the loop; the thread holds it too, so that a thread
  // left behind (StopThread) touches nothing of the keeper's.
  struct Renewal {
    std::unique_ptr<Store> store;  // the thread's connection once it runs
    std::mutex mu;
    std::condition_variable wake;
    bool stop = false;  // guarded by mu
    bool done = false;  // guarded by mu: the thread has returned
    // When the last renewal the database accepted was asked for (steady clock): the lease runs
    // out kTtl after it, or later.
    std::atomic<std::chrono::steady_clock::rep> renewed{0};
  };
  std::shared_ptr<Renewal> renewal_ = std::make_shared<Renewal>();
  std::thread thread_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_LEASE_KEEPER_H_
