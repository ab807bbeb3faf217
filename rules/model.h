#ifndef FRISTVAKT_RULES_MODEL_H_
#define FRISTVAKT_RULES_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/dates.h"
#include "rules/nynorsk.h"

// The value types every part of fristvakt shares.
namespace fristvakt {

// nb: Norwegian bokmål, nn: nynorsk, en: English.
enum class Language { kNb, kNn, kEn };

// The language's code for HTML's lang and Content-Language: "nb", "nn", "en".
inline const char* LanguageCode(Language lang) {
  switch (lang) {
    case Language::kNb:
      return "nb";
    case Language::kNn:
      return "nn";
    case Language::kEn:
      return "en";
  }
  return "nb";
}

// Picks the text for the configured language. Nynorsk is looked up from the bokmål text
// (rules/nynorsk.h) and falls back to it when the table has no entry.
inline std::string Tr(Language lang, const char* nb, const char* en) {
  if (lang == Language::kEn) return en;
  if (lang == Language::kNn) {
    if (const char* nn = Nynorsk(nb)) return nn;
  }
  return nb;
}

// "1 varsel", "2 varsler": a count with its noun in the number it needs.
inline std::string CountOf(Language lang, int64_t n, const char* nb_one, const char* nb_many,
                           const char* en_one, const char* en_many) {
  return std::to_string(n) + " " + (n == 1 ? Tr(lang, nb_one, en_one) : Tr(lang, nb_many, en_many));
}

// A name or value quoted inside a message, as the language writes it: «FH-2» or 'FH-2'.
inline std::string Quote(Language lang, const std::string& s) {
  return lang == Language::kEn ? "'" + s + "'" : "«" + s + "»";
}

enum class MeasureStatus { kPlanned, kInProgress, kDone, kCancelled };

// English names and the Norwegian words of docs/configuration.md ("Action plans"), in any case.
std::optional<MeasureStatus> ParseMeasureStatus(std::string_view text);
// The English name used in storage, JSON and the API: planned, in_progress, done, cancelled.
const char* MeasureStatusName(MeasureStatus s);
// The word a person reads: "pågår" / "in progress"; in nynorsk "planlagd", "avbroten".
std::string MeasureStatusLabel(MeasureStatus s, Language lang);
// Open while planned or in progress.
inline constexpr MeasureStatus kOpenStatuses[] = {MeasureStatus::kPlanned,
                                                  MeasureStatus::kInProgress};
inline bool IsOpen(MeasureStatus s) { return s == kOpenStatuses[0] || s == kOpenStatuses[1]; }

// One measure (tiltak) of an action plan. Optional text fields are empty when absent.
struct Measure {
  std::string id;
  std::string focus_area;  // a focus area's id
  std::string title;
  std::string responsible;  // a unit's id
  Date deadline;
  MeasureStatus status = MeasureStatus::kPlanned;
  int progress = 0;  // 0..100
  Timestamp updated_at;
  std::string description;
  std::string plan;
  std::string priority;
  std::vector<std::string> tags;
  std::string owner;
  std::string comment;
  // When it became known to fristvakt (created or imported): filled in by the stores, not by a
  // plan file. The epoch for a measure not yet stored: every occurrence counts as owed.
  Timestamp known_since{};

  bool operator==(const Measure&) const = default;
};

// "We know": suppresses notices of rules with unless_acknowledged until `until` (inclusive), or
// until the measure's deadline or status changes from what they were when it was given.
struct Acknowledgement {
  int64_t id = 0;
  std::string measure_id;
  Timestamp at;
  std::optional<Date> until;
  std::string note;
  std::string actor;
  Date deadline;
  MeasureStatus status = MeasureStatus::kPlanned;
  // Empty: made by an administrator (the command line, an admin token), it holds for every
  // recipient. A unit's id: made by that unit, it holds only for notices to that unit, so that
  // the escalations about it to the leadership group go on.
  std::string unit;

  bool Covers(const std::string& recipient) const { return unit.empty() || unit == recipient; }

  // Whether it holds at `t` (local date `day`) for the measure as it is now.
  bool InForce(const Measure& m, Timestamp t, Date day) const {
    return at <= t && (!until || day <= *until) && deadline == m.deadline && status == m.status;
  }
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_MODEL_H_
