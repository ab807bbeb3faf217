#include "rules/cron.h"

#include <array>
#include <cctype>
#include <charconv>
#include <span>
#include <vector>

namespace fristvakt {
namespace {

using std::chrono::minutes;

constexpr std::array<std::string_view, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kDayNames = {"sun", "mon", "tue", "wed",
                                                       "thu", "fri", "sat"};

struct FieldSpec {
  std::string_view name;
  int min;
  int max;
  std::span<const std::string_view> names;  // for min, min + 1, ...; empty if numbers only
  std::string_view name_kind;
};

constexpr std::array<FieldSpec, 5> kFields = {{
    {"minute", 0, 59, {}, ""},
    {"hour", 0, 23, {}, ""},
    {"day-of-month", 1, 31, {}, ""},
    {"month", 1, 12, kMonthNames, "month name"},
    {"day-of-week", 0, 7, kDayNames, "day name"},
}};

using FieldBits = std::bitset<64>;

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// One endpoint of a range: a number in the field's range, or a name where the field has them.
bool ParseValue(std::string_view token, const FieldSpec& spec, int* value, std::string* error) {
  if (token.empty()) {
    *error = "a value is missing";
    return false;
  }
  if (IsDigits(token)) {
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), *value);
    if (ec != std::errc() || *value < spec.min || *value > spec.max) {
      *error = std::string(token) + " is out of range " + std::to_string(spec.min) + "-" +
               std::to_string(spec.max);
      return false;
    }
    return true;
  }
  for (size_t i = 0; i < spec.names.size(); ++i) {
    if (EqualsIgnoringCase(token, spec.names[i])) {
      *value = spec.min + static_cast<int>(i);
      return true;
    }
  }
  *error = Quoted(token) + " is not a number";
  if (!spec.name_kind.empty()) *error += " or a " + std::string(spec.name_kind);
  return false;
}

bool ParseStep(std::string_view token, int* step, std::string* error) {
  if (!IsDigits(token)) {
    *error = "step " + Quoted(token) + " is not a number";
    return false;
  }
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), *step);
  if (ec != std::errc()) {
    *error = "step " + std::string(token) + " is too large";
    return false;
  }
  if (*step == 0) {
    *error = "step 0 is not allowed";
    return false;
  }
  return true;
}

// One list element: "*", "a", "a-b", each optionally followed by "/step".
bool ParseElement(std::string_view element, const FieldSpec& spec, FieldBits* bits,
                  std::string* error) {
  size_t slash = element.find('/');
  std::string_view base = element.substr(0, slash);
  int step = 1;
  if (slash != std::string_view::npos && !ParseStep(element.substr(slash + 1), &step, error)) {
    return false;
  }
  int first = spec.min;
  int last = spec.max;
  if (base != "*") {
    size_t dash = base.find('-');
    if (!ParseValue(base.substr(0, dash), spec, &first, error)) return false;
    if (dash != std::string_view::npos) {
      if (!ParseValue(base.substr(dash + 1), spec, &last, error)) return false;
      if (first > last) {
        *error = "range " + std::string(base) + " is reversed";
        return false;
      }
    } else if (slash == std::string_view::npos) {
      last = first;  // "a/n" alone runs to the field's maximum
    }
  }
  for (int v = first;; v += step) {
    bits->set(static_cast<size_t>(v));
    if (last - v < step) break;  // also keeps a huge step from overflowing
  }
  return true;
}

bool ParseField(std::string_view text, const FieldSpec& spec, FieldBits* bits, std::string* error) {
  while (true) {
    size_t comma = text.find(',');
    std::string_view element = text.substr(0, comma);
    if (element.empty()) {
      *error = "empty list element";
      return false;
    }
    if (!ParseElement(element, spec, bits, error)) return false;
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

std::vector<std::string_view> SplitOnWhitespace(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    words.push_back(text.substr(start, i - start));
  }
  return words;
}

}  // namespace

std::optional<CronExpression> CronExpression::Parse(std::string_view text, std::string* error) {
  std::vector<std::string_view> fields = SplitOnWhitespace(text);
  if (fields.size() != kFields.size()) {
    *error = "expected 5 fields (minute hour day-of-month month day-of-week), found " +
             std::to_string(fields.size());
    return std::nullopt;
  }
  std::array<FieldBits, 5> bits;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string why;
    if (!ParseField(fields[i], kFields[i], &bits[i], &why)) {
      *error = "field " + std::to_string(i + 1) + " (" + std::string(kFields[i].name) + "): " + why;
      return std::nullopt;
    }
  }
  if (bits[4][7]) bits[4].set(0);  // 7 is another name for Sunday
  CronExpression cron;
  cron.text_ = std::string(text);
  cron.minutes_ = std::bitset<60>(bits[0].to_ullong());
  cron.hours_ = std::bitset<24>(bits[1].to_ullong());
  cron.days_of_month_ = std::bitset<32>(bits[2].to_ullong());
  cron.months_ = std::bitset<13>(bits[3].to_ullong());
  cron.days_of_week_ = std::bitset<8>(bits[4].to_ullong()).reset(7);
  cron.day_of_month_star_ = fields[2].front() == '*';
  cron.day_of_week_star_ = fields[4].front() == '*';
  return cron;
}

bool CronExpression::DayMatches(const date::year_month_day& ymd) const {
  bool dom = days_of_month_[static_cast<unsigned>(ymd.day())];
  bool dow = days_of_week_[date::weekday(date::sys_days(ymd)).c_encoding()];
  // Vixie cron: two restricted day fields widen the schedule rather than narrow it.
  if (day_of_month_star_ || day_of_week_star_) return dom && dow;
  return dom || dow;
}

std::optional<minutes> CronExpression::FirstTimeFrom(minutes from) const {
  for (int h = static_cast<int>(from.count() / 60); h < 24; ++h) {
    if (!hours_[h]) continue;
    int first_minute = h == from.count() / 60 ? static_cast<int>(from.count() % 60) : 0;
    for (int m = first_minute; m < 60; ++m) {
      if (minutes_[m]) return minutes(h * 60 + m);
    }
  }
  return std::nullopt;
}

bool CronExpression::Matches(date::local_seconds t) const {
  auto day = date::floor<date::days>(t);
  date::year_month_day ymd(day);
  auto minute_of_day = date::floor<minutes>(t - day).count();
  return months_[static_cast<unsigned>(ymd.month())] && DayMatches(ymd) &&
         hours_[minute_of_day / 60] && minutes_[minute_of_day % 60];
}

std::optional<date::local_seconds> CronExpression::NextAfter(date::local_seconds after) const {
  auto start = date::floor<minutes>(after) + minutes(1);
  auto day = date::floor<date::days>(start);
  minutes from = date::floor<minutes>(start - day);
  date::year_month_day limit_date = date::year_month_day(day) + date::years(5);
  if (!limit_date.ok()) limit_date = limit_date.year() / limit_date.month() / date::last;
  auto limit = date::local_days(limit_date) + from;
  // Whole months and days are skipped at a time, so even a leap-day schedule costs at most a
  // few thousand cheap steps.
  while (day <= limit) {
    date::year_month_day ymd(day);
    if (!months_[static_cast<unsigned>(ymd.month())]) {
      day = date::local_days(ymd.year() / ymd.month() / 1 + date::months(1));
      from = minutes(0);
      continue;
    }
    if (DayMatches(ymd)) {
      if (auto time = FirstTimeFrom(from)) {
        if (day + *time > limit) return std::nullopt;
        return day + *time;
      }
    }
    day += date::days(1);
    from = minutes(0);
  }
  return std::nullopt;
}

std::optional<Timestamp> NextFire(const CronExpression& cron, Timestamp after,
                                  const date::time_zone* zone) {
  if (zone == nullptr) return std::nullopt;
  auto candidate = cron.NextAfter(zone->to_local(after));
  while (candidate) {
    date::local_info info = zone->get_info(*candidate);
    Timestamp moment;
    if (info.result == date::local_info::nonexistent) {
      moment = info.second.begin;  // the clocks jumped over this minute
    } else {
      // For a repeated minute, `first` is the offset in force before the clocks went back.
      moment = Timestamp(candidate->time_since_epoch() - info.first.offset);
    }
    // Inside the repeat of a repeated hour, the earlier copy of a minute has already passed.
    if (moment > after) return moment;
    candidate = cron.NextAfter(*candidate);
  }
  return std::nullopt;
}

}  // namespace fristvakt
