#ifndef FRISTVAKT_DAEMON_SERVICE_H_
#define FRISTVAKT_DAEMON_SERVICE_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "daemon/app.h"
#include "daemon/dispatcher.h"
#include "daemon/scheduler.h"
#include "notifiers/curl_multi.h"
#include "notifiers/render.h"
#include "notifiers/templates.h"

namespace fristvakt {

// The daemon (SPEC §7): one io_context on one thread owns the timers, the SQLite connection and
// the curl multi handle. It sleeps until the next due moment; SIGTERM or SIGINT stop it after
// in-flight sends finish (10 s at most), leaving the rest queued.
class Service {
 public:
  // The context's config, store and clock outlive the service.
  explicit Service(CommandContext& ctx);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Runs until stopped. Returns how it ended.
  Status Run();

 private:
  Status Start();
  void ArmScheduler();
  void OnSchedulerTimer();
  void OnSignal(int signal);

  CommandContext& ctx_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer scheduler_timer_;
  Templates templates_;
  std::unique_ptr<Renderer> renderer_;
  std::unique_ptr<CurlMulti> curl_;
  std::unique_ptr<Notifier> email_;
  std::unique_ptr<Notifier> webhook_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<Dispatcher> dispatcher_;
  bool stopping_ = false;
};

// `fristvakt run`.
Status RunCommand(CommandContext& ctx);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_H_
