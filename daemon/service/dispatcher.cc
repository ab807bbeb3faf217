#include "daemon/service/dispatcher.h"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "db/answers.h"

namespace fristvakt {
namespace {

// Rows read from the outbox at a time, and the most kept in memory waiting for a free slot.
constexpr int kPage = 500;
constexpr size_t kMaxReady = 10000;

NoticeRecord ToRecord(const OutboxEntry& e) {
  NoticeRecord n;
  n.key = e.key;
  n.kind = e.kind;
  n.rule = e.rule;
  n.recipient = e.recipient;
  n.channel = e.channel == "webhook" ? Channel::kWebhook : Channel::kEmail;
  n.at = e.due_at;
  n.payload = nlohmann::json::parse(e.payload, nullptr, false);
  if (n.payload.is_discarded()) n.payload = nlohmann::json::object();
  return n;
}

}  // namespace

Dispatcher::Dispatcher(boost::asio::io_context& io, Store* store, const Config& config,
                       const Renderer* renderer, Notifier* email, Notifier* webhook,
                       const Clock* clock)
    : io_(io),
      store_(store),
      config_(&config),
      renderer_(renderer),
      email_(email),
      webhook_(webhook),
      clock_(clock),
      timer_(io),
      grace_timer_(io),
      record_timer_(io) {}

void Dispatcher::Use(const Config& config, const Renderer* renderer, Notifier* email,
                     Notifier* webhook) {
  config_ = &config;
  renderer_ = renderer;
  email_ = email;
  webhook_ = webhook;
  // Destinations may have changed: read the queue again.
  ready_.clear();
  ready_keys_.clear();
  Poke();
}

bool Dispatcher::Uses(const Notifier* notifier) const {
  for (const auto& [key, f] : in_flight_) {
    if (f.notifier == notifier) return true;
  }
  return false;
}

Status Dispatcher::Start() {
  int requeued = 0;
  if (Status s = store_->RequeueInFlight(&requeued); !s.ok()) return s;
  if (requeued > 0) {
    spdlog::warn("{} notifications were in flight when the daemon stopped; sending them again",
                 requeued);
  }
  Pump();
  return Status::Ok();
}

void Dispatcher::Poke() {
  if (!stopping_) Pump();
}

void Dispatcher::Pump() {
  // Send callbacks may run inside Send (a spool write posts, but be safe): no re-entry.
  if (pumping_ || stopping_) return;
  pumping_ = true;
  Load();
  Drain();
  pumping_ = false;
  Arm();
}

std::string Dispatcher::DestinationOf(const OutboxEntry& e, Notifier** notifier) const {
  if (e.channel != "webhook") {
    *notifier = email_;
    return email_->Destination(OutgoingMessage{});
  }
  *notifier = webhook_;
  const Recipient* r = config_->directory.Find(e.recipient);
  OutgoingMessage m;
  m.webhook = r != nullptr ? r->webhook : "";
  return webhook_->Destination(m);
}

void Dispatcher::Load() {
  const Timestamp now = clock_->Now();
  Timestamp after_at{};
  std::string after_key;
  while (ready_keys_.size() < kMaxReady) {
    std::vector<OutboxEntry> page;
    if (Status s = store_->DueOutbox(now, after_at, after_key, kPage, &page); !s.ok()) {
      spdlog::error("outbox: {}", s.message());
      return;
    }
    for (OutboxEntry& entry : page) {
      after_at = entry.next_attempt_at;
      after_key = entry.key;
      if (in_flight_.count(entry.key) > 0 || !ready_keys_.insert(entry.key).second) continue;
      Notifier* notifier = nullptr;
      ready_[DestinationOf(entry, &notifier)].push_back(std::move(entry));
    }
    if (static_cast<int>(page.size()) < kPage) return;
  }
}

void Dispatcher::Drain() {
  if (!outcomes_.empty()) return;  // the database refuses to record them: send nothing new
  // Marking many notices as being sent is one transaction, not one each.
  Transaction tx(*store_);
  if (!tx.status().ok()) return;  // the database is busy or failing: the timer tries again
  bool database_ok = true;
  std::vector<std::pair<std::string, OutgoingMessage>> starts;
  for (auto& [destination, queue] : ready_) {
    while (database_ok && !queue.empty() && !stopping_) {
      Notifier* notifier = nullptr;
      DestinationOf(queue.front(), &notifier);
      if (notifier == nullptr || per_destination_[destination] >= notifier->Limit()) break;
      OutboxEntry entry = std::move(queue.front());
      queue.pop_front();
      ready_keys_.erase(entry.key);
      database_ok = Send(std::move(entry), destination, notifier, &starts);
    }
  }
  std::erase_if(ready_, [](const auto& kv) { return kv.second.empty(); });
  if (Status s = tx.Commit(); !s.ok()) {
    // Nothing is marked: send nothing, so that no notice can go out twice. They are still
    // queued in the outbox and read again when the timer fires.
    spdlog::error("outbox: {}", s.message());
    for (const auto& [key, message] : starts) {
      auto it = in_flight_.find(key);
      --per_destination_[it->second.destination];
      in_flight_.erase(it);
    }
    return;
  }
  for (auto& [key, message] : starts) {
    Notifier* notifier = in_flight_.at(key).notifier;
    notifier->Send(message, [this, key = key](DeliveryResult result) { Finish(key, result); });
  }
}

bool Dispatcher::Send(OutboxEntry entry, const std::string& destination, Notifier* notifier,
                      std::vector<std::pair<std::string, OutgoingMessage>>* starts) {
  const Timestamp now = clock_->Now();
  // The link first: a notice is marked as being sent only when it can be sent whole.
  NoticeRecord record = ToRecord(entry);
  if (Status s = AttachLink(&record, now); !s.ok()) {
    spdlog::error("outbox: cannot make the link of {}: {}", entry.key, s.message());
    return false;
  }
  bool marked = false;
  if (Status s = store_->MarkSending(entry.key, &marked); !s.ok()) {
    // A full disk or a lock: leave it queued; the timer reads the outbox again.
    spdlog::error("outbox: cannot start sending {}: {}", entry.key, s.message());
    return false;
  }
  if (!marked) return true;  // dropped meanwhile
  std::optional<OutgoingMessage> message = renderer_->Render(record, now);
  if (!message) {
    const std::string error =
        "the recipient '" + entry.recipient + "' or its webhook is no longer configured";
    spdlog::error("{}: dead: {}", entry.key, error);
    if (Status s = store_->MarkDead(entry.key, error); !s.ok()) {
      // It stays "sending": the next start puts it back in the queue and decides again.
      spdlog::error("{}: cannot record it as dead: {}", entry.key, s.message());
    }
    ++stats_.dead[entry.kind + "/" + entry.channel];
    return true;
  }
  ++per_destination_[destination];
  const std::string key = entry.key;
  in_flight_[key] = {std::move(entry), destination, notifier};
  starts->emplace_back(key, std::move(*message));
  return true;
}

Status Dispatcher::AttachLink(NoticeRecord* n, Timestamp now) {
  // Each send makes its own link, valid from when it goes out (docs/answers.md); the link is
  // never stored, only its hash, so a notice sent again carries a new one.
  if (config_->public_url.empty() || n->kind == "digest") return Status::Ok();
  const Recipient* r = config_->directory.Find(n->recipient);
  const nlohmann::json& m = n->payload.value("measure", nlohmann::json::object());
  const std::string measure = m.value("id", "");
  if (r == nullptr || measure.empty()) return Status::Ok();
  if (n->kind == "approval") {
    const nlohmann::json& event = n->payload.value("event", nlohmann::json::object());
    const int64_t request = event.value("data", nlohmann::json::object()).value("request", 0);
    if (request == 0) return Status::Ok();
    return IssueLink(store_, *config_, "godkjenn", measure, r->id, request, now, &n->action_url);
  }
  if (r->is_group) return Status::Ok();
  return IssueLink(store_, *config_, "svar", measure, r->id, 0, now, &n->action_url);
}

void Dispatcher::Arm() {
  if (stopping_) return;
  std::optional<Timestamp> next;
  if (Status s = store_->NextAttempt(&next); !s.ok() || !next) return;
  // Re-read the wall clock each time: a clock step never leaves a notice waiting too long.
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
      clock_->RealDelay(*next - clock_->Now()));
  wait = std::clamp(wait, std::chrono::milliseconds(0), std::chrono::milliseconds(60 * 60 * 1000));
  if (wait.count() == 0 && in_flight() > 0) return;  // a finishing send pumps again
  // Never spin: something due that could not be sent now is looked at again shortly.
  timer_.expires_after(
      std::max(wait + std::chrono::milliseconds(5), std::chrono::milliseconds(20)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Pump();
  });
}

std::chrono::seconds Dispatcher::Backoff(int attempts) {
  const auto& d = config_->delivery;
  double seconds = static_cast<double>(d.first_retry.count());
  for (int i = 1; i < attempts && seconds < d.max_retry.count(); ++i) seconds *= 2;
  seconds = std::min(seconds, static_cast<double>(d.max_retry.count()));
  // Jitter of ±20 %, so that many notices failing together do not come back together.
  std::uniform_real_distribution<double> spread(0.8, 1.2);
  return std::chrono::seconds(
      std::max<int64_t>(1, static_cast<int64_t>(seconds * spread(jitter_))));
}

void Dispatcher::Finish(const std::string& key, const DeliveryResult& result) {
  auto it = in_flight_.find(key);
  if (it == in_flight_.end()) return;
  --per_destination_[it->second.destination];
  outcomes_.push_back({std::move(it->second), result, clock_->Now(), std::nullopt});
  in_flight_.erase(it);
  // Many transfers end in one turn of the loop: record their outcomes in one transaction.
  if (outcomes_.size() == 1) {
    boost::asio::post(io_, [this]() { AfterOutcomes(); });
  }
}

bool Dispatcher::RecordOutcomes() {
  if (outcomes_.empty()) return true;
  const auto& delivery = config_->delivery;
  Status s;
  {
    Transaction tx(*store_);
    s = tx.status();
    for (Outcome& o : outcomes_) {
      if (!s.ok()) break;
      const OutboxEntry& e = o.sent.entry;
      switch (o.result.outcome) {
        case DeliveryResult::Outcome::kSent:
          s = store_->MarkSent(e.key, o.at);
          break;
        case DeliveryResult::Outcome::kTransient:
          if (!o.retry_in) {
            // Retry-After is honoured up to the longest back-off: a receiver asking for a day
            // must not send the notice to the dead list after one attempt.
            o.retry_in = o.result.retry_after ? std::min(*o.result.retry_after, delivery.max_retry)
                                              : Backoff(e.attempts + 1);
          }
          if (o.at + *o.retry_in > e.due_at + delivery.give_up) {
            s = store_->MarkDead(e.key, o.result.error + " (gave up retrying)");
          } else {
            s = store_->Reschedule(e.key, o.at + *o.retry_in, o.result.error);
          }
          break;
        case DeliveryResult::Outcome::kPermanent:
          s = store_->MarkDead(e.key, o.result.error);
          break;
      }
    }
    if (s.ok()) s = tx.Commit();
  }
  if (!s.ok()) {
    if (!database_failing_) {
      spdlog::error("cannot record {} finished sends: {}; trying again every second",
                    outcomes_.size(), s.message());
    }
    database_failing_ = true;
    record_timer_.expires_after(std::chrono::seconds(1));
    record_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) AfterOutcomes();
    });
    return false;
  }
  if (database_failing_) spdlog::info("the database records finished sends again");
  database_failing_ = false;
  for (const Outcome& o : outcomes_) {
    const OutboxEntry& e = o.sent.entry;
    const std::string label = e.kind + "/" + e.channel;
    const DeliveryResult& result = o.result;
    switch (result.outcome) {
      case DeliveryResult::Outcome::kSent:
        ++stats_.sent[label];
        stats_.last_sent[e.channel] = o.at;
        spdlog::info("{}: sent", e.key);
        break;
      case DeliveryResult::Outcome::kTransient:
        ++stats_.failed[label];
        stats_.last_error = e.key + ": " + result.error;
        if (o.at + *o.retry_in > e.due_at + delivery.give_up) {
          ++stats_.dead[label];
          spdlog::error("{}: dead after {} attempts: {}", e.key, e.attempts + 1, result.error);
        } else {
          spdlog::warn("{}: {}; retry in {} s", e.key, result.error, o.retry_in->count());
        }
        break;
      case DeliveryResult::Outcome::kPermanent:
        ++stats_.dead[label];
        stats_.last_error = e.key + ": " + result.error;
        spdlog::error("{}: dead: {}", e.key, result.error);
        break;
    }
  }
  outcomes_.clear();
  return true;
}

void Dispatcher::AfterOutcomes() {
  RecordOutcomes();
  if (stopping_) {
    CheckStopped();
  } else {
    Drain();
    if (ready_.empty()) Pump();  // more may be due than was read
  }
  if (on_finish_) on_finish_();
}

void Dispatcher::Stop(std::chrono::milliseconds grace, std::function<void()> done) {
  stopping_ = true;
  stopped_ = std::move(done);
  timer_.cancel();
  grace_timer_.expires_after(grace);
  grace_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !stopped_) return;
    spdlog::warn("{} notifications still in flight after the grace period; they stay queued",
                 in_flight());
    std::set<Notifier*> notifiers;
    for (const auto& [key, f] : in_flight_) notifiers.insert(f.notifier);
    for (Notifier* n : notifiers) n->CancelAll();
    for (const auto& [key, f] : in_flight_) {
      if (Status s = store_->Reschedule(key, clock_->Now(), "interrupted by shutdown"); !s.ok()) {
        // Still "sending": the next start queues it again, so it is not lost.
        spdlog::error("{}: cannot put it back in the queue: {}", key, s.message());
      }
    }
    in_flight_.clear();
    CheckStopped();
  });
  CheckStopped();
}

void Dispatcher::CheckStopped() {
  const bool recorded = RecordOutcomes();
  if (!in_flight_.empty() || !stopped_) return;
  if (!recorded) {
    // Still marked as being sent: the next start sends them again rather than lose them.
    spdlog::error("{} finished sends could not be recorded; they are sent again at the next start",
                  outcomes_.size());
    record_timer_.cancel();
  }
  grace_timer_.cancel();
  auto done = std::move(stopped_);
  stopped_ = nullptr;
  done();
}

}  // namespace fristvakt
