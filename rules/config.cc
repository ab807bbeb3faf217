#include "rules/config.h"

namespace fristvakt {

const char* DigestSectionName(DigestSection s) {
  switch (s) {
    case DigestSection::kOverdue:
      return "overdue";
    case DigestSection::kDueSoon:
      return "due_soon";
    case DigestSection::kMoved:
      return "moved";
    case DigestSection::kStale:
      return "stale";
    case DigestSection::kDoneRecently:
      return "done_recently";
    case DigestSection::kCancelled:
      return "cancelled";
  }
  return "";
}

}  // namespace fristvakt
