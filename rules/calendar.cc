#include "rules/calendar.h"

#include <algorithm>

namespace fristvakt {
namespace {

// Far enough to cross any run of closed days, short enough to stop on a calendar that has no
// working days at all.
constexpr int kSearchLimit = 366 * 2;

int WeekdayIndex(Date d) { return static_cast<int>(date::weekday(d).c_encoding()); }

}  // namespace

std::string WeekdayName(Date d, Language lang) {
  switch (WeekdayIndex(d)) {
    case 0:
      return Tr(lang, "søndag", "Sunday");
    case 1:
      return Tr(lang, "mandag", "Monday");
    case 2:
      return Tr(lang, "tirsdag", "Tuesday");
    case 3:
      return Tr(lang, "onsdag", "Wednesday");
    case 4:
      return Tr(lang, "torsdag", "Thursday");
    case 5:
      return Tr(lang, "fredag", "Friday");
    default:
      return Tr(lang, "lørdag", "Saturday");
  }
}

Date EasterSunday(int year) {
  int a = year % 19;
  int b = year / 100;
  int c = year % 100;
  int d = b / 4;
  int e = b % 4;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4;
  int k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date(date::year{year} / month / day);
}

namespace {

// The holiday's name, or nullptr: asked for every day a series steps over, so nothing allocated.
const char* HolidayName(Date d) {
  date::year_month_day ymd(d);
  unsigned month = static_cast<unsigned>(ymd.month());
  unsigned day = static_cast<unsigned>(ymd.day());
  if (month == 1 && day == 1) return "1. nyttårsdag";
  if (month == 5 && day == 1) return "1. mai";
  if (month == 5 && day == 17) return "17. mai";
  if (month == 12 && day == 25) return "1. juledag";
  if (month == 12 && day == 26) return "2. juledag";
  // The moving ones fall from 19 March (Maundy Thursday) to 14 June (Whit Monday).
  if (month < 3 || month > 6) return nullptr;
  Date easter = EasterSunday(static_cast<int>(ymd.year()));
  int offset = static_cast<int>((d - easter).count());
  switch (offset) {
    case -3:
      return "skjærtorsdag";
    case -2:
      return "langfredag";
    case 0:
      return "1. påskedag";
    case 1:
      return "2. påskedag";
    case 39:
      return "Kristi himmelfartsdag";
    case 49:
      return "1. pinsedag";
    case 50:
      return "2. pinsedag";
    default:
      return nullptr;
  }
}

// Whether `d` is a Norwegian public holiday. Asked of every day a series steps over, for every
// measure: the years 1900 to 2199 are looked up in a table built once.
bool IsNorwegianHoliday(Date d) {
  static const Date kFirst = Date(date::year{1900} / 1 / 1);
  static const Date kEnd = Date(date::year{2200} / 1 / 1);
  static const std::vector<bool> kTable = [] {
    std::vector<bool> table(static_cast<size_t>((kEnd - kFirst).count()));
    for (Date day = kFirst; day < kEnd; day += date::days(1)) {
      table[static_cast<size_t>((day - kFirst).count())] = HolidayName(day) != nullptr;
    }
    return table;
  }();
  if (d < kFirst || d >= kEnd) return HolidayName(d) != nullptr;
  return kTable[static_cast<size_t>((d - kFirst).count())];
}

}  // namespace

std::optional<std::string> NorwegianHoliday(Date d) {
  const char* name = HolidayName(d);
  return name ? std::optional<std::string>(name) : std::nullopt;
}

bool Calendar::IsWorkingDay(Date d) const {
  if (!config_.workdays[WeekdayIndex(d)]) return false;
  if (std::find(config_.closed.begin(), config_.closed.end(), d) != config_.closed.end()) {
    return false;
  }
  return !(config_.norwegian_holidays && IsNorwegianHoliday(d));
}

std::optional<std::string> Calendar::WhyClosed(Date d, Language lang) const {
  if (config_.norwegian_holidays) {
    // The holidays' Norwegian names, in English too; nynorsk writes them the same way.
    if (auto name = NorwegianHoliday(d)) {
      if (lang == Language::kNn) {
        if (const char* nn = Nynorsk(*name)) return nn;
      }
      return *name;
    }
  }
  if (std::find(config_.closed.begin(), config_.closed.end(), d) != config_.closed.end()) {
    return Tr(lang, "stengt dag", "closed day");
  }
  if (!config_.workdays[WeekdayIndex(d)]) {
    return WeekdayName(d, lang);
  }
  return std::nullopt;
}

Date Calendar::AddWorkingDays(Date d, int n) const {
  int step = n < 0 ? -1 : 1;
  int remaining = n < 0 ? -n : n;
  int searched = 0;
  while (remaining > 0 && searched < kSearchLimit + remaining * 7) {
    d += date::days(step);
    ++searched;
    if (IsWorkingDay(d)) --remaining;
  }
  return d;
}

Date Calendar::Add(Date d, const Duration& by, int sign) const {
  if (by.unit == Duration::Unit::kWorkingDays) return AddWorkingDays(d, sign * by.count);
  return d + date::days(sign * by.CalendarDays());
}

Date Calendar::NextWorkingDay(Date d) const {
  for (int i = 0; i < kSearchLimit && !IsWorkingDay(d); ++i) d += date::days(1);
  return d;
}

Date Calendar::PreviousWorkingDay(Date d) const {
  for (int i = 0; i < kSearchLimit && !IsWorkingDay(d); ++i) d -= date::days(1);
  return d;
}

}  // namespace fristvakt
