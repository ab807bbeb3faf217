#include "rules/model.h"

#include "rules/text.h"

namespace fristvakt {

std::optional<MeasureStatus> ParseMeasureStatus(std::string_view text) {
  // The names the stores keep, as they are, before any folding: a reload reads a million.
  for (MeasureStatus status : {MeasureStatus::kPlanned, MeasureStatus::kInProgress,
                               MeasureStatus::kDone, MeasureStatus::kCancelled}) {
    if (text == MeasureStatusName(status)) return status;
  }
  std::string s = FoldCase(Trim(text));
  if (s == "planned" || s == "planlagt" || s == "planlagd") return MeasureStatus::kPlanned;
  if (s == "in_progress" || s == "in progress" || s == "pågår" || s == "igangsatt" ||
      s == "sett i gang") {
    return MeasureStatus::kInProgress;
  }
  if (s == "done" || s == "fullført" || s == "ferdig") return MeasureStatus::kDone;
  if (s == "cancelled" || s == "avbrutt" || s == "utgår" || s == "avbroten" || s == "avbrote") {
    return MeasureStatus::kCancelled;
  }
  return std::nullopt;
}

const char* MeasureStatusName(MeasureStatus s) {
  switch (s) {
    case MeasureStatus::kPlanned:
      return "planned";
    case MeasureStatus::kInProgress:
      return "in_progress";
    case MeasureStatus::kDone:
      return "done";
    case MeasureStatus::kCancelled:
      return "cancelled";
  }
  return "";
}

std::string MeasureStatusLabel(MeasureStatus s, Language lang) {
  switch (s) {
    case MeasureStatus::kPlanned:
      return Tr(lang, "planlagt", "planned");
    case MeasureStatus::kInProgress:
      return Tr(lang, "pågår", "in progress");
    case MeasureStatus::kDone:
      return Tr(lang, "fullført", "done");
    case MeasureStatus::kCancelled:
      return Tr(lang, "avbrutt", "cancelled");
  }
  return "";
}

}  // namespace fristvakt
