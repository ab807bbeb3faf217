#ifndef FRISTVAKT_DB_PLAN_MERGE_H_
#define FRISTVAKT_DB_PLAN_MERGE_H_

#include <optional>
#include <string>
#include <vector>

#include "db/measure_store.h"
#include "db/plan.h"
#include "rules/model.h"

// The three-way merge of a plan's row with its stored measure (docs/configuration.md, "The
// file and the units both write"): per field, against the value that the previous import of
// the measure brought, its base. A pure function of its arguments; ApplyPlan does the rest.
namespace fristvakt {

struct MeasureMerge {
  Measure merged;                    // what is to be stored
  ImportBase base;                   // the next import's base: what this file brought
  std::vector<PlanField> taken;      // fields whose value comes from the file
  std::vector<PlanField> conflicts;  // changed in the file and in the store, differently
};

// Merges `row` into `stored`. A field the file does not state (no such column) is left alone.
// Where the file holds the base the stored value stays; where only the file changed, its
// value is taken; where both changed to different values the stored value stays (the file's
// with `prefer_file`) and the field is a conflict. `updated_at` is never a conflict: where the
// import takes a value it becomes the file's new time when that is later than the stored one,
// else `now`. Without a base (a measure stored before bases were kept) the stored values are
// the base. REQUIRES: stored.id == row.measure.id.
MeasureMerge MergeMeasure(const Measure& stored, const std::optional<ImportBase>& base,
                          const PlanRow& row, bool prefer_file, Timestamp now);

// One field of two measures compared, and copied.
bool SameField(PlanField f, const Measure& a, const Measure& b);
void CopyField(PlanField f, const Measure& from, Measure* to);

// A field's value as a report shows it: dates as dd.mm.yyyy, progress with its per cent sign,
// the status (in `lang`) and text quoted, text cut to 60 characters on one line.
std::string FieldText(PlanField f, const Measure& m, Language lang, const date::time_zone* zone);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_PLAN_MERGE_H_
