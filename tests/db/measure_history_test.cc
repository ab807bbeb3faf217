#include "db/measure_history.h"

#include <gtest/gtest.h>

#include "db/measure_changes.h"
#include "db/open_store.h"
#include "testing/measure_change.h"
#include "testing/test_store.h"

namespace fristvakt {
namespace {

using testing::Commented;
using testing::Moved;
using testing::StatusSet;

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

Date D(int y, unsigned m, unsigned d) { return date::sys_days(date::year{y} / m / d); }

Timestamp At(const std::string& text) { return *ParseTimestamp(text, Oslo()); }

// The events are written as `set`, `ack` and the API write them, and read back.
class MeasureHistoryTest : public ::testing::TestWithParam<testing::StoreKind> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.Open(&store_).ok());
    Measure m;
    m.id = "DIG-3";
    m.focus_area = "digitalisering";
    m.title = "Velferdsteknologi";
    m.responsible = "hbo";
    m.deadline = D(2026, 3, 1);
    m.status = MeasureStatus::kInProgress;
    m.updated_at = At("2026-02-01T10:00");
    Transaction tx(*store_);
    ASSERT_TRUE(store_->InsertMeasure(m, m.updated_at, "import", {}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  void Change(const std::string& when, const std::string& actor, MeasureChange change) {
    int events = 0;
    ASSERT_TRUE(
        ChangeMeasure(store_.get(), "DIG-3", change, actor, At(when), Language::kNb, &events).ok());
  }

  Measure Get() {
    std::optional<Measure> m;
    EXPECT_TRUE(store_->GetMeasure("DIG-3", &m).ok());
    return *m;
  }

  UnitAnswer Answer(const std::string& now) {
    UnitAnswer answer;
    EXPECT_TRUE(
        ReadUnitAnswer(store_.get(), Get(), At(now), LocalDate(At(now), Oslo()), &answer).ok());
    return answer;
  }

  testing::TestDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
};

TEST_P(MeasureHistoryTest, AnswerHasTheCommentWithWhoAndWhenTheAckInForceAndEveryMove) {
  Change("2026-02-20T09:00", "cli", Moved("2026-03-16", "Anbudet er forsinket"));
  Change("2026-03-02T11:30", "api:hbo-leder", Commented("Forsinket pga. anbudsprosess"));
  ASSERT_TRUE(AcknowledgeMeasure(store_.get(), "DIG-3", "2026-03-31", "Venter på leverandør",
                                 "api:hbo-leder", {"hbo", D(2026, 4, 16)}, At("2026-03-17T08:00"),
                                 D(2026, 3, 17), Language::kNb)
                  .ok());
  UnitAnswer a = Answer("2026-03-18T08:00");
  EXPECT_EQ(a.comment, "Forsinket pga. anbudsprosess");
  EXPECT_EQ(a.comment_actor, "api:hbo-leder");
  EXPECT_EQ(a.comment_at, At("2026-03-02T11:30"));
  ASSERT_TRUE(a.acknowledgement);
  EXPECT_EQ(a.acknowledgement->unit, "hbo");
  EXPECT_EQ(a.acknowledgement->until, D(2026, 3, 31));
  EXPECT_EQ(a.acknowledgement->note, "Venter på leverandør");
  ASSERT_EQ(a.moves.size(), 1u);
  EXPECT_EQ(a.moves[0].from, D(2026, 3, 1));
  EXPECT_EQ(a.moves[0].to, D(2026, 3, 16));
  EXPECT_EQ(a.moves[0].reason, "Anbudet er forsinket");
  EXPECT_EQ(a.moves[0].actor, "cli");
  EXPECT_FALSE(a.pending_request);

  // After its end the acknowledgement is no longer shown.
  EXPECT_FALSE(Answer("2026-04-01T08:00").acknowledgement);
}

TEST_P(MeasureHistoryTest, ACommentThatCameWithTheMeasureIsTheImports) {
  Measure m = Get();
  m.comment = "Fra regnearket";
  std::vector<Event> events = {{1, At("2026-02-01T10:00"), "DIG-3", "created", "import", {}}};
  UnitAnswer a = AnswerFromEvents(m, events, {}, At("2026-03-01T10:00"), D(2026, 3, 1));
  EXPECT_EQ(a.comment_actor, "import");
  EXPECT_EQ(a.comment_at, At("2026-02-01T10:00"));
  EXPECT_FALSE(a.acknowledgement);
  EXPECT_TRUE(a.moves.empty());
}

TEST_P(MeasureHistoryTest, DigestHistoryHasTheCancelledSinceThePreviousDigest) {
  Change("2026-03-02T09:00", "cli", StatusSet("avbrutt"));
  DigestHistory before;
  ASSERT_TRUE(ReadDigestHistory(store_.get(), At("2026-03-01T08:00"), &before).ok());
  EXPECT_EQ(before.cancelled.count("DIG-3"), 1u);
  DigestHistory after;
  ASSERT_TRUE(ReadDigestHistory(store_.get(), At("2026-03-03T08:00"), &after).ok());
  EXPECT_EQ(after.cancelled.count("DIG-3"), 0u);
}

TEST_P(MeasureHistoryTest, HistoriesHoldTheChangesToUndo) {
  Change("2026-02-20T09:00", "cli", Moved("2026-03-16", "Anbud"));
  Change("2026-03-20T09:00", "cli", StatusSet("done"));
  std::vector<MeasureHistory> histories;
  ASSERT_TRUE(ReadMeasureHistories(store_.get(), At("2026-01-01T00:00"), &histories).ok());
  ASSERT_EQ(histories.size(), 1u);
  EXPECT_EQ(histories[0].known_since, At("2026-02-01T10:00"));
  ASSERT_EQ(histories[0].changes.size(), 2u);
  auto feb = MeasureAsOf(histories[0], At("2026-02-10T12:00"));
  EXPECT_EQ(feb->deadline, D(2026, 3, 1));
  EXPECT_EQ(feb->status, MeasureStatus::kInProgress);
}

INSTANTIATE_TEST_SUITE_P(Stores, MeasureHistoryTest, ::testing::ValuesIn(testing::kStoreKinds),
                         testing::StoreKindName);

}  // namespace
}  // namespace fristvakt
