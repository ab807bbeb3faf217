#include "rules/calendar.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

Date D(int y, int m, int d) {
  return date::sys_days(date::year{y} / static_cast<unsigned>(m) / static_cast<unsigned>(d));
}

// Easter Sundays as published in the Norwegian almanac.
TEST(CalendarTest, EasterSundayMatchesPublishedDates) {
  const std::pair<int, Date> kEaster[] = {
      {2024, D(2024, 3, 31)}, {2025, D(2025, 4, 20)}, {2026, D(2026, 4, 5)},
      {2027, D(2027, 3, 28)}, {2028, D(2028, 4, 16)}, {2029, D(2029, 4, 1)},
      {2030, D(2030, 4, 21)}, {2031, D(2031, 4, 13)}, {2032, D(2032, 3, 28)}};
  for (const auto& [year, easter] : kEaster) EXPECT_EQ(EasterSunday(year), easter) << year;
}

TEST(CalendarTest, NorwegianHolidaysOf2026) {
  EXPECT_EQ(NorwegianHoliday(D(2026, 1, 1)), "1. nyttårsdag");
  EXPECT_EQ(NorwegianHoliday(D(2026, 4, 2)), "skjærtorsdag");
  EXPECT_EQ(NorwegianHoliday(D(2026, 4, 3)), "langfredag");
  EXPECT_EQ(NorwegianHoliday(D(2026, 4, 6)), "2. påskedag");
  EXPECT_EQ(NorwegianHoliday(D(2026, 5, 1)), "1. mai");
  EXPECT_EQ(NorwegianHoliday(D(2026, 5, 14)), "Kristi himmelfartsdag");
  EXPECT_EQ(NorwegianHoliday(D(2026, 5, 17)), "17. mai");
  EXPECT_EQ(NorwegianHoliday(D(2026, 5, 25)), "2. pinsedag");
  EXPECT_EQ(NorwegianHoliday(D(2026, 12, 25)), "1. juledag");
  EXPECT_EQ(NorwegianHoliday(D(2026, 12, 26)), "2. juledag");
  EXPECT_FALSE(NorwegianHoliday(D(2026, 12, 24)));
  EXPECT_FALSE(NorwegianHoliday(D(2026, 4, 1)));
}

TEST(CalendarTest, WorkingDaysSkipEaster) {
  Calendar cal{CalendarConfig{}};
  // Wednesday 1 April 2026; the next working day is Tuesday 7 April.
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 4, 1), 1), D(2026, 4, 7));
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 4, 7), -1), D(2026, 4, 1));
  EXPECT_EQ(cal.NextWorkingDay(D(2026, 4, 3)), D(2026, 4, 7));
  EXPECT_EQ(cal.PreviousWorkingDay(D(2026, 4, 6)), D(2026, 4, 1));
}

TEST(CalendarTest, ClosedDaysAndWeekdaysFromConfiguration) {
  CalendarConfig config;
  config.closed = {D(2026, 12, 24), D(2026, 12, 31)};
  Calendar cal(config);
  EXPECT_FALSE(cal.IsWorkingDay(D(2026, 12, 24)));
  EXPECT_EQ(cal.WhyClosed(D(2026, 12, 24), Language::kNb), "stengt dag");
  EXPECT_EQ(cal.WhyClosed(D(2026, 12, 26), Language::kNb), "2. juledag");
  EXPECT_EQ(cal.WhyClosed(D(2026, 12, 27), Language::kNb), "søndag");
  // 23.12.2026 (Wednesday) + 1 working day: 24, 25, 26, 27 are closed, so Monday 28.
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 12, 23), 1), D(2026, 12, 28));
}

TEST(CalendarTest, AllWeekWithoutHolidays) {
  CalendarConfig config;
  config.workdays.fill(true);
  config.norwegian_holidays = false;
  Calendar cal(config);
  EXPECT_TRUE(cal.IsWorkingDay(D(2026, 12, 25)));
  EXPECT_EQ(cal.Add(D(2026, 3, 2), Duration{10, Duration::Unit::kWorkingDays}, 1), D(2026, 3, 12));
}

}  // namespace
}  // namespace fristvakt
