#include "rules/classify.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

Date D(int y, int m, int d) {
  return date::sys_days(date::year{y} / static_cast<unsigned>(m) / static_cast<unsigned>(d));
}

Measure M(Date deadline, MeasureStatus status, Date updated) {
  Measure m;
  m.id = "FH-1";
  m.deadline = deadline;
  m.status = status;
  m.updated_at = LocalMoment(updated, std::chrono::hours(12), Oslo());
  return m;
}

class ClassifyTest : public ::testing::Test {
 protected:
  ClassifyTest() : calendar_(CalendarConfig{}) {}

  Classification Of(const Measure& m, const Thresholds& t = kDefaultThresholds) const {
    return Classify(m, today_, t, calendar_, Oslo());
  }

  const Date today_ = D(2026, 3, 2);  // a Monday
  Calendar calendar_;
};

TEST_F(ClassifyTest, MeasureDueTodayIsDueSoonNotOverdue) {
  Classification c = Of(M(today_, MeasureStatus::kPlanned, today_));
  EXPECT_EQ(c.standing, Standing::kDueSoon);
  EXPECT_EQ(c.days_to_deadline, 0);
}

TEST_F(ClassifyTest, MeasureIsOverdueFromTheDayAfterItsDeadline) {
  Classification c = Of(M(D(2026, 3, 1), MeasureStatus::kInProgress, today_));
  EXPECT_EQ(c.standing, Standing::kOverdue);
  EXPECT_EQ(c.days_to_deadline, -1);
}

TEST_F(ClassifyTest, DueSoonWindowIncludesItsLastDay) {
  EXPECT_EQ(Of(M(D(2026, 3, 16), MeasureStatus::kPlanned, today_)).standing, Standing::kDueSoon);
  EXPECT_EQ(Of(M(D(2026, 3, 17), MeasureStatus::kPlanned, today_)).standing, Standing::kOnTrack);
}

TEST_F(ClassifyTest, DueSoonInWorkingDaysSkipsWeekendsAndEaster) {
  // 10 working days from Monday 30.03.2026 skip Maundy Thursday, Good Friday, the weekend and
  // Easter Monday: Thursday 16.04.
  const Date monday = D(2026, 3, 30);
  Thresholds t = kDefaultThresholds;
  t.due_soon = {10, Duration::Unit::kWorkingDays};
  auto standing = [&](Date deadline) {
    return Classify(M(deadline, MeasureStatus::kPlanned, monday), monday, t, calendar_, Oslo())
        .standing;
  };
  EXPECT_EQ(standing(D(2026, 4, 16)), Standing::kDueSoon);
  EXPECT_EQ(standing(D(2026, 4, 17)), Standing::kOnTrack);
}

TEST_F(ClassifyTest, ClosedMeasuresAreDoneOrCancelledWhateverTheirDeadline) {
  EXPECT_EQ(Of(M(D(2026, 1, 1), MeasureStatus::kDone, D(2025, 1, 1))).standing, Standing::kDone);
  EXPECT_EQ(Of(M(D(2026, 1, 1), MeasureStatus::kCancelled, D(2025, 1, 1))).standing,
            Standing::kCancelled);
}

TEST_F(ClassifyTest, ClosedMeasureIsNeverStale) {
  EXPECT_FALSE(Of(M(D(2026, 6, 1), MeasureStatus::kDone, D(2025, 1, 1))).stale);
  EXPECT_FALSE(Of(M(D(2026, 6, 1), MeasureStatus::kCancelled, D(2025, 1, 1))).stale);
}

TEST_F(ClassifyTest, OpenMeasureIsStaleFromTheDayItsLastUpdateIsStaleAfterOld) {
  Classification at30 = Of(M(D(2026, 6, 1), MeasureStatus::kPlanned, D(2026, 1, 31)));
  EXPECT_TRUE(at30.stale);
  EXPECT_EQ(at30.days_since_update, 30);
  EXPECT_FALSE(Of(M(D(2026, 6, 1), MeasureStatus::kPlanned, D(2026, 2, 1))).stale);
}

TEST_F(ClassifyTest, StaleIsApartFromTheStanding) {
  Classification c = Of(M(D(2026, 2, 1), MeasureStatus::kInProgress, D(2026, 1, 1)));
  EXPECT_EQ(c.standing, Standing::kOverdue);
  EXPECT_TRUE(c.stale);
}

TEST_F(ClassifyTest, LastUpdateCountsByItsLocalDate) {
  // 23:30 UTC on 31.01 is 00:30 on 01.02 in Oslo: 29 days before today, not yet stale.
  Measure m = M(D(2026, 6, 1), MeasureStatus::kPlanned, today_);
  m.updated_at =
      Timestamp{date::sys_days(D(2026, 1, 31)) + std::chrono::hours(23) + std::chrono::minutes(30)};
  EXPECT_FALSE(Of(m).stale);
  EXPECT_EQ(Of(m).days_since_update, 29);
}

TEST_F(ClassifyTest, DefaultThresholdsAreFourteenAndThirtyDays) {
  EXPECT_EQ(kDefaultThresholds.due_soon, (Duration{14, Duration::Unit::kDays}));
  EXPECT_EQ(kDefaultThresholds.stale_after, (Duration{30, Duration::Unit::kDays}));
}

TEST_F(ClassifyTest, ClassifierGivesTheSameAsClassifyForEachMeasure) {
  const Classifier classifier(today_, kDefaultThresholds, calendar_, Oslo());
  for (int day = -20; day <= 20; ++day) {
    Measure m = M(today_ + date::days(day), MeasureStatus::kPlanned, today_ - date::days(day));
    EXPECT_EQ(classifier.Classify(m).standing, Of(m).standing) << day;
    EXPECT_EQ(classifier.Classify(m).stale, Of(m).stale) << day;
  }
}

}  // namespace
}  // namespace fristvakt
