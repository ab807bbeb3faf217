#ifndef FRISTVAKT_RULES_DATES_H_
#define FRISTVAKT_RULES_DATES_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

// Dates and moments. A deadline is a local calendar date (docs/rules.md, "Time"); a moment is a
// point on the UTC time line, shown in the configured time zone.
namespace fristvakt {

using Date = date::sys_days;
using Timestamp = std::chrono::sys_seconds;

// "dd.mm.yyyy", "d.m.yyyy" or "yyyy-mm-dd"; nothing for anything else or an impossible date.
std::optional<Date> ParseDate(std::string_view text);

// A moment as people write it: a date alone (local midnight), "dd.mm.yyyy HH:MM[:SS]",
// "yyyy-mm-dd HH:MM[:SS]" or ISO 8601 with "T" and an offset or "Z". Local times are read
// in `zone`; in the hour that a DST change repeats, the earlier is taken.
std::optional<Timestamp> ParseTimestamp(std::string_view text, const date::time_zone* zone);

std::string FormatIsoDate(Date d);        // 2026-03-16
std::string FormatNorwegianDate(Date d);  // 16.03.2026
// A date as written (yyyy-mm-dd, say, from a payload or an event) as dd.mm.yyyy; anything that is
// not a date as it is.
std::string NorwegianDateText(std::string_view text);
// ISO 8601 with the zone's offset at that moment: 2026-03-02T08:00:03+01:00.
std::string FormatIsoTimestamp(Timestamp t, const date::time_zone* zone);
// "16.03.2026 08:00" in the zone.
std::string FormatNorwegianTimestamp(Timestamp t, const date::time_zone* zone);

// The local calendar date of a moment.
Date LocalDate(Timestamp t, const date::time_zone* zone);

// The moment at which a local date and time of day (minutes after midnight) happens. In the hour
// that a DST change skips, the moment the clocks jump; in the repeated hour, the earlier one.
Timestamp LocalMoment(Date d, std::chrono::minutes time_of_day, const date::time_zone* zone);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_DATES_H_
