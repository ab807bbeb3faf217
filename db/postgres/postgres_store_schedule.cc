// The persisted schedule (ScheduleStore) in PostgreSQL.
#include "db/postgres/postgres_store.h"

namespace fristvakt {

Status PostgresStore::SetNextEvaluation(std::string_view measure_id, std::optional<Timestamp> at) {
  if (!at) {
    return conn_->Run("DELETE FROM schedule WHERE measure_id = $1", nullptr,
                      std::string(measure_id));
  }
  return conn_->Run(
      "INSERT INTO schedule (measure_id, next_at) VALUES ($1, $2) "
      "ON CONFLICT (measure_id) DO UPDATE SET next_at = excluded.next_at "
      "WHERE schedule.next_at != excluded.next_at",
      nullptr, std::string(measure_id), PgSeconds(*at));
}

Status PostgresStore::ClearSchedule() { return conn_->Run("DELETE FROM schedule", nullptr); }

Status PostgresStore::DueMeasures(Timestamp now, int limit, std::vector<std::string>* out) {
  pqxx::result r;
  Status s = conn_->Run(
      "SELECT measure_id FROM schedule WHERE next_at <= $1 ORDER BY next_at, measure_id LIMIT $2",
      &r, PgSeconds(now), static_cast<int64_t>(limit));
  for (const auto& row : r) out->push_back(PgText(row[0]));
  return s;
}

Status PostgresStore::EarliestEvaluation(std::optional<Timestamp>* at) {
  pqxx::result r;
  Status s = conn_->Run("SELECT min(next_at) FROM schedule", &r);
  *at = s.ok() && !r.empty() ? PgOptionalMoment(r[0][0]) : std::nullopt;
  return s;
}

}  // namespace fristvakt
