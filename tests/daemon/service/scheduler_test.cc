#include "daemon/service/scheduler.h"
#include "db/open_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config/config_file.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::TempDir;

// The small configuration's one rule, varsel-14d, sends DIG-3 (deadline Mon 16.03.2026) a
// reminder 14 days before: Mon 02.03.2026 at 08:00, the start of the sending window.
constexpr const char* kReminderKey = "DIG-3/varsel-14d/2026-03-16/1/hbo/email";

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diag;
    LoadConfig(testing::WriteSmallConfig(dir_), ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    ASSERT_TRUE(OpenStore(":memory:", &store_).ok());
  }

  Timestamp At(const std::string& text) const { return *ParseTimestamp(text, config_.timezone); }

  void InsertMeasure() {
    Measure m;
    m.id = "DIG-3";
    m.focus_area = "digitalisering";
    m.title = "Velferdsteknologi i hjemmetjenesten";
    m.responsible = "hbo";
    m.deadline = *ParseDate("16.03.2026");
    m.status = MeasureStatus::kInProgress;
    m.updated_at = At("2026-02-20 10:00");
    Transaction tx(*store_);
    ASSERT_TRUE(store_->InsertMeasure(m, m.updated_at, "test", {}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  std::vector<std::string> Start(Scheduler& scheduler, const std::string& now) {
    std::vector<Notice> queued;
    EXPECT_TRUE(scheduler.Start(At(now), &queued).ok());
    return Keys(queued);
  }

  std::vector<std::string> RunDue(Scheduler& scheduler, const std::string& now) {
    std::vector<Notice> queued;
    EXPECT_TRUE(scheduler.RunDue(At(now), &queued).ok());
    return Keys(queued);
  }

  static std::vector<std::string> Keys(const std::vector<Notice>& notices) {
    std::vector<std::string> keys;
    for (const Notice& n : notices) keys.push_back(n.key);
    return keys;
  }

  std::vector<OutboxEntry> Outbox() {
    std::vector<OutboxEntry> entries;
    EXPECT_TRUE(store_->OutboxFor("DIG-3", &entries).ok());
    return entries;
  }

  TempDir dir_;
  Config config_;
  std::unique_ptr<Store> store_;
};

TEST_F(SchedulerTest, NoticeIsQueuedWhenItsMomentComesAndNotBefore) {
  InsertMeasure();
  Scheduler scheduler(config_, store_.get());
  EXPECT_THAT(Start(scheduler, "2026-03-01 12:00"), IsEmpty());
  EXPECT_EQ(scheduler.NextWake(), At("2026-03-02 08:00"));
  EXPECT_THAT(RunDue(scheduler, "2026-03-02 07:59:59"), IsEmpty());
  EXPECT_THAT(Outbox(), IsEmpty());

  EXPECT_THAT(RunDue(scheduler, "2026-03-02 08:00"), ElementsAre(kReminderKey));
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].key, kReminderKey);
  EXPECT_EQ(outbox[0].state, "queued");
  EXPECT_EQ(outbox[0].due_at, At("2026-03-02 08:00"));
}

TEST_F(SchedulerTest, DueNoticeIsQueuedExactlyOnce) {
  InsertMeasure();
  Scheduler scheduler(config_, store_.get());
  EXPECT_THAT(Start(scheduler, "2026-03-02 08:00"), ElementsAre(kReminderKey));
  EXPECT_THAT(RunDue(scheduler, "2026-03-02 08:00"), IsEmpty());
  EXPECT_THAT(RunDue(scheduler, "2026-03-02 08:00"), IsEmpty());
  EXPECT_THAT(RunDue(scheduler, "2026-03-02 13:00"), IsEmpty());
  EXPECT_THAT(RunDue(scheduler, "2026-03-05 08:00"), IsEmpty());
  EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(SchedulerTest, RestartDoesNotQueueAQueuedNoticeAgain) {
  InsertMeasure();
  {
    Scheduler first(config_, store_.get());
    EXPECT_THAT(Start(first, "2026-03-02 08:00"), ElementsAre(kReminderKey));
  }
  Scheduler same_moment(config_, store_.get());
  EXPECT_THAT(Start(same_moment, "2026-03-02 08:00"), IsEmpty());
  Scheduler later(config_, store_.get());
  EXPECT_THAT(Start(later, "2026-03-02 11:00"), IsEmpty());
  EXPECT_THAT(RunDue(later, "2026-03-02 12:00"), IsEmpty());
  EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(SchedulerTest, RestartDoesNotQueueASentNoticeAgain) {
  InsertMeasure();
  {
    Scheduler first(config_, store_.get());
    EXPECT_THAT(Start(first, "2026-03-02 08:00"), ElementsAre(kReminderKey));
  }
  bool marked = false;
  ASSERT_TRUE(store_->MarkSending(kReminderKey, &marked).ok());
  ASSERT_TRUE(marked);
  ASSERT_TRUE(store_->MarkSent(kReminderKey, At("2026-03-02 08:00:02")).ok());

  Scheduler restarted(config_, store_.get());
  EXPECT_THAT(Start(restarted, "2026-03-02 09:30"), IsEmpty());
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].state, "sent");
}

TEST_F(SchedulerTest, MeasureAddedWhileRunningIsQueuedOnceFromItsEvent) {
  Scheduler scheduler(config_, store_.get());
  EXPECT_THAT(Start(scheduler, "2026-03-02 07:00"), IsEmpty());
  EXPECT_FALSE(scheduler.NextWake().has_value());
  InsertMeasure();  // as the command line or an import would, with its `created` event
  EXPECT_THAT(RunDue(scheduler, "2026-03-02 09:00"), ElementsAre(kReminderKey));
  EXPECT_THAT(RunDue(scheduler, "2026-03-02 09:00"), IsEmpty());
  EXPECT_EQ(Outbox().size(), 1u);
}

}  // namespace
}  // namespace fristvakt
