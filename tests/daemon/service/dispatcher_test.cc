#include "daemon/service/dispatcher.h"
#include "db/open_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config/config_file.h"
#include "daemon/service/scheduler.h"
#include "db/export.h"
#include "db/sqlite/schema.h"
#include "db/sqlite/sqlite_store.h"
#include "testing/fake_transport.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::TempDir;

// Retries after about 1, 2, 4, 4, ... minutes (each ±20 % jitter); dead a day after due.
constexpr const char* kDelivery = "delivery: {first_retry: 60s, max_retry: 4m, give_up: 1d}\n";

// An SQLite store whose answer to one COMMIT is lost, as PostgreSQL's is when the session ends
// while it commits: the first commit that leaves a notice marked as being sent is made, and
// reported failed.
class CommitAnswerLost : public SqliteStore {
 public:
  using SqliteStore::SqliteStore;

 private:
  Status CommitTransaction() override {
    bool marks = false;
    {
      Statement st(db(), "SELECT count(*) FROM outbox WHERE state = 'sending'");
      marks = st.Step() && st.Int(0) > 0;
    }
    Status s = db().Commit();
    if (!s.ok() || !marks || lost_) return s;
    lost_ = true;
    return Status::Unavailable("the answer to COMMIT was lost with the session");
  }
  bool lost_ = false;
};

// The dispatcher on a real io_context, run in the test thread; a fixed clock; the outbox in an
// in-memory database; fake transports.
class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diag;
    LoadConfig(testing::WriteSmallConfig(dir_, kDelivery), ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    // As Service::Build makes them.
    Templates::Load(config_.templates_path, config_.language, &templates_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    renderer_ = std::make_unique<Renderer>(config_, templates_);
    ASSERT_TRUE(OpenStore(":memory:", &store_).ok());
    clock_.Set(T());
  }

  // Mon 02.03.2026 08:00, when the reminders below fall due.
  Timestamp T() const { return *ParseTimestamp("2026-03-02 08:00", config_.timezone); }

  // A measure with the deadline Mon 16.03.2026: the rule varsel-14d reminds of it at T().
  Measure Sample(const std::string& id, const std::string& responsible) const {
    Measure m;
    m.id = id;
    m.focus_area = "digitalisering";
    m.title = "Velferdsteknologi i hjemmetjenesten";
    m.responsible = responsible;
    m.deadline = *ParseDate("16.03.2026");
    m.status = MeasureStatus::kInProgress;
    m.updated_at = T() - std::chrono::days(10);
    return m;
  }

  // Writes a reminder of `measure_id` for `recipient`, due at `at`, to the outbox, as the
  // scheduler does; returns its key.
  std::string Queue(const std::string& measure_id, const std::string& recipient, Timestamp at) {
    const Measure m = Sample(measure_id, recipient);
    Notice n;
    n.key = measure_id + "/varsel-14d/2026-03-16/1/" + recipient + "/email";
    n.kind = NoticeKind::kReminder;
    n.measure_id = measure_id;
    n.rule = "varsel-14d";
    n.recipient = recipient;
    n.series = "2026-03-16";
    n.at = at;
    nlohmann::json payload = {
        {"severity", "info"}, {"late", false}, {"measure", MeasureToJson(m, config_.timezone)}};
    Transaction tx(*store_);
    auto same_payload = [&](const Notice&) { return payload; };
    EXPECT_TRUE(store_->QueueNotices({n}, {}, same_payload, at).ok());
    EXPECT_TRUE(tx.Commit().ok());
    return n.key;
  }

  void StartDispatcher() {
    dispatcher_ = std::make_unique<Dispatcher>(io_, store_.get(), config_, renderer_.get(), &email_,
                                               &webhook_, &clock_);
    ASSERT_TRUE(dispatcher_->Start().ok());
  }

  // Moves the fixed clock and tells the dispatcher, as a wake-up of its timer would.
  void SetClockAndPoke(Timestamp now) {
    clock_.Set(now);
    dispatcher_->Poke();
    Settle();
  }

  // Runs every handler that is ready, and those they make ready, but waits for no timer.
  void Settle() {
    do {
      io_.restart();
    } while (io_.poll() > 0);
  }

  // Runs the io_context until `done` holds, for at most a few seconds of real time.
  template <typename Predicate>
  bool RunUntil(Predicate done) {
    const auto bound = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
      if (std::chrono::steady_clock::now() > bound) return false;
      io_.restart();
      io_.run_one_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  OutboxEntry Entry(const std::string& key) {
    std::vector<OutboxEntry> entries;
    EXPECT_TRUE(store_->OutboxFor(key.substr(0, key.find('/')), &entries).ok());
    for (const OutboxEntry& e : entries) {
      if (e.key == key) return e;
    }
    ADD_FAILURE() << "no outbox entry " << key;
    return {};
  }

  TempDir dir_;
  Config config_;
  Templates templates_;
  std::unique_ptr<Renderer> renderer_;
  std::unique_ptr<Store> store_;
  FixedClock clock_{Timestamp{}};
  boost::asio::io_context io_;
  FakeTransport email_{io_};
  FakeTransport webhook_{io_};
  std::unique_ptr<Dispatcher> dispatcher_;  // last: it goes before all it points to
};

TEST_F(DispatcherTest, DueNoticeIsSentOnceAndRecordedSent) {
  const std::string key = Queue("DIG-3", "hbo", T());
  StartDispatcher();
  Settle();

  ASSERT_EQ(email_.messages().size(), 1u);
  EXPECT_EQ(email_.messages()[0].key, key);
  EXPECT_EQ(email_.messages()[0].to, std::vector<std::string>{"enhetsleder.hbo@example.no"});
  EXPECT_EQ(email_.messages()[0].subject, "Frist 16.03.2026: Velferdsteknologi i hjemmetjenesten");
  EXPECT_TRUE(webhook_.messages().empty());
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "sent");
  EXPECT_EQ(e.sent_at, T());
  EXPECT_EQ(e.attempts, 1);
  EXPECT_EQ(dispatcher_->stats().sent.at("reminder/email"), 1);
  EXPECT_TRUE(dispatcher_->idle());

  SetClockAndPoke(T() + std::chrono::hours(1));
  EXPECT_EQ(email_.messages().size(), 1u);
}

TEST_F(DispatcherTest, NoticeNotYetDueIsNotSent) {
  const Timestamp due = T() + std::chrono::hours(1);
  const std::string key = Queue("DIG-3", "hbo", due);
  StartDispatcher();
  Settle();
  EXPECT_TRUE(email_.messages().empty());

  SetClockAndPoke(due - std::chrono::seconds(1));
  EXPECT_TRUE(email_.messages().empty());
  EXPECT_EQ(Entry(key).state, "queued");

  SetClockAndPoke(due);
  EXPECT_EQ(email_.messages().size(), 1u);
  EXPECT_EQ(Entry(key).state, "sent");
}

TEST_F(DispatcherTest, NoticeInFlightIsNotSentAgainWhenPoked) {
  const std::string key = Queue("DIG-3", "hbo", T());
  email_.HoldNext();
  StartDispatcher();
  Settle();
  EXPECT_EQ(Entry(key).state, "sending");
  for (int i = 0; i < 3; ++i) SetClockAndPoke(T() + std::chrono::minutes(i));
  EXPECT_EQ(email_.messages().size(), 1u);
  EXPECT_EQ(dispatcher_->in_flight(), 1);

  email_.Release();
  Settle();
  EXPECT_EQ(Entry(key).state, "sent");
  EXPECT_EQ(email_.messages().size(), 1u);
}

TEST_F(DispatcherTest, TransientFailuresBackOffDoublingUpToMaxRetryThenSend) {
  const std::string key = Queue("DIG-3", "hbo", T());
  for (int i = 0; i < 4; ++i) email_.AnswerNext(DeliveryResult::Transient("421 busy"));
  StartDispatcher();
  Settle();

  const int64_t expected[] = {60, 120, 240, 240};  // first_retry, doubled, capped by max_retry
  for (int attempt = 1; attempt <= 4; ++attempt) {
    SCOPED_TRACE("attempt " + std::to_string(attempt));
    ASSERT_EQ(email_.messages().size(), static_cast<size_t>(attempt));
    OutboxEntry e = Entry(key);
    EXPECT_EQ(e.state, "queued");
    EXPECT_EQ(e.attempts, attempt);
    EXPECT_EQ(e.last_error, "421 busy");
    const int64_t delay = (e.next_attempt_at - clock_.Now()).count();
    const int64_t want = expected[attempt - 1];
    EXPECT_GE(delay, want * 8 / 10);  // the jitter is ±20 %
    EXPECT_LE(delay, want * 12 / 10);

    SetClockAndPoke(e.next_attempt_at - std::chrono::seconds(1));
    EXPECT_EQ(email_.messages().size(), static_cast<size_t>(attempt)) << "sent before its time";
    SetClockAndPoke(e.next_attempt_at);
  }
  ASSERT_EQ(email_.messages().size(), 5u);
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "sent");
  EXPECT_EQ(e.attempts, 5);
  EXPECT_EQ(e.sent_at, clock_.Now());
  EXPECT_EQ(dispatcher_->stats().failed.at("reminder/email"), 4);
}

TEST_F(DispatcherTest, RetryAfterFromTheTransportIsFollowed) {
  const std::string key = Queue("DIG-3", "hbo", T());
  email_.AnswerNext(DeliveryResult::Transient("429 too many", std::chrono::seconds(90)));
  StartDispatcher();
  Settle();
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "queued");
  // A second more than asked: the clock gives the second the answer came in, and the wait is
  // at least what the receiver asked. (At 90 s, a retry could come after 89 s and a little.)
  EXPECT_EQ(e.next_attempt_at, T() + std::chrono::seconds(91));
}

TEST_F(DispatcherTest, RetryAfterOfJustTheLongestBackOffIsAlsoALeastWait) {
  // Asked for exactly max_retry (4m): honoured whole, so a second more than asked as above. At
  // 240 s the retry could come after 239 s and a little, before the time the receiver asked.
  const std::string key = Queue("DIG-3", "hbo", T());
  email_.AnswerNext(DeliveryResult::Transient("429 too many", std::chrono::seconds(240)));
  StartDispatcher();
  Settle();
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "queued");
  EXPECT_EQ(e.next_attempt_at, T() + std::chrono::seconds(241));
}

TEST_F(DispatcherTest, RetryAfterLongerThanTheLongestBackOffIsCappedAndRetryingGoesOn) {
  // A receiver asking for a whole day (give_up is 1d here) must not make the notice dead after
  // one attempt: the wait is capped at max_retry (4m) and the notice stays queued.
  const std::string key = Queue("DIG-3", "hbo", T());
  email_.AnswerNext(DeliveryResult::Transient("503 busy", std::chrono::seconds(86400 * 2)));
  StartDispatcher();
  Settle();
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "queued");
  EXPECT_EQ(e.next_attempt_at, T() + std::chrono::seconds(240));
}

TEST_F(DispatcherTest, PermanentFailureMakesTheNoticeDead) {
  const std::string key = Queue("DIG-3", "hbo", T());
  email_.AnswerNext(DeliveryResult::Permanent("550 no such mailbox"));
  StartDispatcher();
  Settle();
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "dead");
  EXPECT_EQ(e.last_error, "550 no such mailbox");
  EXPECT_EQ(dispatcher_->stats().dead.at("reminder/email"), 1);

  SetClockAndPoke(T() + std::chrono::hours(2));
  EXPECT_EQ(email_.messages().size(), 1u);
}

TEST_F(DispatcherTest, TransientFailureAfterGiveUpMakesTheNoticeDead) {
  const std::string key = Queue("DIG-3", "hbo", T());
  email_.AnswerNext(DeliveryResult::Transient("421 busy"));
  // Any retry (48 s at least) would fall after due + give_up.
  clock_.Set(T() + std::chrono::days(1) - std::chrono::seconds(30));
  StartDispatcher();
  Settle();
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "dead");
  EXPECT_THAT(e.last_error, HasSubstr("gave up retrying"));

  SetClockAndPoke(T() + std::chrono::days(2));
  EXPECT_EQ(email_.messages().size(), 1u);
}

TEST_F(DispatcherTest, NoticeForARecipientNoLongerConfiguredIsDeadWithoutSending) {
  const std::string key = Queue("DIG-3", "nedlagt", T());
  StartDispatcher();
  Settle();
  EXPECT_TRUE(email_.messages().empty());
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "dead");
  EXPECT_THAT(e.last_error, HasSubstr("no longer configured"));
}

TEST_F(DispatcherTest, NoticeLeftSendingByACrashIsSentAgainAtStart) {
  const std::string key = Queue("DIG-3", "hbo", T());
  bool marked = false;
  ASSERT_TRUE(store_->MarkSending(key, &marked).ok());  // and then the process died
  ASSERT_TRUE(marked);
  StartDispatcher();
  Settle();
  ASSERT_EQ(email_.messages().size(), 1u);
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "sent");
  EXPECT_EQ(e.attempts, 2);
}

// The whole way: the scheduler queues the reminder, the dispatcher sends it; after a restart of
// both, later the same day, nothing is queued or sent again.
TEST_F(DispatcherTest, NoticeSentBeforeARestartIsNotSentAgain) {
  const Measure m = Sample("DIG-3", "hbo");
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->InsertMeasure(m, m.updated_at, "test", {}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  {
    Scheduler scheduler(config_, store_.get());
    std::vector<Notice> queued;
    ASSERT_TRUE(scheduler.Start(clock_.Now(), &queued).ok());
    ASSERT_EQ(queued.size(), 1u);
    StartDispatcher();
    Settle();
    ASSERT_EQ(email_.messages().size(), 1u);
    EXPECT_EQ(Entry(queued[0].key).state, "sent");
    dispatcher_.reset();
  }

  clock_.Set(T() + std::chrono::hours(3));
  Scheduler scheduler(config_, store_.get());
  std::vector<Notice> queued;
  ASSERT_TRUE(scheduler.Start(clock_.Now(), &queued).ok());
  EXPECT_TRUE(queued.empty());
  StartDispatcher();
  Settle();
  EXPECT_EQ(email_.messages().size(), 1u);
}

// As Service::Stop does on SIGTERM: the send in flight finishes and is recorded; the one
// waiting for a free slot is not started and stays queued for the next start.
TEST_F(DispatcherTest, StopLetsTheInFlightSendFinishAndStartsNoNewOne) {
  FakeTransport one_at_a_time(io_, 1);
  Dispatcher dispatcher(io_, store_.get(), config_, renderer_.get(), &one_at_a_time, &webhook_,
                        &clock_);
  const std::string first = Queue("DIG-3", "hbo", T());
  const std::string second = Queue("DIG-4", "kff", T());
  one_at_a_time.HoldNext();
  ASSERT_TRUE(dispatcher.Start().ok());
  Settle();
  ASSERT_EQ(one_at_a_time.messages().size(), 1u);
  ASSERT_EQ(one_at_a_time.messages()[0].key, first);

  bool stopped = false;
  dispatcher.Stop(std::chrono::seconds(10), [&]() { stopped = true; });
  Settle();
  EXPECT_FALSE(stopped) << "stopped with a send in flight";
  dispatcher.Poke();
  Settle();
  EXPECT_EQ(one_at_a_time.messages().size(), 1u);

  one_at_a_time.Release();
  ASSERT_TRUE(RunUntil([&]() { return stopped; }));
  EXPECT_EQ(Entry(first).state, "sent");
  EXPECT_EQ(Entry(second).state, "queued");
  EXPECT_EQ(one_at_a_time.messages().size(), 1u);
  EXPECT_EQ(one_at_a_time.cancel_calls(), 0);
  EXPECT_EQ(dispatcher.in_flight(), 0);
}

// The marks of a transaction whose commit was reported failed may have been made all the same:
// the notice is not sent then (nothing is sent on a failed commit), and the next transaction puts
// it back in the queue rather than leave it "sending" until the next start.
TEST_F(DispatcherTest, MarksOfACommitReportedFailedGoBackToTheQueue) {
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(":memory:", &db).ok());
  ASSERT_TRUE(Migrate(*db).ok());
  store_ = std::make_unique<CommitAnswerLost>(std::move(db));
  const std::string key = Queue("DIG-3", "hbo", T());
  StartDispatcher();
  Settle();
  EXPECT_TRUE(email_.messages().empty());
  ASSERT_EQ(Entry(key).state, "sending");

  ASSERT_TRUE(RunUntil([&] { return email_.messages().size() == 1; }));
  Settle();
  EXPECT_EQ(email_.messages().size(), 1u);
  EXPECT_EQ(email_.messages()[0].key, key);
  EXPECT_EQ(Entry(key).state, "sent");
  EXPECT_EQ(Entry(key).attempts, 1);  // the mark undone is not counted
  EXPECT_TRUE(dispatcher_->idle());
}

TEST_F(DispatcherTest, NoticeOfABatchDroppedAfterItWasReadIsNotSent) {
  // Six due, four at a time: the first four are held in flight, the other two wait in memory.
  std::vector<std::string> keys;
  for (int i = 1; i <= 6; ++i) keys.push_back(Queue("DIG-" + std::to_string(i), "hbo", T()));
  for (int i = 0; i < 4; ++i) email_.HoldNext();
  StartDispatcher();
  Settle();
  ASSERT_EQ(email_.held(), 4u);
  ASSERT_EQ(Entry(keys[4]).state, "queued");
  // Meanwhile the scheduler drops one of the waiting two (the measure was answered).
  int dropped = 0;
  ASSERT_TRUE(store_->DropQueued("DIG-5", {"varsel-14d"}, "", "answered", T(), &dropped).ok());
  ASSERT_EQ(dropped, 1);

  // The four end; the next batch is marked in one statement, without the dropped one.
  for (int i = 0; i < 4; ++i) email_.Release();
  Settle();
  ASSERT_EQ(email_.messages().size(), 5u);
  for (const OutgoingMessage& m : email_.messages()) EXPECT_NE(m.key, keys[4]);
  EXPECT_EQ(Entry(keys[4]).state, "dropped");
  EXPECT_EQ(Entry(keys[4]).attempts, 0);
  for (int i : {0, 1, 2, 3, 5}) {
    EXPECT_EQ(Entry(keys[i]).state, "sent") << keys[i];
    EXPECT_EQ(Entry(keys[i]).attempts, 1) << keys[i];
  }
  EXPECT_TRUE(dispatcher_->idle());
}

TEST_F(DispatcherTest, StopAfterTheGracePeriodAbandonsTheSendAndKeepsItQueued) {
  const std::string key = Queue("DIG-3", "hbo", T());
  email_.HoldNext();
  StartDispatcher();
  Settle();
  bool stopped = false;
  dispatcher_->Stop(std::chrono::milliseconds(20), [&]() { stopped = true; });
  ASSERT_TRUE(RunUntil([&]() { return stopped; }));
  EXPECT_EQ(email_.cancel_calls(), 1);
  EXPECT_EQ(email_.held(), 0u);
  OutboxEntry e = Entry(key);
  EXPECT_EQ(e.state, "queued");
  EXPECT_EQ(e.last_error, "interrupted by shutdown");
  EXPECT_EQ(e.next_attempt_at, T());
}

}  // namespace
}  // namespace fristvakt
