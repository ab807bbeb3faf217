#include "db/plan_merge.h"

#include <algorithm>

#include "rules/text.h"

namespace fristvakt {
namespace {

// Every field a plan states, in the order a report lists them; the id is what joins the row
// and the measure, and updated_at is merged on its own terms.
constexpr PlanField kMergedFields[] = {
    PlanField::kFocusArea, PlanField::kTitle,    PlanField::kResponsible, PlanField::kDeadline,
    PlanField::kStatus,    PlanField::kProgress, PlanField::kDescription, PlanField::kPlan,
    PlanField::kPriority,  PlanField::kComment,  PlanField::kTags,        PlanField::kOwner};

std::string Quoted(const std::string& text, Language lang) {
  if (text.empty()) return Tr(lang, "(tom)", "(empty)");
  return Quote(lang, Ellipsize(text, 60));
}

// The time of the last change, when the file states one. Never a conflict: of two new times,
// the later is the truth about the last change.
Timestamp MergeUpdatedAt(const Measure& stored, const ImportBase& base, const PlanRow& row,
                         bool values_taken, Timestamp now) {
  const Timestamp file = row.measure.updated_at;
  const bool file_new = row.stated[static_cast<size_t>(PlanField::kUpdatedAt)] &&
                        row.has_updated_at &&
                        (!base.has_updated_at || file != base.values.updated_at);
  if (values_taken) return file_new && file > stored.updated_at ? file : now;
  if (!file_new) return stored.updated_at;
  if (base.has_updated_at && stored.updated_at == base.values.updated_at) return file;
  return std::max(stored.updated_at, file);
}

}  // namespace

bool SameField(PlanField f, const Measure& a, const Measure& b) {
  switch (f) {
    case PlanField::kId:
      return a.id == b.id;
    case PlanField::kFocusArea:
      return a.focus_area == b.focus_area;
    case PlanField::kTitle:
      return a.title == b.title;
    case PlanField::kResponsible:
      return a.responsible == b.responsible;
    case PlanField::kDeadline:
      return a.deadline == b.deadline;
    case PlanField::kStatus:
      return a.status == b.status;
    case PlanField::kProgress:
      return a.progress == b.progress;
    case PlanField::kUpdatedAt:
      return a.updated_at == b.updated_at;
    case PlanField::kDescription:
      return a.description == b.description;
    case PlanField::kPlan:
      return a.plan == b.plan;
    case PlanField::kPriority:
      return a.priority == b.priority;
    case PlanField::kComment:
      return a.comment == b.comment;
    case PlanField::kTags:
      return a.tags == b.tags;
    case PlanField::kOwner:
      return a.owner == b.owner;
  }
  return true;
}

void CopyField(PlanField f, const Measure& from, Measure* to) {
  switch (f) {
    case PlanField::kId:
      to->id = from.id;
      break;
    case PlanField::kFocusArea:
      to->focus_area = from.focus_area;
      break;
    case PlanField::kTitle:
      to->title = from.title;
      break;
    case PlanField::kResponsible:
      to->responsible = from.responsible;
      break;
    case PlanField::kDeadline:
      to->deadline = from.deadline;
      break;
    case PlanField::kStatus:
      to->status = from.status;
      break;
    case PlanField::kProgress:
      to->progress = from.progress;
      break;
    case PlanField::kUpdatedAt:
      to->updated_at = from.updated_at;
      break;
    case PlanField::kDescription:
      to->description = from.description;
      break;
    case PlanField::kPlan:
      to->plan = from.plan;
      break;
    case PlanField::kPriority:
      to->priority = from.priority;
      break;
    case PlanField::kComment:
      to->comment = from.comment;
      break;
    case PlanField::kTags:
      to->tags = from.tags;
      break;
    case PlanField::kOwner:
      to->owner = from.owner;
      break;
  }
}

std::string FieldText(PlanField f, const Measure& m, Language lang, const date::time_zone* zone) {
  switch (f) {
    case PlanField::kDeadline:
      return FormatNorwegianDate(m.deadline);
    case PlanField::kStatus:
      return Quote(lang, MeasureStatusLabel(m.status, lang));
    case PlanField::kProgress:
      return std::to_string(m.progress) + " %";
    case PlanField::kUpdatedAt:
      return FormatNorwegianTimestamp(m.updated_at, zone);
    case PlanField::kTags: {
      std::string tags;
      for (const std::string& t : m.tags) tags += (tags.empty() ? "" : ", ") + t;
      return Quoted(tags, lang);
    }
    case PlanField::kId:
      return Quoted(m.id, lang);
    case PlanField::kFocusArea:
      return Quoted(m.focus_area, lang);
    case PlanField::kTitle:
      return Quoted(m.title, lang);
    case PlanField::kResponsible:
      return Quoted(m.responsible, lang);
    case PlanField::kDescription:
      return Quoted(m.description, lang);
    case PlanField::kPlan:
      return Quoted(m.plan, lang);
    case PlanField::kPriority:
      return Quoted(m.priority, lang);
    case PlanField::kComment:
      return Quoted(m.comment, lang);
    case PlanField::kOwner:
      return Quoted(m.owner, lang);
  }
  return {};
}

MeasureMerge MergeMeasure(const Measure& stored, const std::optional<ImportBase>& base,
                          const PlanRow& row, bool prefer_file, Timestamp now) {
  // Without a base, the stored values are what the last import brought (docs/spec-readings.md).
  const ImportBase was = base ? *base : ImportBase{stored, true};
  const Measure& file = row.measure;
  MeasureMerge out{stored, was, {}, {}};
  out.base.values.id = stored.id;
  for (PlanField f : kMergedFields) {
    if (!row.stated[static_cast<size_t>(f)]) continue;
    CopyField(f, file, &out.base.values);
    if (SameField(f, file, was.values)) continue;  // the file holds the base: the stored stays
    if (SameField(f, stored, was.values)) {
      out.taken.push_back(f);  // only the file changed it
    } else if (!SameField(f, stored, file)) {
      out.conflicts.push_back(f);
      if (prefer_file) out.taken.push_back(f);
    }
  }
  for (PlanField f : out.taken) CopyField(f, file, &out.merged);
  out.merged.updated_at = MergeUpdatedAt(stored, was, row, !out.taken.empty(), now);
  if (row.stated[static_cast<size_t>(PlanField::kUpdatedAt)]) {
    out.base.has_updated_at = row.has_updated_at;
    out.base.values.updated_at = row.has_updated_at ? file.updated_at : Timestamp{};
  }
  return out;
}

}  // namespace fristvakt
