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

// The moveable holidays 2024-2032 as the Norwegian almanac publishes them: Maundy Thursday,
// Good Friday, Easter Monday, Ascension Day, Whit Monday.
TEST(CalendarTest, MoveableHolidaysMatchThePublishedList) {
  struct Year {
    int year;
    Date holidays[5];
  };
  const Year kYears[] = {
      {2024, {D(2024, 3, 28), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 9), D(2024, 5, 20)}},
      {2025, {D(2025, 4, 17), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 29), D(2025, 6, 9)}},
      {2026, {D(2026, 4, 2), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 25)}},
      {2027, {D(2027, 3, 25), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 6), D(2027, 5, 17)}},
      {2028, {D(2028, 4, 13), D(2028, 4, 14), D(2028, 4, 17), D(2028, 5, 25), D(2028, 6, 5)}},
      {2029, {D(2029, 3, 29), D(2029, 3, 30), D(2029, 4, 2), D(2029, 5, 10), D(2029, 5, 21)}},
      {2030, {D(2030, 4, 18), D(2030, 4, 19), D(2030, 4, 22), D(2030, 5, 30), D(2030, 6, 10)}},
      {2031, {D(2031, 4, 10), D(2031, 4, 11), D(2031, 4, 14), D(2031, 5, 22), D(2031, 6, 2)}},
      {2032, {D(2032, 3, 25), D(2032, 3, 26), D(2032, 3, 29), D(2032, 5, 6), D(2032, 5, 17)}},
  };
  for (const Year& y : kYears) {
    for (Date d : y.holidays) EXPECT_TRUE(NorwegianHoliday(d)) << FormatIsoDate(d);
    // Every holiday of the year, counted day by day: the five above, Easter Sunday, Whit
    // Sunday, and 1 January, 1 May, 17 May, 25 and 26 December (17 May is Whit Monday in
    // 2027 and 2032, so those years have one day fewer).
    int count = 0;
    for (Date d = D(y.year, 1, 1); d <= D(y.year, 12, 31); d += date::days(1)) {
      if (NorwegianHoliday(d)) ++count;
    }
    EXPECT_EQ(count, (y.year == 2027 || y.year == 2032) ? 11 : 12) << y.year;
  }
}

// Working days are looked up in a table of the years 1900 to 2199: inside it, at its edges and
// beyond, a day is a working day exactly when its weekday is one and it is no holiday.
TEST(CalendarTest, WorkingDaysAreTheWeekdaysLessTheHolidaysInEveryYear) {
  const Calendar calendar{CalendarConfig{}};
  for (Date d = D(1899, 12, 1); d < D(2200, 2, 1); d += date::days(1)) {
    const unsigned weekday = date::weekday(d).c_encoding();
    const bool expected = weekday >= 1 && weekday <= 5 && !NorwegianHoliday(d);
    ASSERT_EQ(calendar.IsWorkingDay(d), expected) << FormatIsoDate(d);
  }
  EXPECT_FALSE(calendar.IsWorkingDay(D(2500, 12, 25)));
  EXPECT_TRUE(calendar.IsWorkingDay(D(2500, 12, 27)));  // a Monday
}

TEST(CalendarTest, WorkingDaysAcrossWhitsunAndChristmas) {
  Calendar cal{CalendarConfig{}};
  // Friday 22.05.2026 + 1: Whit Monday 25.05 is closed.
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 5, 22), 1), D(2026, 5, 26));
  // Wednesday 23.12.2026 + 2: 24.12 (Thursday) is a working day by default; 25.12 and the
  // weekend are not.
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 12, 23), 2), D(2026, 12, 28));
  EXPECT_EQ(cal.AddWorkingDays(D(2027, 1, 4), -1), D(2026, 12, 31));
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
