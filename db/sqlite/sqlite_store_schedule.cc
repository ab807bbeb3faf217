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
  // The moments go in rows of kRows to a statement: a first start or a reload writes one for
  // each of up to a million measures, and a statement's own cost was most of that
  // (bench/RESULTS.md, 2026-12-05, seventh session). A JSON array of them, parsed by SQLite,
  // was slower than one row a statement (sixth session). The rest go one by one.
  constexpr size_t kRows = 100;
  static const std::string kMany = [] {
    std::string sql = "INSERT INTO schedule (measure_id, next_at) VALUES (?, ?)";
    for (size_t i = 1; i < kRows; ++i) sql += ", (?, ?)";
    return sql +
           " ON CONFLICT (measure_id) DO UPDATE SET next_at = excluded.next_at "
           "WHERE next_at != excluded.next_at";
  }();
  std::vector<const NextEvaluation*> rows;
  rows.reserve(kRows);
  for (const NextEvaluation& e : entries) {
    if (!e.at) {
      if (Status s = SetNextEvaluation(e.measure_id, e.at); !s.ok()) return s;
      continue;
    }
    rows.push_back(&e);
    if (rows.size() < kRows) continue;
    Statement st(*db_, kMany);
    for (size_t i = 0; i < rows.size(); ++i) {
      st.Bind(static_cast<int>(2 * i + 1), rows[i]->measure_id)
          .Bind(static_cast<int>(2 * i + 2), Seconds(*rows[i]->at));
    }
    if (Status s = st.Run(); !s.ok()) return s;
    rows.clear();
  }
  for (const NextEvaluation* e : rows) {
    if (Status s = SetNextEvaluation(e->measure_id, e->at); !s.ok()) return s;
  }
  return Status::Ok();
}

// The index of moments is dropped while every entry is written again and then built at once,
// which takes SQLite a sort instead of 750,000 inserts at scattered places (bench/RESULTS.md,
// 2026-12-05, seventh session). The same index as schema version 7 makes.
Status SqliteStore::BeginScheduleRewrite() {
  return db_->Exec("DROP INDEX IF EXISTS schedule_due; DELETE FROM schedule");
}

Status SqliteStore::EndScheduleRewrite() {
  return db_->Exec("CREATE INDEX IF NOT EXISTS schedule_due ON schedule (next_at, measure_id)");
}

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
