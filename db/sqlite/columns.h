#ifndef FRISTVAKT_DB_SQLITE_COLUMNS_H_
#define FRISTVAKT_DB_SQLITE_COLUMNS_H_

#include <cstdint>
#include <optional>

#include "db/sqlite/database.h"
#include "rules/dates.h"

// How moments are stored: whole seconds since the Unix epoch, in INTEGER columns.
namespace fristvakt {

inline int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromSeconds(int64_t s) { return Timestamp(std::chrono::seconds(s)); }
// A moment that may be NULL.
inline std::optional<Timestamp> OptionalMoment(const Statement& st, int column) {
  if (st.IsNull(column)) return std::nullopt;
  return FromSeconds(st.Int(column));
}

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_SQLITE_COLUMNS_H_
