#include "rules/cron.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

CronExpression MustParse(std::string_view text) {
  std::string error;
  auto cron = CronExpression::Parse(text, &error);
  EXPECT_TRUE(cron) << text << ": " << error;
  return cron ? *cron : *CronExpression::Parse("* * * * *", &error);
}

// The parse error, or "ok"; keeps the expected messages readable side by side.
std::string ParseError(std::string_view text) {
  std::string error;
  return CronExpression::Parse(text, &error) ? "ok" : error;
}

date::local_seconds Local(int y, int m, int d, int hour = 0, int minute = 0, int second = 0) {
  return date::local_days(date::year{y} / m / d) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second);
}

std::string NextAfter(std::string_view cron, date::local_seconds after) {
  auto next = MustParse(cron).NextAfter(after);
  return next ? date::format("%F %R", *next) : "none";
}

Timestamp Utc(const char* iso) { return *ParseTimestamp(iso, Oslo()); }

std::string NextFireUtc(std::string_view cron, const char* after) {
  auto next = NextFire(MustParse(cron), Utc(after), Oslo());
  return next ? date::format("%FT%TZ", *next) : "none";
}

TEST(CronTest, ParsesValidExpressions) {
  for (const char* text : {"* * * * *", "0 8 * * 1-5", "*/15 0-6,22-23 1,15 */3 *",
                           "5-55/10 12 1 * *", " 0\t8  * * MON ", "59 23 31 12 7"}) {
    EXPECT_EQ(ParseError(text), "ok") << text;
  }
  EXPECT_EQ(MustParse(" 0\t8  * * MON ").text(), " 0\t8  * * MON ");
}

TEST(CronTest, RejectsWrongFieldCount) {
  const char* expected = "expected 5 fields (minute hour day-of-month month day-of-week), found ";
  EXPECT_EQ(ParseError(""), std::string(expected) + "0");
  EXPECT_EQ(ParseError("* * * *"), std::string(expected) + "4");
  EXPECT_EQ(ParseError("0 * * * * *"), std::string(expected) + "6");
  EXPECT_EQ(ParseError("@daily"), std::string(expected) + "1");
}

TEST(CronTest, RejectsOutOfRangeValues) {
  EXPECT_EQ(ParseError("60 * * * *"), "field 1 (minute): 60 is out of range 0-59");
  EXPECT_EQ(ParseError("0 24 * * *"), "field 2 (hour): 24 is out of range 0-23");
  EXPECT_EQ(ParseError("0 0 0 * *"), "field 3 (day-of-month): 0 is out of range 1-31");
  EXPECT_EQ(ParseError("0 0 32 * *"), "field 3 (day-of-month): 32 is out of range 1-31");
  EXPECT_EQ(ParseError("0 0 * 13 *"), "field 4 (month): 13 is out of range 1-12");
  EXPECT_EQ(ParseError("0 0 * * 8"), "field 5 (day-of-week): 8 is out of range 0-7");
  EXPECT_EQ(ParseError("0 1-99999999999 * * *"),
            "field 2 (hour): 99999999999 is out of range 0-23");
}

TEST(CronTest, RejectsReversedRangesAndZeroSteps) {
  EXPECT_EQ(ParseError("0 0 5-1 * *"), "field 3 (day-of-month): range 5-1 is reversed");
  EXPECT_EQ(ParseError("0 0 * * fri-mon"), "field 5 (day-of-week): range fri-mon is reversed");
  EXPECT_EQ(ParseError("*/0 * * * *"), "field 1 (minute): step 0 is not allowed");
  EXPECT_EQ(ParseError("0 1-5/0 * * *"), "field 2 (hour): step 0 is not allowed");
  EXPECT_EQ(ParseError("*/x * * * *"), "field 1 (minute): step \"x\" is not a number");
  EXPECT_EQ(ParseError("*/ * * * *"), "field 1 (minute): step \"\" is not a number");
}

TEST(CronTest, RejectsGarbageAndEmptyElements) {
  EXPECT_EQ(ParseError("1,,2 * * * *"), "field 1 (minute): empty list element");
  EXPECT_EQ(ParseError("0 8, * * *"), "field 2 (hour): empty list element");
  EXPECT_EQ(ParseError("0 -5 * * *"), "field 2 (hour): a value is missing");
  EXPECT_EQ(ParseError("0 5- * * *"), "field 2 (hour): a value is missing");
  EXPECT_EQ(ParseError("x * * * *"), "field 1 (minute): \"x\" is not a number");
  EXPECT_EQ(ParseError("0 +8 * * *"), "field 2 (hour): \"+8\" is not a number");
  EXPECT_EQ(ParseError("** * * * *"), "field 1 (minute): \"**\" is not a number");
  EXPECT_EQ(ParseError("0 0 * * monday"),
            "field 5 (day-of-week): \"monday\" is not a number or a day name");
  EXPECT_EQ(ParseError("0 0 * foo *"), "field 4 (month): \"foo\" is not a number or a month name");
}

TEST(CronTest, NamesOnlyInMonthAndDayOfWeekFields) {
  EXPECT_EQ(ParseError("0 0 * JAN-Mar sun,SAT"), "ok");
  EXPECT_EQ(ParseError("0 0 * jan-6 mon-5"), "ok");
  EXPECT_EQ(ParseError("0 0 mon * *"), "field 3 (day-of-month): \"mon\" is not a number");
  EXPECT_EQ(ParseError("0 jan * * *"), "field 2 (hour): \"jan\" is not a number");
  EXPECT_EQ(ParseError("0 0 * mon *"), "field 4 (month): \"mon\" is not a number or a month name");
}

TEST(CronTest, ListsRangesAndStepsSelectTheirMinutes) {
  CronExpression cron = MustParse("0,15-17,*/20,10/25,33-45/6 * * * *");
  std::vector<int> matched;
  for (int m = 0; m < 60; ++m) {
    if (cron.Matches(Local(2026, 3, 2, 9, m))) matched.push_back(m);
  }
  EXPECT_EQ(matched, (std::vector<int>{0, 10, 15, 16, 17, 20, 33, 35, 39, 40, 45}));
}

TEST(CronTest, NamesMeanTheirMonthsAndDays) {
  CronExpression cron = MustParse("0 12 * mar-apr,DEC tue-thu");
  EXPECT_TRUE(cron.Matches(Local(2026, 3, 4, 12)));   // Wednesday in March
  EXPECT_TRUE(cron.Matches(Local(2026, 12, 3, 12)));  // Thursday in December
  EXPECT_FALSE(cron.Matches(Local(2026, 3, 6, 12)));  // Friday
  EXPECT_FALSE(cron.Matches(Local(2026, 5, 6, 12)));  // May
}

TEST(CronTest, MatchesIgnoresSeconds) {
  CronExpression cron = MustParse("30 8 * * *");
  EXPECT_TRUE(cron.Matches(Local(2026, 3, 2, 8, 30, 59)));
  EXPECT_FALSE(cron.Matches(Local(2026, 3, 2, 8, 31, 0)));
}

TEST(CronTest, SevenAndZeroAreBothSunday) {
  // 1 March 2026 is a Sunday.
  EXPECT_TRUE(MustParse("0 0 * * 7").Matches(Local(2026, 3, 1)));
  EXPECT_TRUE(MustParse("0 0 * * 0").Matches(Local(2026, 3, 1)));
  CronExpression weekend = MustParse("0 0 * * 5-7");
  EXPECT_TRUE(weekend.Matches(Local(2026, 2, 27)));
  EXPECT_TRUE(weekend.Matches(Local(2026, 3, 1)));
  EXPECT_FALSE(weekend.Matches(Local(2026, 3, 2)));
}

TEST(CronTest, BothDayFieldsRestrictedMeansEither) {
  CronExpression cron = MustParse("0 8 1-7 * 1");
  EXPECT_TRUE(cron.Matches(Local(2026, 3, 5, 8)));    // Thursday the 5th
  EXPECT_TRUE(cron.Matches(Local(2026, 3, 16, 8)));   // Monday the 16th
  EXPECT_FALSE(cron.Matches(Local(2026, 3, 17, 8)));  // Tuesday the 17th
  EXPECT_EQ(NextAfter("0 8 1-7 * 1", Local(2026, 3, 7, 8)), "2026-03-09 08:00");
}

TEST(CronTest, StarredDayFieldMeansBoth) {
  // Only a leading star counts: "*/2" restricts the days yet still asks for both to match.
  CronExpression odd_mondays = MustParse("0 8 */2 * 1");
  EXPECT_TRUE(odd_mondays.Matches(Local(2026, 3, 9, 8)));   // Monday the 9th
  EXPECT_FALSE(odd_mondays.Matches(Local(2026, 3, 2, 8)));  // Monday the 2nd
  EXPECT_FALSE(odd_mondays.Matches(Local(2026, 3, 3, 8)));  // Tuesday the 3rd
  CronExpression first_week_sundays = MustParse("0 8 1-7 * */7");
  EXPECT_TRUE(first_week_sundays.Matches(Local(2026, 3, 1, 8)));
  EXPECT_FALSE(first_week_sundays.Matches(Local(2026, 3, 2, 8)));
  EXPECT_FALSE(first_week_sundays.Matches(Local(2026, 3, 8, 8)));
  EXPECT_FALSE(MustParse("0 8 1-7 * *").Matches(Local(2026, 3, 9, 8)));
  EXPECT_TRUE(MustParse("0 8 * * 1").Matches(Local(2026, 3, 9, 8)));
}

TEST(CronTest, TuesdaysAtEightComeStrictlyAfter) {
  EXPECT_EQ(NextAfter("0 8 * * 2", Local(2026, 3, 2, 12)), "2026-03-03 08:00");
  EXPECT_EQ(NextAfter("0 8 * * 2", Local(2026, 3, 3, 7, 59, 30)), "2026-03-03 08:00");
  EXPECT_EQ(NextAfter("0 8 * * 2", Local(2026, 3, 3, 8)), "2026-03-10 08:00");
  EXPECT_EQ(NextAfter("0 8 * * 2", Local(2026, 3, 3, 8, 0, 30)), "2026-03-10 08:00");
  EXPECT_EQ(NextAfter("0 8 * * 2", Local(2026, 12, 30)), "2027-01-05 08:00");
}

TEST(CronTest, NextAfterRollsOverHoursDaysAndYears) {
  EXPECT_EQ(NextAfter("*/20 9-10 * * *", Local(2026, 3, 2, 9, 41)), "2026-03-02 10:00");
  EXPECT_EQ(NextAfter("*/20 9-10 * * *", Local(2026, 3, 2, 10, 40)), "2026-03-03 09:00");
  EXPECT_EQ(NextAfter("0 0 1 1 *", Local(2026, 1, 1)), "2027-01-01 00:00");
  EXPECT_EQ(NextAfter("59 23 31 12 *", Local(2026, 12, 31, 23, 58)), "2026-12-31 23:59");
}

TEST(CronTest, LeapDayIsFoundYearsAhead) {
  EXPECT_EQ(NextAfter("0 8 29 2 *", Local(2025, 3, 1)), "2028-02-29 08:00");
  // 2100 is no leap year, so the next one after 2096 is beyond the five-year horizon.
  EXPECT_EQ(NextAfter("0 8 29 2 *", Local(2096, 3, 1)), "none");
}

TEST(CronTest, ImpossibleDateNeverMatches) {
  EXPECT_EQ(NextAfter("0 0 31 2 *", Local(2026, 1, 1)), "none");
  EXPECT_EQ(NextAfter("0 0 30 2 *", Local(2026, 1, 1)), "none");
  EXPECT_EQ(NextAfter("0 0 31 4,6,9,11 *", Local(2026, 1, 1)), "none");
  // With a restricted weekday too, the OR rule makes it fire after all.
  EXPECT_EQ(NextAfter("0 0 31 2 1", Local(2026, 1, 1)), "2026-02-02 00:00");
}

TEST(CronTest, SkippedLocalTimeFiresAtTheJump) {
  // 29.03.2026: Oslo's clocks go from 02:00 to 03:00 (01:00Z).
  EXPECT_EQ(NextFireUtc("30 2 * * *", "2026-03-28T00:00:00Z"), "2026-03-28T01:30:00Z");
  EXPECT_EQ(NextFireUtc("30 2 * * *", "2026-03-28T12:00:00Z"), "2026-03-29T01:00:00Z");
  EXPECT_EQ(NextFireUtc("30 2 * * *", "2026-03-29T01:00:00Z"), "2026-03-30T00:30:00Z");
  EXPECT_EQ(NextFireUtc("* * * * *", "2026-03-29T00:59:00Z"), "2026-03-29T01:00:00Z");
  EXPECT_EQ(NextFireUtc("* * * * *", "2026-03-29T01:00:00Z"), "2026-03-29T01:01:00Z");
}

TEST(CronTest, RepeatedLocalTimeFiresOnceAtTheEarlier) {
  // 25.10.2026: Oslo's 02:00-03:00 happens first at +02:00, then again at +01:00.
  EXPECT_EQ(NextFireUtc("30 2 * * *", "2026-10-24T12:00:00Z"), "2026-10-25T00:30:00Z");
  EXPECT_EQ(NextFireUtc("30 2 * * *", "2026-10-25T00:30:00Z"), "2026-10-26T01:30:00Z");
  // From inside the second pass, the earlier 02:30 is already gone.
  EXPECT_EQ(NextFireUtc("30 2 * * *", "2026-10-25T01:00:00Z"), "2026-10-26T01:30:00Z");
  EXPECT_EQ(NextFireUtc("*/15 * * * *", "2026-10-25T00:50:00Z"), "2026-10-25T02:00:00Z");
}

TEST(CronTest, EightOClockFollowsTheSeason) {
  EXPECT_EQ(NextFireUtc("0 8 * * *", "2026-01-15T12:00:00Z"), "2026-01-16T07:00:00Z");
  EXPECT_EQ(NextFireUtc("0 8 * * *", "2026-03-28T12:00:00Z"), "2026-03-29T06:00:00Z");
  EXPECT_EQ(NextFireUtc("0 8 * * *", "2026-07-01T06:00:00Z"), "2026-07-02T06:00:00Z");
  EXPECT_EQ(NextFireUtc("0 8 * * *", "2026-10-24T12:00:00Z"), "2026-10-25T07:00:00Z");
}

TEST(CronTest, NextFireWithoutZoneIsNothing) {
  EXPECT_FALSE(NextFire(MustParse("* * * * *"), Utc("2026-01-01T00:00:00Z"), nullptr));
}

}  // namespace
}  // namespace fristvakt
