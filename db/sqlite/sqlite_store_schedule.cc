// The persisted schedule (ScheduleStore) in SQLite.
#include "db/sqlite/sqlite_store.h"

#include <algorithm>

#include "db/sqlite/columns.h"

namespace fristvakt {
namespace {

// Of `entries`, the ones whose moment differs from the one stored (a moment where none is
// stored, none where one is), in id order, read in one pass over the stored moments of the ids
// they span. A reload evaluates up to a million measures again and few of their moments move
// (5,327 of 750,000 when the rules every area shares changed, bench/RESULTS.md, 2026-12-05,
// eighth session); looking each one up as it is written was a third of the reload's thread.
// The ids of one focus area's page can span far more stored rows than the page holds: after
// kRowsPerEntry rows for each entry the pass stops, and the entries it did not reach are all
// given (the upsert then finds those that did not move, as it did before).
Status Moved(Database& db, const std::vector<NextEvaluation>& entries,
             std::vector<const NextEvaluation*>* out) {
  std::vector<const NextEvaluation*> sorted;
  sorted.reserve(entries.size());
  for (const NextEvaluation& e : entries) sorted.push_back(&e);
  // Byte order, which is SQLite's for text (BINARY).
  auto by_id = [](const NextEvaluation* a, const NextEvaluation* b) {
    return a->measure_id < b->measure_id;
  };
  if (!std::is_sorted(sorted.begin(), sorted.end(), by_id)) {
    std::sort(sorted.begin(), sorted.end(), by_id);
  }
  if (sorted.empty()) return Status::Ok();
  Statement st(db,
               "SELECT measure_id, next_at FROM schedule WHERE measure_id BETWEEN ?1 AND ?2 "
               "ORDER BY measure_id");
  st.Bind(1, sorted.front()->measure_id).Bind(2, sorted.back()->measure_id);
  constexpr size_t kRowsPerEntry = 8;
  const size_t most = kRowsPerEntry * sorted.size();
  size_t rows = 0;
  bool stopped = false;
  auto e = sorted.begin();
  while (e != sorted.end() && !stopped && st.Step()) {
    stopped = ++rows == most;
    const std::string_view stored = st.TextView(0);
    for (; e != sorted.end() && (*e)->measure_id < stored; ++e) {
      if ((*e)->at) out->push_back(*e);
    }
    if (e != sorted.end() && (*e)->measure_id == stored) {
      if (!(*e)->at || Seconds(*(*e)->at) != st.Int(1)) out->push_back(*e);
      ++e;
    }
  }
  for (; e != sorted.end(); ++e) {
    if ((*e)->at || stopped) out->push_back(*e);
  }
  return st.status();
}

}  // namespace

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
  std::vector<const NextEvaluation*> moved;
  if (entries.size() >= kRows) {
    if (Status s = Moved(*db_, entries, &moved); !s.ok()) return s;
  } else {
    for (const NextEvaluation& e : entries) moved.push_back(&e);
  }
  std::vector<const NextEvaluation*> rows;
  rows.reserve(kRows);
  for (const NextEvaluation* e : moved) {
    if (!e->at) {
      if (Status s = SetNextEvaluation(e->measure_id, e->at); !s.ok()) return s;
      continue;
    }
    rows.push_back(e);
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
