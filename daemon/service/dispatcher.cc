#include "daemon/service/dispatcher.h"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "db/answers.h"
#include "rules/json_text.h"

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
  Commit(true, false);
}

std::vector<Dispatcher::Picked> Dispatcher::Pick() {
  // What the destinations have room for, each with its link made: a notice is marked as being
  // sent only when it can be sent whole.
  const Timestamp now = clock_->Now();
  std::vector<Picked> picked;
  bool database_ok = true;
  for (auto& [destination, queue] : ready_) {
    while (database_ok && !queue.empty() && !stopping_) {
      Notifier* notifier = nullptr;
      DestinationOf(queue.front(), &notifier);
      if (notifier == nullptr ||
          per_destination_[destination] + Taken(picked, destination) >= notifier->Limit()) {
        break;
      }
      Picked p{std::move(queue.front()), destination, notifier, {}};
      queue.pop_front();
      ready_keys_.erase(p.entry.key);
      p.record = ToRecord(p.entry);
      if (Status s = AttachLink(&p.record, now); !s.ok()) {
        // It stays queued in the outbox and is read again when the timer fires.
        spdlog::error("outbox: cannot make the link of {}: {}", p.entry.key, s.message());
        database_ok = false;
        break;
      }
      picked.push_back(std::move(p));
    }
  }
  std::erase_if(ready_, [](const auto& kv) { return kv.second.empty(); });
  return picked;
}

bool Dispatcher::Commit(bool pick, bool with_outcomes) {
  with_outcomes = with_outcomes && !outcomes_.empty();
  if (!with_outcomes && (!pick || ready_.empty()) && unsure_.empty()) return true;
  std::vector<std::pair<std::string, OutgoingMessage>> starts;
  std::vector<std::string> marking;  // what this transaction marks as being sent
  Status s;
  {
    // The links are written in it too (AttachLink), so that a failure leaves none behind.
    Transaction tx(*store_);
    s = tx.status();
    if (s.ok() && !unsure_.empty()) s = PutBackUnsure();
    if (s.ok() && with_outcomes) s = WriteOutcomes();
    if (s.ok() && pick) {
      std::vector<Picked> picked = Pick();
      for (const Picked& p : picked) marking.push_back(p.entry.key);
      s = MarkSending(std::move(picked), &starts);
    }
    if (s.ok()) s = tx.Commit();
  }
  if (s.ok()) {
    unsure_.clear();
    if (marks_failing_) spdlog::info("outbox: notices are marked as being sent again");
    marks_failing_ = false;
  }
  if (!s.ok()) {
    // Taken as not marked: send nothing, so that no notice can go out twice. They are still
    // queued in the outbox and read again when the timer fires. A COMMIT that failed may have
    // been made all the same (PostgreSQL's answer lost with its session): the next transaction
    // puts back in the queue what this one marked, or they would wait for the next start.
    unsure_.insert(marking.begin(), marking.end());
    for (const auto& [key, message] : starts) {
      auto it = in_flight_.find(key);
      --per_destination_[it->second.destination];
      in_flight_.erase(it);
    }
    if (!with_outcomes) {
      // Once, until a transaction commits; tried again a second later at the soonest.
      if (!marks_failing_) spdlog::error("outbox: cannot start sending: {}", s.message());
      marks_failing_ = true;
      marks_failed_at_ = std::chrono::steady_clock::now();
      return false;
    }
    // Nothing is recorded either: the outcomes are kept and it tries again shortly.
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
  if (with_outcomes) Recorded();
  for (auto& [key, message] : starts) {
    Notifier* notifier = in_flight_.at(key).notifier;
    notifier->Send(message, [this, key = key](DeliveryResult result) { Finish(key, result); });
  }
  return true;
}

Status Dispatcher::MarkSending(std::vector<Picked> picked,
                               std::vector<std::pair<std::string, OutgoingMessage>>* starts) {
  if (picked.empty()) return Status::Ok();
  // All in one statement; a notice dropped since it was read is not marked, and not sent.
  std::vector<std::string> keys;
  keys.reserve(picked.size());
  for (const Picked& p : picked) keys.push_back(p.entry.key);
  std::vector<std::string> marked;
  if (Status s = store_->MarkSendingMany(keys, &marked); !s.ok()) return s;
  const std::set<std::string> is_marked(marked.begin(), marked.end());
  const Timestamp now = clock_->Now();
  for (Picked& p : picked) {
    if (is_marked.count(p.entry.key) > 0) Start(std::move(p), now, starts);
  }
  return Status::Ok();
}

Status Dispatcher::PutBackUnsure() {
  // unsure_ is emptied by every transaction that commits, so none of it has been marked by a
  // commit that was made and reported made: none is in flight or sent by this daemon. One that
  // the failed commit did not mark after all is still queued, and is left as it is.
  for (const std::string& key : unsure_) {
    if (Status s = store_->Unmark(key); !s.ok()) return s;
  }
  return Status::Ok();
}

int Dispatcher::Taken(const std::vector<Picked>& picked, const std::string& destination) {
  // Picked ones are together by destination, the current one last.
  int n = 0;
  for (auto it = picked.rbegin(); it != picked.rend() && it->destination == destination; ++it) ++n;
  return n;
}

void Dispatcher::Start(Picked p, Timestamp now,
                       std::vector<std::pair<std::string, OutgoingMessage>>* starts) {
  std::optional<OutgoingMessage> message = renderer_->Render(p.record, now);
  const OutboxEntry& entry = p.entry;
  if (!message) {
    const std::string error =
        "the recipient '" + entry.recipient + "' or its webhook is no longer configured";
    spdlog::error("{}: dead: {}", entry.key, error);
    if (Status s = store_->MarkDead(entry.key, error); !s.ok()) {
      // It stays "sending": the next start puts it back in the queue and decides again.
      spdlog::error("{}: cannot record it as dead: {}", entry.key, s.message());
    }
    ++stats_.dead[entry.kind + "/" + entry.channel];
    return;
  }
  ++per_destination_[p.destination];
  const std::string key = entry.key;
  in_flight_[key] = {std::move(p.entry), p.destination, p.notifier};
  starts->emplace_back(key, std::move(*message));
}

Status Dispatcher::AttachLink(NoticeRecord* n, Timestamp now) {
  // Each send makes its own link, valid from when it goes out (docs/answers.md); the link is
  // never stored, only its hash, so a notice sent again carries a new one.
  if (config_->public_url.empty() || n->kind == "digest") return Status::Ok();
  const Recipient* r = config_->directory.Find(n->recipient);
  const nlohmann::json& m = MemberOrEmpty(n->payload, "measure");
  const std::string measure = TextMember(m, "id");
  if (r == nullptr || measure.empty()) return Status::Ok();
  if (n->kind == "approval") {
    const nlohmann::json& data = MemberOrEmpty(MemberOrEmpty(n->payload, "event"), "data");
    const auto request = data.find("request");  // end() too when `data` is no object
    if (request == data.end() || !request->is_number_integer() || *request == 0) {
      return Status::Ok();
    }
    return IssueLink(store_, *config_, "godkjenn", measure, r->id, request->get<int64_t>(), now,
                     &n->action_url);
  }
  if (r->is_group) return Status::Ok();
  return IssueLink(store_, *config_, "svar", measure, r->id, 0, now, &n->action_url);
}

void Dispatcher::Arm() {
  if (stopping_) return;
  std::optional<Timestamp> next;
  if (Status s = store_->NextAttempt(&next); !s.ok()) next.reset();
  if (!unsure_.empty()) {
    // Marks a failed commit may have made are put back soon, whatever else is due.
    const Timestamp soon = clock_->Now() + std::chrono::seconds(1);
    if (!next || *next > soon) next = soon;
  }
  if (!next) return;
  // Re-read the wall clock each time: a clock step never leaves a notice waiting too long.
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
      clock_->RealDelay(*next - clock_->Now()));
  wait = std::clamp(wait, std::chrono::milliseconds(0), std::chrono::milliseconds(60 * 60 * 1000));
  // A finishing send pumps again (but marks to put back do not wait for one).
  if (wait.count() == 0 && in_flight() > 0 && unsure_.empty()) return;
  if (marks_failing_) {
    // The database refused the last marks: not again for a second.
    const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - marks_failed_at_);
    wait = std::max(wait, std::chrono::milliseconds(1000) - since);
  }
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

bool Dispatcher::RecordOutcomes() { return Commit(false, true); }

Status Dispatcher::WriteOutcomes() {
  const auto& delivery = config_->delivery;
  Status s;
  // Those sent, the most by far, in one statement; failures one by one.
  std::vector<std::pair<std::string, Timestamp>> sent;
  for (Outcome& o : outcomes_) {
    if (!s.ok()) return s;
    const OutboxEntry& e = o.sent.entry;
    switch (o.result.outcome) {
      case DeliveryResult::Outcome::kSent:
        sent.emplace_back(e.key, o.at);
        break;
      case DeliveryResult::Outcome::kTransient:
        if (!o.retry_in) {
          // Retry-After is honoured up to the longest back-off, that included: a receiver
          // asking for a day must not send the notice to the dead list after one attempt. The
          // outcome's moment is the second it fell in, so one second more keeps the wait at least
          // what the receiver asked (a retry 1.01 s after "Retry-After: 2" was seen).
          if (!o.result.retry_after) {
            o.retry_in = Backoff(e.attempts + 1);
          } else if (*o.result.retry_after <= delivery.max_retry) {
            o.retry_in = *o.result.retry_after + std::chrono::seconds(1);
          } else {
            o.retry_in = delivery.max_retry;
          }
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
  if (!s.ok()) return s;
  return store_->MarkSentMany(sent);
}

void Dispatcher::Recorded() {
  const auto& delivery = config_->delivery;
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
}

void Dispatcher::AfterOutcomes() {
  if (stopping_) {
    CheckStopped();
  } else {
    // The finished sends and the marks of the next ones in one transaction.
    Commit(true, true);
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
  if (!recorded && !outcomes_.empty()) {
    // Still marked as being sent: the next start sends them again rather than lose them.
    spdlog::error("{} finished sends could not be recorded; they are sent again at the next start",
                  outcomes_.size());
  }
  if (!recorded) record_timer_.cancel();
  grace_timer_.cancel();
  auto done = std::move(stopped_);
  stopped_ = nullptr;
  done();
}

}  // namespace fristvakt
