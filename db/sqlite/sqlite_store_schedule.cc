// The persisted schedule (ScheduleStore) in SQLite.
#include "db/sqlite/sqlite_store.h"

#include "db/sqlite/columns.h"

namespace fristvakt {

Status SqliteStore::SetNextEvaluation(std::string_view measure_id, std::optional<Timestamp> at) {
  if (!at) {
    Statement st(*db_, "DELETE FROM schedule WHERE measure_id = ?");
    st.Bind(1, measure_id);
    return st.Run();
  }
  // A moment that did not change is not written: a reload evaluates many measures again and
  // most keep theirs.
  Statement st(*db_,
               "INSERT INTO schedule (measure_id, next_at) VALUES (?, ?) ON CONFLICT (measure_id) "
               "DO UPDATE SET next_at = excluded.next_at WHERE next_at != excluded.next_at");
  st.Bind(1, measure_id).Bind(2, Seconds(*at));
  return st.Run();
}

Status SqliteStore::SetNextEvaluations(const std::vector<NextEvaluation>& entries) {
  // One prepared statement a measure: measured faster here than one statement over a JSON array
  // of them (bench/RESULTS.md, 2026-12-05, sixth session), as SQLite has no round trips to save.
  for (const NextEvaluation& e : entries) {
    if (Status s = SetNextEvaluation(e.measure_id, e.at); !s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::ClearSchedule() { return db_->Exec("DELETE FROM schedule"); }

Status SqliteStore::DueMeasures(Timestamp now, int limit, std::vector<std::string>* out) {
  Statement st(*db_,
               "SELECT measure_id FROM schedule WHERE next_at <= ? "
               "ORDER BY next_at, measure_id LIMIT ?");
  st.Bind(1, Seconds(now)).Bind(2, static_cast<int64_t>(limit));
  while (st.Step()) out->push_back(st.Text(0));
  return st.status();
}

Status SqliteStore::EarliestEvaluation(std::optional<Timestamp>* at) {
  Statement st(*db_, "SELECT next_at FROM schedule ORDER BY next_at LIMIT 1");
  *at = std::nullopt;
  if (st.Step()) *at = FromSeconds(st.Int(0));
  return st.status();
}

}  // namespace fristvakt
