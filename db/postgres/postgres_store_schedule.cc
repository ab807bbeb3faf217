// The persisted schedule (ScheduleStore) in PostgreSQL.
#include <nlohmann/json.hpp>

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

Status PostgresStore::SetNextEvaluations(const std::vector<NextEvaluation>& entries) {
  if (entries.empty()) return Status::Ok();
  // One round trip whatever the number: the entries go in as one JSON array of [id, moment],
  // the moment null for none; unchanged moments are not written.
  nlohmann::json rows = nlohmann::json::array();
  for (const NextEvaluation& e : entries) {
    rows.push_back({e.measure_id, e.at ? nlohmann::json(PgSeconds(*e.at)) : nlohmann::json()});
  }
  return conn_->Run(
      "WITH e AS (SELECT s.value ->> 0 AS id, (s.value ->> 1)::bigint AS at "
      "FROM jsonb_array_elements($1::jsonb) AS s), "
      "gone AS (DELETE FROM schedule WHERE measure_id IN (SELECT id FROM e WHERE at IS NULL)) "
      "INSERT INTO schedule (measure_id, next_at) SELECT id, at FROM e WHERE at IS NOT NULL "
      "ON CONFLICT (measure_id) DO UPDATE SET next_at = excluded.next_at "
      "WHERE schedule.next_at != excluded.next_at",
      nullptr, rows.dump());
}

Status PostgresStore::BeginScheduleRewrite() { return conn_->Run("DELETE FROM schedule", nullptr); }

Status PostgresStore::EndScheduleRewrite() { return Status::Ok(); }

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
