#include "rules/dates.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

using date::days;

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

TEST(DatesTest, ParsesNorwegianAndIsoDates) {
  Date expected = date::sys_days(date::year{2026} / 3 / 16);
  EXPECT_EQ(ParseDate("16.03.2026"), expected);
  EXPECT_EQ(ParseDate("16.3.2026"), expected);
  EXPECT_EQ(ParseDate("2026-03-16"), expected);
}

TEST(DatesTest, RejectsImpossibleDates) {
  EXPECT_FALSE(ParseDate("31.02.2027"));
  EXPECT_FALSE(ParseDate("29.02.2027"));
  EXPECT_TRUE(ParseDate("29.02.2028"));
  EXPECT_FALSE(ParseDate("2026-13-01"));
  EXPECT_FALSE(ParseDate("16/03/2026"));
  EXPECT_FALSE(ParseDate("16.03.26"));
  EXPECT_FALSE(ParseDate(""));
}

TEST(DatesTest, RejectsMalformedDatesAndMoments) {
  for (const char* text : {"2026-3-16", "2026-03-16x", "116.03.2026", "16..2026", ".03.2026",
                           "16.03.2026.", "+6.03.2026", "2026-03-1 "}) {
    EXPECT_FALSE(ParseDate(text)) << text;
  }
  for (const char* text :
       {"2026-03-16T24:00", "2026-03-16T08:60", "2026-03-16T08:00:61", "2026-03-16T8:00",
        "2026-03-16T08:00+1", "2026-03-16T08:00+01:0", "2026-03-16T08:00:00+01:00x",
        "2026-03-16T08:00Y", "2026-03-16T", "T08:00", "2026-03-16T08:00:"}) {
    EXPECT_FALSE(ParseTimestamp(text, Oslo())) << text;
  }
  EXPECT_EQ(ParseTimestamp("2026-03-16T08:00+0100", Oslo()),
            ParseTimestamp("2026-03-16T07:00:00Z", Oslo()));
  EXPECT_EQ(ParseTimestamp("16.03.2026 08:00:30", Oslo()),
            ParseTimestamp("2026-03-16T07:00:30Z", Oslo()));
}

TEST(DatesTest, FormatsDatesBothWays) {
  Date d = date::sys_days(date::year{2026} / 3 / 2);
  EXPECT_EQ(FormatNorwegianDate(d), "02.03.2026");
  EXPECT_EQ(FormatIsoDate(d), "2026-03-02");
  EXPECT_EQ(FormatIsoDate(date::sys_days(date::year{987} / 12 / 31)), "0987-12-31");
  EXPECT_EQ(FormatIsoDate(date::sys_days(date::year{10000} / 1 / 9)), "10000-01-09");
}

TEST(DatesTest, TimestampCarriesTheOffsetOfItsSeason) {
  auto winter = ParseTimestamp("2026-03-02T08:00:03+01:00", Oslo());
  ASSERT_TRUE(winter);
  EXPECT_EQ(FormatIsoTimestamp(*winter, Oslo()), "2026-03-02T08:00:03+01:00");
  auto summer = ParseTimestamp("15.06.2026 08:00", Oslo());
  ASSERT_TRUE(summer);
  EXPECT_EQ(FormatIsoTimestamp(*summer, Oslo()), "2026-06-15T08:00:00+02:00");
  auto utc = ParseTimestamp("2026-06-15T06:00:00Z", Oslo());
  EXPECT_EQ(utc, summer);
}

TEST(DatesTest, TimestampIsWhatTheZoneAndDateFormatSay) {
  // Written by hand since 2026-12-06: the same text as date::format gives, with the offset,
  // across two centuries in zones west and east of Greenwich, with half and three-quarter hours.
  for (const char* name : {"Europe/Oslo", "UTC", "America/St_Johns", "Asia/Kathmandu",
                           "Pacific/Apia", "America/Los_Angeles"}) {
    const date::time_zone* zone = date::locate_zone(name);
    const Timestamp end = date::sys_days(date::year{2101} / 1 / 1);
    // A step of 61 h 13 min 17 s falls on every hour and on most minutes and seconds of the day.
    for (Timestamp t = date::sys_days(date::year{1901} / 1 / 1); t < end;
         t += std::chrono::seconds(61 * 3600 + 13 * 60 + 17)) {
      const date::sys_info info = zone->get_info(t);
      const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
      char offset[8];
      std::snprintf(offset, sizeof offset, "%c%02d:%02d", minutes < 0 ? '-' : '+',
                    static_cast<int>(std::abs(minutes) / 60),
                    static_cast<int>(std::abs(minutes) % 60));
      const std::string expected =
          date::format("%FT%T", date::local_seconds((t + info.offset).time_since_epoch())) + offset;
      ASSERT_EQ(FormatIsoTimestamp(t, zone), expected) << name;
    }
  }
}

TEST(DatesTest, DateAloneMeansLocalMidnight) {
  auto t = ParseTimestamp("02.03.2026", Oslo());
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIsoTimestamp(*t, Oslo()), "2026-03-02T00:00:00+01:00");
  EXPECT_EQ(LocalDate(*t, Oslo()), date::sys_days(date::year{2026} / 3 / 2));
}

TEST(DatesTest, LocalMomentInSkippedHourIsTheJump) {
  // 29.03.2026: clocks go from 02:00 to 03:00 in Oslo.
  Date d = date::sys_days(date::year{2026} / 3 / 29);
  Timestamp t = LocalMoment(d, std::chrono::minutes(2 * 60 + 30), Oslo());
  EXPECT_EQ(FormatIsoTimestamp(t, Oslo()), "2026-03-29T03:00:00+02:00");
}

TEST(DatesTest, LocalMomentInRepeatedHourIsTheEarlier) {
  // 25.10.2026: 02:00-03:00 happens twice in Oslo.
  Date d = date::sys_days(date::year{2026} / 10 / 25);
  Timestamp t = LocalMoment(d, std::chrono::minutes(2 * 60 + 30), Oslo());
  EXPECT_EQ(FormatIsoTimestamp(t, Oslo()), "2026-10-25T02:30:00+02:00");
}

// The first difference between LocalMoment or LocalDate and what `zone` itself says, stepping by
// `step` from `from` for `count` steps (backwards from the last one if not `forwards`), or
// nothing. Each call runs on a thread of its own, which starts with nothing remembered.
std::string DifferenceFromTheZone(const std::vector<const date::time_zone*>& zones, Date from,
                                  std::chrono::minutes step, int count, bool forwards) {
  std::string difference;
  std::thread([&] {
    for (int i = 0; i < count && difference.empty(); ++i) {
      const auto since = step * (forwards ? i : count - 1 - i);
      const Date d = from + date::floor<days>(since);
      const auto minutes = since - date::floor<days>(since);
      for (const date::time_zone* zone : zones) {
        const Timestamp expected = std::chrono::time_point_cast<std::chrono::seconds>(zone->to_sys(
            date::local_seconds(d.time_since_epoch()) + minutes, date::choose::earliest));
        const Timestamp t = Timestamp((d + minutes).time_since_epoch());
        if (LocalMoment(d, minutes, zone) != expected) {
          difference = zone->name() + ": LocalMoment " + FormatIsoDate(d) + " +" +
                       std::to_string(minutes.count()) + " min";
        } else if (LocalDate(t, zone) !=
                   Date(date::floor<days>(zone->to_local(t)).time_since_epoch())) {
          difference = zone->name() + ": LocalDate " + FormatIsoTimestamp(t, zone);
        }
      }
    }
  }).join();
  return difference;
}

// LocalMoment and LocalDate remember the periods between two changes of the clocks that they
// were last asked about, per thread; what they give must be what the zone itself says: at every
// quarter of an hour of 2011 and 2026, forwards and backwards (so that a repeated hour is asked
// for with either of its periods remembered), in zones with an hour, half an hour and a whole
// day (Samoa, end of 2011) skipped; hour by hour over twelve years (more periods than are
// remembered); with two zones asked in turn; and at the ends of the dates a plan can hold.
TEST(DatesTest, LocalMomentAndDateAreTheZonesOwnEverywhere) {
  auto zone = [](const char* name) { return date::locate_zone(name); };
  for (const char* name : {"Europe/Oslo", "Pacific/Apia", "Australia/Lord_Howe", "UTC"}) {
    for (int year : {2011, 2026}) {
      for (bool forwards : {true, false}) {
        EXPECT_EQ(DifferenceFromTheZone({zone(name)}, date::sys_days(date::year{year} / 1 / 1),
                                        std::chrono::minutes(15), 366 * 96, forwards),
                  "")
            << name << " " << year << (forwards ? ", forwards" : ", backwards");
      }
    }
  }
  for (bool forwards : {true, false}) {
    EXPECT_EQ(DifferenceFromTheZone({zone("Europe/Oslo")}, date::sys_days(date::year{2020} / 1 / 1),
                                    std::chrono::hours(1), 12 * 366 * 24, forwards),
              "");
    EXPECT_EQ(DifferenceFromTheZone({zone("Europe/Oslo"), zone("Pacific/Apia")},
                                    date::sys_days(date::year{2011} / 1 / 1),
                                    std::chrono::minutes(30), 2 * 366 * 48, forwards),
              "");
  }
  for (Date d : {date::sys_days(date::year{1900} / 1 / 1), date::sys_days(date::year{2100} / 6 / 1),
                 date::sys_days(date::year{9999} / 12 / 30)}) {
    EXPECT_EQ(DifferenceFromTheZone({zone("Europe/Oslo"), zone("Pacific/Apia")}, d,
                                    std::chrono::minutes(30), 48, true),
              "")
        << FormatIsoDate(d);
  }
}

}  // namespace
}  // namespace fristvakt
