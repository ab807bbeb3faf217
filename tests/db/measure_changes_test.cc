#include "db/measure_changes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/open_store.h"
#include "testing/test_store.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return date::sys_days(date::year{y} / m / d); }

// The acknowledgement rules of docs/rules.md: a unit cannot silence its own oversight.
class AcknowledgeTest : public ::testing::TestWithParam<testing::StoreKind> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.Open(&store_).ok());
    Measure m;
    m.id = "DIG-3";
    m.focus_area = "digitalisering";
    m.title = "Velferdsteknologi";
    m.responsible = "hbo";
    m.deadline = D(2026, 3, 16);
    m.updated_at = now_;
    Transaction tx(*store_);
    ASSERT_TRUE(store_->InsertMeasure(m, now_, "test", {}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  Status Ack(const std::optional<std::string>& until, const std::string& note,
             const AckScope& scope) {
    return AcknowledgeMeasure(store_.get(), "DIG-3", until, note, "test", scope, now_, today_,
                              Language::kEn);
  }

  std::vector<Acknowledgement> Acks() {
    std::vector<Acknowledgement> acks;
    EXPECT_TRUE(store_->AcknowledgementsFor("DIG-3", &acks).ok());
    return acks;
  }

  AckScope Unit() { return AckScope{"hbo", D(2026, 4, 19)}; }  // today + 30 days

  const Timestamp now_ =
      LocalMoment(D(2026, 3, 20), std::chrono::hours(10), date::locate_zone("Europe/Oslo"));
  const Date today_ = D(2026, 3, 20);
  testing::TestDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
};

TEST_P(AcknowledgeTest, UnitCannotAcknowledgeBeyondAckMax) {
  Status s = Ack("9999-12-31", "", Unit());
  EXPECT_EQ(s.code(), Status::Code::kBadInput);
  EXPECT_THAT(s.message(), HasSubstr("a unit may acknowledge up to 19.04.2026"));
  EXPECT_TRUE(Acks().empty());
}

TEST_P(AcknowledgeTest, UnitsAcknowledgementWithoutAnEndEndsAtAckMaxAndHoldsForItAlone) {
  ASSERT_TRUE(Ack(std::nullopt, "venter på anbud", Unit()).ok());
  ASSERT_EQ(Acks().size(), 1u);
  EXPECT_EQ(Acks()[0].until, D(2026, 4, 19));
  EXPECT_EQ(Acks()[0].unit, "hbo");
  EXPECT_TRUE(Acks()[0].Covers("hbo"));
  EXPECT_FALSE(Acks()[0].Covers("ledergruppe"));
}

TEST_P(AcknowledgeTest, NoAcknowledgementReachesIntoThePast) {
  for (const AckScope& scope : {AckScope{}, Unit()}) {
    Status s = Ack("2026-03-19", "", scope);
    EXPECT_EQ(s.code(), Status::Code::kBadInput);
    EXPECT_THAT(s.message(), HasSubstr("the date has passed"));
  }
  EXPECT_TRUE(Acks().empty());
}

TEST_P(AcknowledgeTest, AdministratorsAcknowledgementHoldsForEveryone) {
  ASSERT_TRUE(Ack("2027-12-31", "", AckScope{}).ok());
  EXPECT_TRUE(Acks()[0].Covers("ledergruppe"));
}

TEST_P(AcknowledgeTest, SecondAcknowledgementWithoutANoteKeepsTheFirstNote) {
  ASSERT_TRUE(Ack("2026-04-01", "venter på anbud", Unit()).ok());
  ASSERT_TRUE(Ack("2026-04-10", "", Unit()).ok());
  ASSERT_EQ(Acks().size(), 2u);
  EXPECT_EQ(Acks()[1].note, "venter på anbud");
  EXPECT_EQ(Acks()[1].until, D(2026, 4, 10));
}

INSTANTIATE_TEST_SUITE_P(Stores, AcknowledgeTest, ::testing::ValuesIn(testing::kStoreKinds),
                         testing::StoreKindName);

}  // namespace
}  // namespace fristvakt
