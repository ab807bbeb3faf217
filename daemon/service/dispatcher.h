#ifndef FRISTVAKT_DAEMON_SERVICE_DISPATCHER_H_
#define FRISTVAKT_DAEMON_SERVICE_DISPATCHER_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>

#include "daemon/service/front_end.h"
#include "db/store.h"
#include "notifiers/notifier.h"
#include "notifiers/render.h"
#include "rules/clock.h"

namespace fristvakt {

// Sends what the outbox holds when it is due (docs/messages.md, "Delivery"): renders each notice,
// hands it to its transport with a bound on how many are in flight to one destination, and records
// every outcome. Transient failures are retried with exponential back-off and jitter (or after
// Retry-After) until `give_up` after the notice was due; then, or on a permanent failure, the
// notice is dead. Everything here runs on the io_context's one thread and nothing blocks; the
// transports' transfers run on their own thread and end back here (notifiers/curl_multi.h).
class Dispatcher {
 public:
  // Every pointer outlives the dispatcher (or, for those of Use, its last send through them).
  Dispatcher(boost::asio::io_context& io, Store* store, const Config& config,
             const Renderer* renderer, Notifier* email, Notifier* webhook, const Clock* clock);
  // After a reload: new sends use these; sends in flight finish on the old ones.
  void Use(const Config& config, const Renderer* renderer, Notifier* email, Notifier* webhook);
  // Whether a send through `notifier` is in flight.
  bool Uses(const Notifier* notifier) const;
  // Runs after every finished send.
  void OnFinish(std::function<void()> callback) { on_finish_ = std::move(callback); }
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Puts back in the queue what a crash left in flight, then starts sending.
  Status Start();
  // Something may be due now (a new notice, a retry by hand).
  void Poke();
  // Takes no new work; calls `done` when nothing is in flight, or after `grace` with the rest
  // abandoned (they stay queued and go out after the next start).
  void Stop(std::chrono::milliseconds grace, std::function<void()> done);

  int in_flight() const { return static_cast<int>(in_flight_.size()); }
  // Nothing in flight, nothing read and waiting, nothing left to record: a burst is over.
  bool idle() const {
    return in_flight_.empty() && ready_.empty() && outcomes_.empty() && unsure_.empty();
  }
  const DeliveryStats& stats() const { return stats_; }
  // True while finished sends cannot be recorded (a full disk, a lock held elsewhere).
  bool database_failing() const { return database_failing_; }

 private:
  struct InFlight {
    OutboxEntry entry;
    std::string destination;
    Notifier* notifier;
  };

  // Loads due notices from the outbox into ready_, grouped by destination, sends what the
  // destinations have room for, and arms the timer for the next due one.
  void Pump();
  void Load();
  void Drain();
  // A due notice taken from ready_ to be sent, with its link.
  struct Picked {
    OutboxEntry entry;
    std::string destination;
    Notifier* notifier = nullptr;
    NoticeRecord record = {};
  };
  // How many of `picked` go to `destination`.
  static int Taken(const std::vector<Picked>& picked, const std::string& destination);
  // Takes from ready_ what the destinations have room for, with the links made.
  std::vector<Picked> Pick();
  // Writes in one transaction the outcomes gathered (when `with_outcomes`) and, when `pick`,
  // marks what the destinations have room for as being sent (one statement); once it is
  // committed, counts the outcomes and starts the transfers. When the database refuses, nothing
  // is recorded and nothing starts: the picked stay queued in the outbox (and are read again),
  // the outcomes are kept and tried again every second. False then.
  bool Commit(bool pick, bool with_outcomes);
  // Puts back in the queue what unsure_ names (inside a transaction).
  Status PutBackUnsure();
  // Marks `picked` as being sent and renders those still queued (`starts`).
  Status MarkSending(std::vector<Picked> picked,
                     std::vector<std::pair<std::string, OutgoingMessage>>* starts);
  // Renders a notice marked as being sent and puts it in flight; the transfer starts only once
  // the marks are committed (`starts`). One that cannot be rendered is dead.
  void Start(Picked p, Timestamp now, std::vector<std::pair<std::string, OutgoingMessage>>* starts);
  // Gives a notice to a unit its answer link, and an approval its decision link, when the
  // configuration has `public_url`.
  Status AttachLink(NoticeRecord* n, Timestamp now);
  void Arm();
  // Where a notice goes, without rendering it, and through which transport.
  std::string DestinationOf(const OutboxEntry& e, Notifier** notifier) const;
  void Finish(const std::string& key, const DeliveryResult& result);
  // Records finished sends in one transaction. When the database refuses (a full disk, a lock
  // held too long) nothing is recorded, the outcomes are kept, and it tries again shortly.
  bool RecordOutcomes();
  // Writes the outcomes gathered since the last time (inside a transaction).
  Status WriteOutcomes();
  // After they are committed: the figures and the log, and outcomes_ emptied.
  void Recorded();
  void AfterOutcomes();
  std::chrono::seconds Backoff(int attempts);
  void CheckStopped();

  boost::asio::io_context& io_;
  Store* store_;
  const Config* config_;
  const Renderer* renderer_;
  Notifier* email_;
  Notifier* webhook_;
  const Clock* clock_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer grace_timer_;
  std::map<std::string, InFlight> in_flight_;
  struct Outcome {
    InFlight sent;
    DeliveryResult result;
    Timestamp at;
    // Decided once, so that a retried recording decides the same.
    std::optional<std::chrono::seconds> retry_in;  // for a transient failure: when, or dead
  };
  std::vector<Outcome> outcomes_;           // finished sends not yet recorded
  boost::asio::steady_timer record_timer_;  // tries again to record them
  bool database_failing_ = false;           // logged once, until it works again
  // Marked as being sent by a transaction whose commit failed, which may have been made all
  // the same; put back in the queue by the next transaction.
  std::set<std::string> unsure_;
  // The last marks were refused (logged once), and when.
  bool marks_failing_ = false;
  std::chrono::steady_clock::time_point marks_failed_at_;
  // Due notices read from the outbox and not yet sent, by destination: a finished send takes
  // the next one from here instead of reading the outbox again.
  std::map<std::string, std::deque<OutboxEntry>> ready_;
  std::set<std::string> ready_keys_;
  std::map<std::string, int> per_destination_;
  bool stopping_ = false;
  bool pumping_ = false;
  std::function<void()> stopped_;
  std::function<void()> on_finish_;
  std::mt19937 jitter_{std::random_device{}()};
  DeliveryStats stats_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_DISPATCHER_H_
