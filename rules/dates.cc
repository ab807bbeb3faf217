#include "rules/dates.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace fristvakt {
namespace {

std::optional<Date> MakeDate(int y, int m, int d) {
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 9999) return std::nullopt;
  return Date(ymd);
}

}  // namespace

namespace {

// The number written by exactly `count` digits at `pos`, or -1.
int Digits(std::string_view s, size_t pos, size_t count) {
  if (pos + count > s.size() || count == 0) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

}  // namespace

// Read by hand rather than by std::regex: dates are parsed for every measure at every
// evaluation and for every message rendered, and a regex costs microseconds each time.
std::optional<Date> ParseDate(std::string_view s) {
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {  // 2026-03-16
    int y = Digits(s, 0, 4), m = Digits(s, 5, 2), d = Digits(s, 8, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    return MakeDate(y, m, d);
  }
  // 16.03.2026 or 1.3.2026
  const size_t first = s.find('.');
  if (first == std::string_view::npos || first == 0 || first > 2) return std::nullopt;
  const size_t second = s.find('.', first + 1);
  if (second == std::string_view::npos || second - first - 1 == 0 || second - first - 1 > 2 ||
      s.size() - second - 1 != 4) {
    return std::nullopt;
  }
  int d = Digits(s, 0, first), m = Digits(s, first + 1, second - first - 1);
  int y = Digits(s, second + 1, 4);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return MakeDate(y, m, d);
}

std::optional<Timestamp> ParseTimestamp(std::string_view text, const date::time_zone* zone) {
  if (auto d = ParseDate(text)) return LocalMoment(*d, std::chrono::minutes(0), zone);
  // DATE[ T]HH:MM[:SS][Z|+HH:MM|+HHMM]
  const size_t split = text.find_first_of(" T");
  if (split == std::string_view::npos) return std::nullopt;
  auto day = ParseDate(text.substr(0, split));
  std::string_view rest = text.substr(split + 1);
  if (!day || rest.size() < 5 || rest[2] != ':') return std::nullopt;
  const int hour = Digits(rest, 0, 2), minute = Digits(rest, 3, 2);
  int second = 0;
  rest.remove_prefix(5);
  if (!rest.empty() && rest[0] == ':') {
    second = Digits(rest, 1, 2);
    rest.remove_prefix(std::min<size_t>(3, rest.size()));
  }
  if (hour < 0 || minute < 0 || second < 0 || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  auto time_of_day =
      std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);
  if (rest.empty()) {
    auto local = date::local_seconds(day->time_since_epoch()) + time_of_day;
    return std::chrono::time_point_cast<std::chrono::seconds>(
        zone->to_sys(local, date::choose::earliest));
  }
  std::chrono::seconds shift(0);
  if (rest != "Z") {
    if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
    const int sign = rest[0] == '-' ? -1 : 1;
    int oh = -1, om = -1;
    if (rest.size() == 6 && rest[3] == ':') {
      oh = Digits(rest, 1, 2), om = Digits(rest, 4, 2);
    } else if (rest.size() == 5) {
      oh = Digits(rest, 1, 2), om = Digits(rest, 3, 2);
    }
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return std::nullopt;
    shift = sign * (std::chrono::hours(oh) + std::chrono::minutes(om));
  }
  return Timestamp(day->time_since_epoch()) + time_of_day - shift;
}

std::string FormatIsoDate(Date d) {
  const date::year_month_day ymd(d);
  const int year = static_cast<int>(ymd.year());
  if (year >= 0 && year <= 9999) {
    // Every series key has one: written by hand, as snprintf took a tenth of an evaluation.
    const unsigned month = static_cast<unsigned>(ymd.month());
    const unsigned day = static_cast<unsigned>(ymd.day());
    const char text[10] = {static_cast<char>('0' + year / 1000),
                           static_cast<char>('0' + year / 100 % 10),
                           static_cast<char>('0' + year / 10 % 10),
                           static_cast<char>('0' + year % 10),
                           '-',
                           static_cast<char>('0' + month / 10),
                           static_cast<char>('0' + month % 10),
                           '-',
                           static_cast<char>('0' + day / 10),
                           static_cast<char>('0' + day % 10)};
    return std::string(text, sizeof text);
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string FormatNorwegianDate(Date d) {
  const date::year_month_day ymd(d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

std::string NorwegianDateText(std::string_view text) {
  auto d = ParseDate(text);
  return d ? FormatNorwegianDate(*d) : std::string(text);
}

std::string FormatIsoTimestamp(Timestamp t, const date::time_zone* zone) {
  // Every webhook carries one: the date as FormatIsoDate writes it and the time by hand, as
  // date::format (a stream each time) took a tenth of rendering a notice.
  const date::sys_info info = zone->get_info(t);
  const Timestamp local = t + info.offset;  // the local clock's reading, counted as if UTC
  const Date day = date::floor<date::days>(local);
  const date::hh_mm_ss<std::chrono::seconds> time(local - day);
  const auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  char buf[24];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d%c%02d:%02d",
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), offset_minutes < 0 ? '-' : '+',
                static_cast<int>(std::abs(offset_minutes) / 60),
                static_cast<int>(std::abs(offset_minutes) % 60));
  return FormatIsoDate(day) + buf;
}

std::string FormatNorwegianTimestamp(Timestamp t, const date::time_zone* zone) {
  return date::format("%d.%m.%Y %H:%M", zone->to_local(t));
}

namespace {

// A zone's lookup searches its transitions each time, and a first start or a reload of a large
// plan asks for millions of moments, nearly all inside the few periods between two changes of
// the clocks that its deadlines span (bench/RESULTS.md, 2026-12-05, eighth session). Each thread
// remembers the last eight periods it asked for: four years of summer and winter time.
struct Period {
  const date::time_zone* zone = nullptr;
  Timestamp begin, end;  // on the UTC time line, end excluded
  std::chrono::seconds offset{0};
  // The local times that only this period can mean: its own, less two days at either end. Any
  // two offsets of a zone differ by less than that (the widest in the time zone data is about
  // 31 hours apart), so no other period can mean them and no skipped or repeated hour is among
  // them. Within the years 1800-2400 only, so that the open ends of a zone's first and last
  // periods (far-off years in this library, possibly the clock's limits in another) take no
  // arithmetic that could overflow.
  date::local_seconds local_begin, local_end;
};

struct Periods {
  std::array<Period, 8> slots;
  size_t next = 0;

  const Period& Add(const date::time_zone* zone, const date::sys_info& info) {
    constexpr auto kMargin = date::days(2);
    static const Timestamp kLow = Date(date::year{1800} / 1 / 1);
    static const Timestamp kHigh = Date(date::year{2400} / 1 / 1);
    const Timestamp begin = std::clamp(Timestamp(info.begin), kLow, kHigh);
    const Timestamp end = std::clamp(Timestamp(info.end), kLow, kHigh);
    Period& p = slots[next];
    next = (next + 1) % slots.size();
    p = {zone,
         info.begin,
         info.end,
         info.offset,
         date::local_seconds(begin.time_since_epoch()) + info.offset + kMargin,
         date::local_seconds(end.time_since_epoch()) + info.offset - kMargin};
    return p;
  }
};

thread_local Periods periods;

const Period& PeriodAt(Timestamp t, const date::time_zone* zone) {
  for (const Period& p : periods.slots) {
    if (p.zone == zone && t >= p.begin && t < p.end) return p;
  }
  return periods.Add(zone, zone->get_info(t));
}

}  // namespace

Date LocalDate(Timestamp t, const date::time_zone* zone) {
  const Period& p = PeriodAt(t, zone);
  return Date(date::floor<date::days>(t + p.offset).time_since_epoch());
}

Timestamp LocalMoment(Date d, std::chrono::minutes time_of_day, const date::time_zone* zone) {
  const auto local = date::local_seconds(d.time_since_epoch()) + time_of_day;
  for (const Period& p : periods.slots) {
    if (p.zone == zone && local >= p.local_begin && local < p.local_end) {
      return Timestamp((local - p.offset).time_since_epoch());
    }
  }
  // Outside what is remembered, and in the hours around a change of the clocks: the zone; the
  // period of its answer is remembered for the next.
  const Timestamp t = std::chrono::time_point_cast<std::chrono::seconds>(
      zone->to_sys(local, date::choose::earliest));
  PeriodAt(t, zone);
  return t;
}

}  // namespace fristvakt
