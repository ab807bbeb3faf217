// The outbox's batch marks: many notices "sending" in one statement, many "sent" in another.
#include <gtest/gtest.h>

#include <algorithm>

#include "db/store.h"
#include "testing/test_store.h"

namespace fristvakt {
namespace {

Timestamp At(int64_t seconds) { return Timestamp(std::chrono::seconds(seconds)); }

class OutboxBatchTest : public ::testing::TestWithParam<testing::StoreKind> {
 protected:
  void SetUp() override {
    Status s = database_.Open(&store_);
    ASSERT_TRUE(s.ok()) << s.message();
    std::vector<Notice> notices;
    for (const char* rule : {"a", "b", "c", "d"}) notices.push_back(Make(rule));
    Transaction tx(*store_);
    ASSERT_TRUE(store_
                    ->QueueNotices(
                        notices, {Make("gone")},
                        [](const Notice&) { return nlohmann::json::object(); }, At(5000))
                    .ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  static std::string Key(const std::string& rule) {
    return "DIG-3/" + rule + "/2026-03-16/1/hbo/webhook";
  }
  static Notice Make(const std::string& rule) {
    Notice n;
    n.key = Key(rule);
    n.measure_id = "DIG-3";
    n.rule = rule;
    n.recipient = "hbo";
    n.channel = Channel::kWebhook;
    n.at = At(5000);
    return n;
  }

  OutboxEntry Entry(const std::string& rule) {
    std::vector<OutboxEntry> entries;
    EXPECT_TRUE(store_->OutboxFor("DIG-3", &entries).ok());
    for (const OutboxEntry& e : entries) {
      if (e.rule == rule) return e;
    }
    ADD_FAILURE() << "no notice of rule " << rule;
    return {};
  }

  testing::TestDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
};

TEST_P(OutboxBatchTest, MarkSendingManyMarksOnlyThoseStillQueued) {
  // "b" was dropped meanwhile, "gone" was decided against, "x" never existed; "a" twice.
  int dropped = 0;
  ASSERT_TRUE(store_->DropQueued("DIG-3", {"b"}, "", "answered", At(5500), &dropped).ok());
  ASSERT_EQ(dropped, 1);
  std::vector<std::string> marked;
  ASSERT_TRUE(store_
                  ->MarkSendingMany({Key("a"), Key("b"), Key("c"), Key("gone"), Key("x"), Key("a")},
                                    &marked)
                  .ok());
  std::sort(marked.begin(), marked.end());
  EXPECT_EQ(marked, (std::vector<std::string>{Key("a"), Key("c")}));
  EXPECT_EQ(Entry("a").state, "sending");
  EXPECT_EQ(Entry("a").attempts, 1);  // counted once
  EXPECT_EQ(Entry("b").state, "dropped");
  EXPECT_EQ(Entry("b").attempts, 0);
  EXPECT_EQ(Entry("c").state, "sending");
  EXPECT_EQ(Entry("d").state, "queued");  // not asked for
  EXPECT_EQ(Entry("gone").state, "dropped");

  // Already sending: not marked a second time.
  marked.clear();
  ASSERT_TRUE(store_->MarkSendingMany({Key("a")}, &marked).ok());
  EXPECT_TRUE(marked.empty());
  EXPECT_EQ(Entry("a").attempts, 1);

  // Nothing asked, nothing done.
  ASSERT_TRUE(store_->MarkSendingMany({}, &marked).ok());
  EXPECT_TRUE(marked.empty());
}

TEST_P(OutboxBatchTest, MarkSentManyRecordsEachAtItsOwnTime) {
  std::vector<std::string> marked;
  ASSERT_TRUE(store_->MarkSendingMany({Key("a"), Key("c")}, &marked).ok());
  ASSERT_TRUE(store_->Reschedule(Key("c"), At(7000), "HTTP 503").ok());
  ASSERT_TRUE(store_->MarkSendingMany({Key("c")}, &marked).ok());
  ASSERT_TRUE(
      store_->MarkSentMany({{Key("a"), At(6001)}, {Key("c"), At(7002)}, {Key("x"), At(1)}}).ok());
  EXPECT_EQ(Entry("a").state, "sent");
  EXPECT_EQ(Entry("a").sent_at, At(6001));
  EXPECT_EQ(Entry("c").state, "sent");
  EXPECT_EQ(Entry("c").sent_at, At(7002));
  EXPECT_EQ(Entry("c").last_error, "");  // the failure before it is over
  EXPECT_EQ(Entry("c").attempts, 2);
  EXPECT_EQ(Entry("d").state, "queued");
  ASSERT_TRUE(store_->MarkSentMany({}).ok());

  // A crash after the batch was marked "sending" and before "sent": only those go back.
  ASSERT_TRUE(store_->MarkSendingMany({Key("d")}, &marked).ok());
  int requeued = 0;
  ASSERT_TRUE(store_->RequeueInFlight(&requeued).ok());
  EXPECT_EQ(requeued, 1);
  EXPECT_EQ(Entry("d").state, "queued");
  EXPECT_EQ(Entry("a").state, "sent");
}

// A mark undone (the dispatcher's, when the commit that made it was reported failed): the notice
// is queued as it was, its attempt not counted and its last error kept; one that is not being
// sent is left alone.
TEST_P(OutboxBatchTest, UnmarkPutsANoticeBackAsItWas) {
  std::vector<std::string> marked;
  ASSERT_TRUE(store_->MarkSendingMany({Key("a"), Key("c")}, &marked).ok());
  ASSERT_TRUE(store_->Reschedule(Key("c"), At(7000), "HTTP 503").ok());
  ASSERT_TRUE(store_->MarkSendingMany({Key("c")}, &marked).ok());
  ASSERT_EQ(Entry("c").attempts, 2);

  ASSERT_TRUE(store_->Unmark(Key("c")).ok());
  EXPECT_EQ(Entry("c").state, "queued");
  EXPECT_EQ(Entry("c").attempts, 1);
  EXPECT_EQ(Entry("c").last_error, "HTTP 503");
  EXPECT_EQ(Entry("c").next_attempt_at, At(7000));
  ASSERT_TRUE(store_->Unmark(Key("c")).ok());  // queued now: left alone
  EXPECT_EQ(Entry("c").attempts, 1);
  ASSERT_TRUE(store_->MarkSentMany({{Key("a"), At(6001)}}).ok());
  ASSERT_TRUE(store_->Unmark(Key("a")).ok());
  EXPECT_EQ(Entry("a").state, "sent");
  ASSERT_TRUE(store_->Unmark(Key("gone")).ok());
  EXPECT_EQ(Entry("gone").state, "dropped");
}

TEST_P(OutboxBatchTest, BatchMarksRollBackWithTheirTransaction) {
  {
    Transaction tx(*store_);
    std::vector<std::string> marked;
    ASSERT_TRUE(store_->MarkSendingMany({Key("a"), Key("d")}, &marked).ok());
    EXPECT_EQ(marked.size(), 2u);
  }  // not committed
  EXPECT_EQ(Entry("a").state, "queued");
  EXPECT_EQ(Entry("d").state, "queued");
}

INSTANTIATE_TEST_SUITE_P(Stores, OutboxBatchTest, ::testing::ValuesIn(testing::kStoreKinds),
                         testing::StoreKindName);

}  // namespace
}  // namespace fristvakt
