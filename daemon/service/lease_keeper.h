#ifndef FRISTVAKT_DAEMON_SERVICE_LEASE_KEEPER_H_
#define FRISTVAKT_DAEMON_SERVICE_LEASE_KEEPER_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

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
// every kRenewEvery through a connection of its own, so that a long evaluation on the loop
// cannot let it run out; a daemon whose loop hangs is the watchdog's to kill. When another
// daemon has taken the lease, or it could not be renewed for kTtl, `on_lost` runs on the loop:
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
  // Stops renewing and gives the lease up. On the loop's thread.
  void Release();

  const DaemonLease& me() const { return me_; }
  bool active() const { return active_; }

 private:
  void Ask();
  void Renew();  // the thread's body

  boost::asio::io_context& io_;
  Store& store_;
  StoreOpener open_;
  DaemonLease me_;
  boost::asio::steady_timer timer_;
  std::function<void()> on_active_;
  std::function<void(std::string)> on_lost_;
  std::string waiting_for_;  // the holder last named in the log, so it is named once
  bool active_ = false;

  std::unique_ptr<Store> renewing_store_;  // the thread's
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_LEASE_KEEPER_H_
