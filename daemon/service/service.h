#ifndef FRISTVAKT_DAEMON_SERVICE_SERVICE_H_
#define FRISTVAKT_DAEMON_SERVICE_SERVICE_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <vector>

#include "daemon/service/change_watcher.h"
#include "daemon/service/daemon_lock.h"
#include "daemon/service/dispatcher.h"
#include "daemon/service/event_seq_watcher.h"
#include "daemon/service/front_end.h"
#include "daemon/service/lease_keeper.h"
#include "daemon/service/scheduler.h"
#include "daemon/service/wall_timer.h"
#include "notifiers/curl_multi.h"
#include "notifiers/render.h"
#include "notifiers/templates.h"

namespace fristvakt {

// The daemon (docs/operator-guide.md). One io_context on one thread owns the timers and the
// SQLite connection; the transfers run on the curl multi handle's thread and end back on it
// (docs/architecture.md, "The daemon's loop"). It sleeps until the next due moment on the wall
// clock; other processes' changes to the database wake it within a second; SIGHUP reloads the
// configuration (keeping the old one if the new one has any problem); SIGTERM or SIGINT stop it
// after in-flight sends finish (10 s at most), leaving the rest queued. It tells systemd about each
// step. On PostgreSQL several may run on one database: one is active (it holds the lease) and
// the others wait as standbys, with their configuration loaded and checked, doing nothing else
// (no API, no scheduling, no sending) until the lease is theirs (LeaseKeeper).
class Service {
 public:
  // `config` is the configuration loaded at start; the store and the clock outlive the service.
  // `front_end`, when given, is built when the configuration asks for the HTTP API.
  Service(const Config& config, Store* store, const Clock* clock, FrontEndFactory front_end = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Runs until stopped. Returns how it ended.
  Status Run();

 private:
  // One loaded configuration with everything built from it. A reload builds a new one; the old
  // one lives on while sends through its transports are in flight.
  struct Generation {
    std::unique_ptr<Config> config;
    Templates templates;
    std::unique_ptr<Renderer> renderer;
    std::unique_ptr<Notifier> email;
    std::unique_ptr<Notifier> webhook;
    std::unique_ptr<Scheduler> scheduler;
  };

  // What can fail before the daemon queues anything: the lock or lease, the configuration.
  Status Start();
  // The rest, once this daemon is the one that sends: the API, the dispatcher, the scheduler.
  Status StartActive();
  // Another daemon holds the lease now: stop, and end with a failure (systemd's Restart=
  // brings this one back as a standby).
  void LoseLease(const std::string& why);
  Status Build(std::unique_ptr<Config> config, std::unique_ptr<Generation>* out, Diagnostics* diag);
  void RunDue();
  void ArmScheduler();
  void OnSignal(int signal);
  void Reload();
  // Appends a system event; a failure is logged, the daemon goes on.
  void RecordEvent(Event* e);
  void Stop();
  void ArmWatchdog();
  void ReapRetired();
  // Once a day: empties the payloads of notices sent more than kKeepPayloads ago, so that the
  // outbox does not grow without end over the years.
  void ForgetOldPayloads(Timestamp now);
  // Gives freed memory back to the system after a burst (an evaluation, digests, a queue sent),
  // so that the daemon's resident size follows what it holds, not its highest peak.
  static void ReleaseMemory();
  Status StartApi();
  // Starts a generation's scheduler: every measure evaluated at now, timed for the metrics.
  Status StartScheduler(Generation& g);

  const Config initial_config_;
  Store* store_;
  const Clock* clock_;
  FrontEndFactory front_end_factory_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  WallTimer wake_;
  boost::asio::steady_timer watchdog_;
  std::unique_ptr<CurlMulti> curl_;
  std::unique_ptr<Generation> current_;
  std::vector<std::unique_ptr<Generation>> retired_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<ChangeWatcher> watcher_;   // SQLite
  std::unique_ptr<EventSeqWatcher> poller_;  // any other database
  std::unique_ptr<FrontEnd> api_;
  std::map<std::string, int64_t> reloads_;  // "ok" / "failed" -> count
  double evaluation_seconds_ = 0;
  Timestamp payloads_forgotten_{};
  std::unique_ptr<DaemonLock> lock_;    // SQLite
  std::unique_ptr<LeaseKeeper> lease_;  // a database that holds a lease (PostgreSQL)
  Status ended_ = Status::Ok();         // what Run() returns
  bool stopping_ = false;
  bool scheduling_failing_ = false;  // the last scheduling pass could not write its decisions
};

// Holds SIGTERM, SIGINT and SIGHUP back from the moment `run` starts until a Service listens
// for them, so that a stop signal in the first moments is a clean stop (exit 0), not the
// default action's death. Call before any other thread is started.
void HoldStopSignals();
// Lets them through again, to their handlers or their default action.
void ReleaseStopSignals();

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_SERVICE_H_
