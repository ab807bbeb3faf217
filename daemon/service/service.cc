#include "daemon/service/service.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <unistd.h>

#include <csignal>

#include <spdlog/spdlog.h>

#include "daemon/config/config_file.h"
#include "daemon/service/daemon_lock.h"
#include "daemon/service/systemd_notify.h"
#include "db/open_store.h"
#include "db/sqlite/sqlite_store.h"
#include "notifiers/email.h"
#include "notifiers/webhook.h"

namespace fristvakt {
namespace {

// How long a write on the loop waits for another process's lock before it gives up for now.
constexpr std::chrono::milliseconds kLockWaitOnTheLoop{1000};

// In-flight sends get this long to finish at shutdown (docs/operator-guide.md).
constexpr std::chrono::seconds kGrace{10};

void LogDiagnostics(const Diagnostics& diag) {
  for (const Diagnostic& d : diag.items()) {
    if (d.warning) {
      spdlog::warn("{}", d.ToString());
    } else {
      spdlog::error("{}", d.ToString());
    }
  }
}

}  // namespace

namespace {

// The scheduler keeps this many of the notices a start or a due run queued, for the log.
constexpr size_t kQueuedKept = 100;

// Names each notice among those kept that goes out later than its moment, and why it can; counts
// the rest.
void LogLate(const std::vector<Notice>& kept, const Scheduler::Tally& tally) {
  size_t logged = 0;
  for (const Notice& n : kept) {
    if (n.late) {
      spdlog::info("{}: late (missed while stopped or not yet known, or its rule is new)", n.key);
      ++logged;
    }
  }
  if (tally.late > logged) {
    spdlog::info("and {} more late; the outbox holds each", tally.late - logged);
  }
}

void MaskStopSignals(int how) {
  sigset_t signals;
  sigemptyset(&signals);
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, signal);
  pthread_sigmask(how, &signals, nullptr);
}

}  // namespace

void HoldStopSignals() { MaskStopSignals(SIG_BLOCK); }

void ReleaseStopSignals() { MaskStopSignals(SIG_UNBLOCK); }

Service::Service(const Config& config, Store* store, const Clock* clock, FrontEndFactory front_end)
    : initial_config_(config),
      store_(store),
      clock_(clock),
      front_end_factory_(std::move(front_end)),
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      wake_(io_),
      watchdog_(io_) {
  // The signal set now catches them: a signal held since HoldStopSignals() is delivered to it
  // and waits there until the loop runs, so even the first moments end in a clean stop.
  ReleaseStopSignals();
}

Service::~Service() {
  // Notifiers cancel their transfers on the curl multi handle, so they go first.
  api_.reset();
  dispatcher_.reset();
  retired_.clear();
  current_.reset();
  curl_.reset();
}

Status Service::Build(std::unique_ptr<Config> config, std::unique_ptr<Generation>* out,
                      Diagnostics* diag) {
  auto g = std::make_unique<Generation>();
  g->config = std::move(config);
  const Config& c = *g->config;
  Templates::Load(c.templates_path, c.language, &g->templates, diag);
  CheckRuleTemplates(c.rules, g->templates, diag);
  if (diag->has_errors()) return Status::BadInput("");
  g->renderer = std::make_unique<Renderer>(c, g->templates);
  if (c.smtp) {
    g->email = std::make_unique<SmtpNotifier>(*curl_, *c.smtp, c.delivery, c.timezone);
  } else {
    g->email = std::make_unique<SpoolNotifier>(
        io_, c.spool_path, MailAddress{"fristvakt", "fristvakt@localhost"}, c.timezone);
  }
  auto webhook = std::make_unique<WebhookNotifier>(*curl_, c.webhooks, c.delivery.webhook_limit);
  webhook->timeout = c.delivery.timeout;
  webhook->connect_timeout =
      std::min<std::chrono::milliseconds>(c.delivery.timeout, std::chrono::seconds(10));
  g->webhook = std::move(webhook);
  g->scheduler = std::make_unique<Scheduler>(c, store_);
  g->scheduler->KeepAtMost(kQueuedKept);
  *out = std::move(g);
  return Status::Ok();
}

// Everything that can fail at start is done before the first notice is queued or sent: the
// lock, the configuration's templates and transports, the spool folder and the API's socket.
// A start that fails has queued and sent nothing, so a restart loop cannot send anything twice.
// A standby checks its configuration the same way, so that a broken one shows at its start,
// not at a failover.
Status Service::Start() {
  if (!store_->HoldsLease()) {
    if (Status s = DaemonLock::Acquire(initial_config_.database_path, &lock_); !s.ok()) return s;
  }
  curl_ = std::make_unique<CurlMulti>(io_);
  Diagnostics diag;
  if (Status s = Build(std::make_unique<Config>(initial_config_), &current_, &diag); !s.ok()) {
    LogDiagnostics(diag);
    return Status::BadInput("the configuration has problems; see above");
  }
  const Config& c = *current_->config;
  if (!c.smtp) {
    if (Status s = static_cast<SpoolNotifier*>(current_->email.get())->Prepare(); !s.ok()) {
      return s;
    }
  }
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) OnSignal(signal);
  });
  ArmWatchdog();
  if (!store_->HoldsLease()) return StartActive();

  lease_ = std::make_unique<LeaseKeeper>(io_, *store_, [this](std::unique_ptr<Store>* out) {
    return OpenStore(initial_config_.database_path, initial_config_.database_password.reveal(),
                     out);
  });
  SystemdNotify::Status("standby: waiting for the lease on the database");
  SystemdNotify::Ready();
  lease_->Acquire(
      [this]() {
        if (Status s = StartActive(); !s.ok()) {
          // As a failed start: nothing was sent. The lease goes back to the other daemons.
          spdlog::error("cannot start as the active daemon: {}", s.message());
          ended_ = s;
          stopping_ = true;
          lease_->Release();
          io_.stop();
        }
      },
      [this](const std::string& why) { LoseLease(why); });
  return Status::Ok();
}

Status Service::StartActive() {
  if (Status s = store_->SetState("daemon_pid", std::to_string(getpid())); !s.ok()) {
    spdlog::warn("cannot record the daemon's pid for `status`: {}", s.message());
  }
  const Config& c = *current_->config;
  if (Status s = StartApi(); !s.ok()) return s;
  dispatcher_ =
      std::make_unique<Dispatcher>(io_, store_, c, current_->renderer.get(), current_->email.get(),
                                   current_->webhook.get(), clock_);
  dispatcher_->OnFinish([this]() {
    ReapRetired();
    // Not between the batches of a burst: only once it is all sent.
    if (dispatcher_->idle()) ReleaseMemory();
  });
  if (Status s = StartScheduler(*current_); !s.ok()) return s;
  if (Status s = dispatcher_->Start(); !s.ok()) return s;
  // Another process's commits are seen through SQLite itself: inotify on its file and PRAGMA
  // data_version. Any other database is asked once a second for its latest event.
  auto on_change = [this]() {
    spdlog::debug("the database changed; looking at what changed");
    RunDue();
    dispatcher_->Poke();
  };
  if (auto* sqlite = dynamic_cast<SqliteStore*>(store_)) {
    watcher_ = std::make_unique<ChangeWatcher>(io_, sqlite->db(), on_change);
    watcher_->Start();
  } else {
    poller_ = std::make_unique<EventSeqWatcher>(io_, *store_, on_change);
    poller_->Start();
  }
  ArmScheduler();
  // From now on the loop also answers HTTP: a lock held by another process (an import, a
  // backup) must not hold it for the 10 s a command waits. Writes that fail on it are tried
  // again: the scheduler in 5 s, the dispatcher's records every second, API writes get 503.
  store_->SetLockWait(kLockWaitOnTheLoop);
  spdlog::info("started on {}", c.database_path);
  if (lease_) SystemdNotify::Status("active");
  SystemdNotify::Ready();
  return Status::Ok();
}

void Service::LoseLease(const std::string& why) {
  spdlog::error("{}; stopping so that one daemon sends (systemd restarts this one as a standby)",
                why);
  ended_ = Status::Unavailable("lost the lease on the database: " + why);
  Stop();
}

Status Service::StartScheduler(Generation& g) {
  const auto begin = std::chrono::steady_clock::now();
  std::vector<Notice> queued;
  if (Status s = g.scheduler->Start(clock_->Now(), &queued); !s.ok()) return s;
  evaluation_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  spdlog::info("{} measures evaluated in {:.3f} s; {} notifications due now",
               g.scheduler->started_measures(), evaluation_seconds_, g.scheduler->tally().queued);
  LogLate(queued, g.scheduler->tally());
  ReleaseMemory();
  return Status::Ok();
}

Status Service::StartApi() {
  if (!current_->config->api) return Status::Ok();
  if (!front_end_factory_) return Status::Ok();
  ServiceHooks hooks;
  hooks.store = store_;
  hooks.clock = clock_;
  hooks.config = [this]() -> const Config& { return *current_->config; };
  hooks.changed = [this]() {
    RunDue();
    dispatcher_->Poke();
  };
  hooks.scheduler_armed = [this]() { return !stopping_; };
  hooks.delivery = [this]() -> const DeliveryStats* {
    return dispatcher_ ? &dispatcher_->stats() : nullptr;
  };
  hooks.in_flight = [this]() { return dispatcher_ ? dispatcher_->in_flight() : 0; };
  hooks.database_writable = [this]() {
    return !scheduling_failing_ && !(dispatcher_ && dispatcher_->database_failing());
  };
  hooks.reloads = [this]() { return reloads_; };
  hooks.evaluation_seconds = [this]() { return evaluation_seconds_; };
  api_ = front_end_factory_(io_, std::move(hooks));
  return api_->Start(*current_->config->api);
}

Status Service::Run() {
  if (Status s = Start(); !s.ok()) return s;
  io_.run();
  spdlog::info("stopped");
  return ended_;
}

void Service::RunDue() {
  if (stopping_) return;
  std::vector<Notice> queued;
  if (Status s = current_->scheduler->RunDue(clock_->Now(), &queued); !s.ok()) {
    // A full disk or a locked database: log, keep running, try again in a few seconds.
    spdlog::error("scheduling: {}; trying again in 5 s", s.message());
    scheduling_failing_ = true;
    wake_.ArmAt(clock_->Now() + std::chrono::seconds(5), *clock_, [this](bool) { RunDue(); });
    return;
  }
  scheduling_failing_ = false;
  LogLate(queued, current_->scheduler->tally());
  if (current_->scheduler->tally().queued > 0) dispatcher_->Poke();
  ForgetOldPayloads(clock_->Now());
  ArmScheduler();
  ReleaseMemory();
}

void Service::ForgetOldPayloads(Timestamp now) {
  // Long enough to look into what a unit was sent last month; a dead notice keeps its payload.
  constexpr auto kKeepPayloads = std::chrono::days(30);
  if (now - payloads_forgotten_ < std::chrono::days(1)) return;
  int count = 0;
  if (Status s = store_->ForgetOldPayloads(now - kKeepPayloads, &count); !s.ok()) {
    spdlog::warn("outbox: cannot empty old payloads: {}", s.message());
    return;
  }
  payloads_forgotten_ = now;
  if (count > 0)
    spdlog::info("outbox: emptied the payloads of {} notices sent over 30 days ago", count);
  // Expired answer links only take room: nothing can open them.
  if (Status s = store_->ForgetExpiredLinks(now, &count); !s.ok()) {
    spdlog::warn("answers: cannot forget expired links: {}", s.message());
  } else if (count > 0) {
    spdlog::info("answers: forgot {} expired links", count);
  }
}

void Service::ReleaseMemory() { malloc_trim(0); }

void Service::ArmScheduler() {
  if (stopping_) return;
  auto next = current_->scheduler->NextWake();
  // Wake once a day even with nothing planned: a day's change costs nothing, and a lost wake-up
  // (the clock set back) is found.
  const Timestamp at = next ? *next : clock_->Now() + std::chrono::hours(24);
  if (Status s = store_->SetState("next_due",
                                  next ? std::to_string(next->time_since_epoch().count()) : "");
      !s.ok()) {
    // Only `status` reads it; the timer below is what wakes the daemon.
    spdlog::warn("cannot record the next due moment for `status`: {}", s.message());
  }
  wake_.ArmAt(at, *clock_, [this](bool clock_changed) {
    if (clock_changed) spdlog::info("the system clock was set; planning again");
    RunDue();
  });
}

void Service::OnSignal(int signal) {
  if (signal == SIGHUP) {
    Reload();
    signals_.async_wait([this](const boost::system::error_code& ec, int next) {
      if (!ec) OnSignal(next);
    });
    return;
  }
  spdlog::info("{}: stopping; in-flight sends get {} s", signal == SIGTERM ? "SIGTERM" : "SIGINT",
               kGrace.count());
  Stop();
}

void Service::RecordEvent(Event* e) {
  if (Status s = store_->AppendEvent(e); !s.ok()) {
    spdlog::warn("cannot record the event {}: {}", e->kind, s.message());
  }
}

void Service::Reload() {
  SystemdNotify::Reloading();
  spdlog::info("SIGHUP: reloading {}", initial_config_.path);
  auto config = std::make_unique<Config>();
  Diagnostics diag;
  Environment env = ProcessEnvironment();
  LoadConfig(initial_config_.path, env, config.get(), &diag);
  std::unique_ptr<Generation> next;
  // Build's problems are in `diag`, logged below; `next` stays empty when there are any.
  if (!diag.has_errors() && !Build(std::move(config), &next, &diag).ok()) next.reset();
  LogDiagnostics(diag);
  if (!next) {
    spdlog::error("reload failed with {} problems; keeping the previous configuration",
                  diag.error_count());
    Event e{0,        clock_->Now(),
            "",       "config_reloaded",
            "daemon", {{"ok", false}, {"problems", diag.error_count()}}};
    RecordEvent(&e);
    ++reloads_["failed"];
    SystemdNotify::Ready();
    return;
  }
  if (next->config->database_path != current_->config->database_path) {
    spdlog::warn("a new database path takes effect only after a restart");
  }
  if (!dispatcher_) {  // a standby: it schedules nothing until it is the active daemon
    current_ = std::move(next);
    spdlog::info("reloaded (standby)");
    ++reloads_["ok"];
    SystemdNotify::Ready();
    return;
  }
  if (Status s = StartScheduler(*next); !s.ok()) {
    spdlog::error("reload: {}; keeping the previous configuration", s.message());
    ++reloads_["failed"];
    SystemdNotify::Ready();
    return;
  }
  retired_.push_back(std::move(current_));
  current_ = std::move(next);
  dispatcher_->Use(*current_->config, current_->renderer.get(), current_->email.get(),
                   current_->webhook.get());
  ReapRetired();
  const Config& c = *current_->config;
  spdlog::info("reloaded: {} focus areas, {} rules, {} units, {} groups, {} digests",
               c.rules.areas.size(), c.rules.rule_count, c.directory.units().size(),
               c.directory.groups().size(), c.digests.size());
  ++reloads_["ok"];
  Event e{0, clock_->Now(), "", "config_reloaded", "daemon", {{"ok", true}}};
  RecordEvent(&e);
  ArmScheduler();
  SystemdNotify::Ready();
}

void Service::ReapRetired() {
  std::erase_if(retired_, [this](const std::unique_ptr<Generation>& g) {
    return !dispatcher_->Uses(g->email.get()) && !dispatcher_->Uses(g->webhook.get());
  });
}

void Service::Stop() {
  if (stopping_) return;
  stopping_ = true;
  SystemdNotify::Stopping();
  wake_.Cancel();
  if (watcher_) watcher_->Stop();
  if (poller_) poller_->Stop();
  if (api_) api_->Stop();
  auto stopped = [this]() {
    // After the in-flight sends ended and their outcomes were written (or could not be: then
    // they are still "sending", and the standby sends them again, as a restart would).
    if (lease_) lease_->Release();
    signals_.cancel();
    watchdog_.cancel();
    io_.stop();
  };
  if (!dispatcher_) {  // a standby
    stopped();
    return;
  }
  dispatcher_->Stop(kGrace, stopped);
}

void Service::ArmWatchdog() {
  auto interval = SystemdNotify::WatchdogInterval();
  if (!interval || stopping_) return;
  SystemdNotify::Watchdog();
  watchdog_.expires_after(*interval);
  watchdog_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) ArmWatchdog();
  });
}

}  // namespace fristvakt
