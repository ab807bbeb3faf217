#include "daemon/service.h"

#include <csignal>

#include <spdlog/spdlog.h>

#include "notifiers/email.h"
#include "notifiers/webhook.h"

namespace fristvakt {
namespace {

// In-flight sends get this long to finish at shutdown (SPEC §7).
constexpr std::chrono::seconds kGrace{10};

}  // namespace

Service::Service(CommandContext& ctx)
    : ctx_(ctx), signals_(io_, SIGTERM, SIGINT), scheduler_timer_(io_) {}

Service::~Service() = default;

Status Service::Start() {
  const Config& config = ctx_.config;
  Diagnostics diag;
  Templates::Load(config.templates_path, config.language, &templates_, &diag);
  CheckRuleTemplates(config.rules, templates_, &diag);
  if (diag.has_errors()) {
    *ctx_.err << diag.ToString();
    return Status::BadInput("");
  }
  renderer_ = std::make_unique<Renderer>(config, templates_);
  curl_ = std::make_unique<CurlMulti>(io_);
  if (config.smtp) {
    email_ = std::make_unique<SmtpNotifier>(*curl_, *config.smtp, config.delivery, config.timezone);
  } else {
    email_ = std::make_unique<SpoolNotifier>(
        io_, config.spool_path, MailAddress{"fristvakt", "fristvakt@localhost"}, config.timezone);
  }
  auto webhook =
      std::make_unique<WebhookNotifier>(*curl_, config.webhooks, config.delivery.webhook_limit);
  webhook->timeout = config.delivery.timeout;
  webhook->connect_timeout =
      std::min<std::chrono::milliseconds>(config.delivery.timeout, std::chrono::seconds(10));
  webhook_ = std::move(webhook);
  scheduler_ = std::make_unique<Scheduler>(config, ctx_.store.get());
  dispatcher_ = std::make_unique<Dispatcher>(io_, ctx_.store.get(), config, renderer_.get(),
                                             email_.get(), webhook_.get(), ctx_.clock.get());
  std::vector<Notice> queued;
  if (Status s = scheduler_->Start(ctx_.clock->Now(), &queued); !s.ok()) return s;
  spdlog::info("started: {} measures planned, {} notifications queued at start",
               scheduler_->planned_measures(), queued.size());
  if (Status s = dispatcher_->Start(); !s.ok()) return s;
  ArmScheduler();
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) OnSignal(signal);
  });
  return Status::Ok();
}

Status Service::Run() {
  if (Status s = Start(); !s.ok()) return s;
  io_.run();
  spdlog::info("stopped");
  return Status::Ok();
}

void Service::ArmScheduler() {
  if (stopping_) return;
  auto next = scheduler_->NextWake();
  if (!next) return;
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*next - ctx_.clock->Now());
  // The wall clock is read again at every wake, so a clock step costs at most an hour.
  wait = std::clamp(wait, std::chrono::milliseconds(0), std::chrono::milliseconds(3600 * 1000));
  scheduler_timer_.expires_after(wait);
  scheduler_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) OnSchedulerTimer();
  });
}

void Service::OnSchedulerTimer() {
  std::vector<Notice> queued;
  if (Status s = scheduler_->RunDue(ctx_.clock->Now(), &queued); !s.ok()) {
    spdlog::error("scheduling: {}", s.message());
  }
  if (!queued.empty()) dispatcher_->Poke();
  ArmScheduler();
}

void Service::OnSignal(int signal) {
  spdlog::info("{}: stopping; in-flight sends get {} s", signal == SIGTERM ? "SIGTERM" : "SIGINT",
               kGrace.count());
  stopping_ = true;
  scheduler_timer_.cancel();
  dispatcher_->Stop(kGrace, [this]() {
    signals_.cancel();
    io_.stop();
  });
}

Status RunCommand(CommandContext& ctx) {
  Service service(ctx);
  return service.Run();
}

}  // namespace fristvakt
