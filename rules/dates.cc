#include "rules/dates.h"

#include <cstdio>
#include <regex>

namespace fristvakt {
namespace {

std::optional<Date> MakeDate(int y, int m, int d) {
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 9999) return std::nullopt;
  return Date(ymd);
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  static const std::regex kNorwegian(R"((\d{1,2})\.(\d{1,2})\.(\d{4}))");
  static const std::regex kIso(R"((\d{4})-(\d{2})-(\d{2}))");
  std::string s(text);
  std::smatch m;
  if (std::regex_match(s, m, kNorwegian)) {
    return MakeDate(std::stoi(m[3]), std::stoi(m[2]), std::stoi(m[1]));
  }
  if (std::regex_match(s, m, kIso)) {
    return MakeDate(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
  }
  return std::nullopt;
}

std::optional<Timestamp> ParseTimestamp(std::string_view text, const date::time_zone* zone) {
  if (auto d = ParseDate(text)) return LocalMoment(*d, std::chrono::minutes(0), zone);
  static const std::regex kLocal(
      R"((\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)");
  std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, kLocal)) return std::nullopt;
  auto day = ParseDate(m[1].str());
  int hour = std::stoi(m[2]);
  int minute = std::stoi(m[3]);
  int second = m[4].matched ? std::stoi(m[4]) : 0;
  if (!day || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  auto time_of_day =
      std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);
  if (!m[5].matched) {
    auto local = date::local_seconds(day->time_since_epoch()) + time_of_day;
    return std::chrono::time_point_cast<std::chrono::seconds>(
        zone->to_sys(local, date::choose::earliest));
  }
  std::string offset = m[5].str();
  std::chrono::seconds shift(0);
  if (offset != "Z") {
    int sign = offset[0] == '-' ? -1 : 1;
    std::string digits;
    for (char c : offset.substr(1)) {
      if (c != ':') digits.push_back(c);
    }
    int oh = std::stoi(digits.substr(0, 2));
    int om = std::stoi(digits.substr(2, 2));
    if (oh > 23 || om > 59) return std::nullopt;
    shift = sign * (std::chrono::hours(oh) + std::chrono::minutes(om));
  }
  return Timestamp(day->time_since_epoch()) + time_of_day - shift;
}

std::string FormatIsoDate(Date d) { return date::format("%F", d); }

std::string FormatNorwegianDate(Date d) { return date::format("%d.%m.%Y", d); }

std::string FormatIsoTimestamp(Timestamp t, const date::time_zone* zone) {
  auto info = zone->get_info(t);
  auto local = date::local_seconds((t + info.offset).time_since_epoch());
  std::string out = date::format("%FT%T", local);
  auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+',
                static_cast<int>(std::abs(offset_minutes) / 60),
                static_cast<int>(std::abs(offset_minutes) % 60));
  return out + buf;
}

std::string FormatNorwegianTimestamp(Timestamp t, const date::time_zone* zone) {
  return date::format("%d.%m.%Y %H:%M", zone->to_local(t));
}

Date LocalDate(Timestamp t, const date::time_zone* zone) {
  return Date(date::floor<date::days>(zone->to_local(t)).time_since_epoch());
}

Timestamp LocalMoment(Date d, std::chrono::minutes time_of_day, const date::time_zone* zone) {
  auto local = date::local_seconds(d.time_since_epoch()) + time_of_day;
  return std::chrono::time_point_cast<std::chrono::seconds>(
      zone->to_sys(local, date::choose::earliest));
}

}  // namespace fristvakt
