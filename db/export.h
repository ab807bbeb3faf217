#ifndef FRISTVAKT_DB_EXPORT_H_
#define FRISTVAKT_DB_EXPORT_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/store.h"
#include "db/xlsx.h"
#include "rules/model.h"

// Measures out: CSV that `import` reads back unchanged, and JSON with the field names of
// docs/api.md.
namespace fristvakt {

// A measure as JSON: dates as yyyy-mm-dd, status in English, updated_at in ISO 8601 with the
// zone's offset.
nlohmann::json MeasureToJson(const Measure& m, const date::time_zone* zone);

// A JSON array of every measure.
std::string ExportJson(const std::vector<Measure>& measures, const date::time_zone* zone);

// The export's column names, in the order of ExportCsv: Norwegian, or the field names in
// English.
std::vector<std::string> ExportHeader(Language lang);

// CSV as Norwegian Excel opens it: UTF-8 with a byte order mark, ';', CRLF. Headers, dates and
// status words in `lang`.
std::string ExportCsv(const std::vector<Measure>& measures, Language lang,
                      const date::time_zone* zone);

// What the workbook's read-only columns show for each measure: the unit's latest answer
// through its link, a running acknowledgement, a pending deadline request.
Status CollectNotes(Store* store, const std::vector<Measure>& measures, Timestamp now,
                    const date::time_zone* zone, Language lang,
                    std::map<std::string, MeasureNotes>* out);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_EXPORT_H_
