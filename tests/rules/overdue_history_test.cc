#include "rules/overdue_history.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

Date D(int y, int m, int d) {
  return date::sys_days(date::year{y} / static_cast<unsigned>(m) / static_cast<unsigned>(d));
}

Timestamp At(int y, int m, int d, int hour) {
  return LocalMoment(D(y, m, d), std::chrono::hours(hour), Oslo());
}

MeasureHistory H(const std::string& id, Date deadline, MeasureStatus status) {
  MeasureHistory h;
  h.measure.id = id;
  h.measure.deadline = deadline;
  h.measure.status = status;
  h.measure.updated_at = At(2026, 1, 1, 12);
  return h;
}

TEST(OverdueHistoryTest, PastIsThePresentWithLaterChangesUndone) {
  MeasureHistory h = H("A", D(2026, 6, 1), MeasureStatus::kDone);
  h.known_since = At(2026, 1, 5, 10);
  h.changes = {{At(2026, 2, 1, 10), D(2026, 3, 1), std::nullopt},
               {At(2026, 4, 1, 10), D(2026, 5, 1), std::nullopt},
               {At(2026, 5, 10, 10), std::nullopt, MeasureStatus::kInProgress}};
  EXPECT_FALSE(MeasureAsOf(h, At(2026, 1, 5, 9)));
  auto jan = MeasureAsOf(h, At(2026, 1, 20, 12));
  ASSERT_TRUE(jan);
  EXPECT_EQ(jan->deadline, D(2026, 3, 1));
  EXPECT_EQ(jan->status, MeasureStatus::kInProgress);
  auto march = MeasureAsOf(h, At(2026, 3, 15, 12));
  EXPECT_EQ(march->deadline, D(2026, 5, 1));
  auto april = MeasureAsOf(h, At(2026, 4, 1, 10));  // a change at that moment counts
  EXPECT_EQ(april->deadline, D(2026, 6, 1));
  EXPECT_EQ(april->status, MeasureStatus::kInProgress);
  EXPECT_EQ(MeasureAsOf(h, At(2026, 5, 20, 12))->status, MeasureStatus::kDone);
}

// Wednesday 18.03.2026; the weeks end on Sundays 08.03 and 15.03, and today.
TEST(OverdueHistoryTest, WeeksCountWhatWasOverdueAtEachWeeksEnd) {
  const Calendar calendar{CalendarConfig{}};
  // Overdue since 03.03, done on 10.03: overdue at the end of the first week only.
  MeasureHistory done = H("done", D(2026, 3, 2), MeasureStatus::kDone);
  done.changes = {{At(2026, 3, 10, 9), std::nullopt, MeasureStatus::kInProgress}};
  // Its deadline was 06.03 until it was moved to 30.03 on 12.03.
  MeasureHistory moved = H("moved", D(2026, 3, 30), MeasureStatus::kPlanned);
  moved.changes = {{At(2026, 3, 12, 9), D(2026, 3, 6), std::nullopt}};
  // Due on Sunday 15.03: not overdue that day, overdue from the next.
  MeasureHistory sunday = H("sunday", D(2026, 3, 15), MeasureStatus::kInProgress);
  // Known only from 16.03, overdue already.
  MeasureHistory late = H("late", D(2026, 2, 1), MeasureStatus::kPlanned);
  late.known_since = At(2026, 3, 16, 8);
  // Cancelled all along.
  MeasureHistory cancelled = H("cancelled", D(2026, 2, 1), MeasureStatus::kCancelled);

  auto weeks = OverdueByWeek({done, moved, sunday, late, cancelled}, At(2026, 3, 18, 12), 3,
                             calendar, Oslo());
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].last_day, D(2026, 3, 8));
  EXPECT_EQ(weeks[0].overdue, 2);  // done, moved
  EXPECT_EQ(weeks[1].last_day, D(2026, 3, 15));
  EXPECT_EQ(weeks[1].overdue, 0);
  EXPECT_EQ(weeks[2].last_day, D(2026, 3, 18));
  EXPECT_EQ(weeks[2].overdue, 2);  // sunday, late
  EXPECT_EQ(FirstCountedDay(D(2026, 3, 18), 3), D(2026, 3, 2));
}

TEST(OverdueHistoryTest, AYearIsFiftyTwoWeeksEndingWithThisOne) {
  const Calendar calendar{CalendarConfig{}};
  auto weeks = OverdueByWeek({}, At(2026, 12, 1, 12), 52, calendar, Oslo());
  ASSERT_EQ(weeks.size(), 52u);
  EXPECT_EQ(weeks.back().last_day, D(2026, 12, 1));
  EXPECT_EQ(weeks.front().last_day, D(2025, 12, 14));
}

}  // namespace
}  // namespace fristvakt
