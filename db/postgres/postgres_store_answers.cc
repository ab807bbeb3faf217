// Answer links and deadline requests (AnswerStore) in PostgreSQL: links only by their hashes.
#include "db/postgres/postgres_store.h"

namespace fristvakt {
namespace {

constexpr const char* kRequestColumns =
    "SELECT id, measure_id, unit, old_deadline, new_deadline, reason, requested_at, state, "
    "decided_by, decided_at, note FROM deadline_requests ";

DeadlineRequest ReadRequest(const pqxx::row& row) {
  DeadlineRequest r;
  r.id = row[0].as<int64_t>();
  r.measure = PgText(row[1]);
  r.unit = PgText(row[2]);
  r.old_deadline = ParseDate(PgText(row[3])).value_or(Date{});
  r.new_deadline = ParseDate(PgText(row[4])).value_or(Date{});
  r.reason = PgText(row[5]);
  r.requested_at = PgMoment(row[6]);
  r.state = PgText(row[7]);
  r.decided_by = PgText(row[8]);
  r.decided_at = PgOptionalMoment(row[9]);
  r.note = PgText(row[10]);
  return r;
}

}  // namespace

Status PostgresStore::CreateLink(const std::string& hash, const AnswerLink& link) {
  return conn_->Run(
      "INSERT INTO answer_links (hash, page, measure_id, holder, request_id, created_at, "
      "expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
      nullptr, hash, link.page, link.measure, link.holder, link.request, PgSeconds(link.created_at),
      PgSeconds(link.expires_at));
}

Status PostgresStore::FindLink(const std::string& hash, std::optional<AnswerLink>* out) {
  pqxx::result r;
  Status s = conn_->Run(
      "SELECT page, measure_id, holder, coalesce(request_id, 0), created_at, expires_at "
      "FROM answer_links WHERE hash = $1",
      &r, hash);
  if (s.ok() && !r.empty()) {
    AnswerLink link;
    link.page = PgText(r[0][0]);
    link.measure = PgText(r[0][1]);
    link.holder = PgText(r[0][2]);
    link.request = r[0][3].as<int64_t>();
    link.created_at = PgMoment(r[0][4]);
    link.expires_at = PgMoment(r[0][5]);
    *out = std::move(link);
  } else {
    out->reset();
  }
  return s;
}

Status PostgresStore::ForgetExpiredLinks(Timestamp before, int* count) {
  pqxx::result r;
  Status s = conn_->Run("DELETE FROM answer_links WHERE expires_at < $1", &r, PgSeconds(before));
  *count = s.ok() ? static_cast<int>(r.affected_rows()) : 0;
  return s;
}

Status PostgresStore::AddDeadlineRequest(DeadlineRequest* r) {
  if (Status s = conn_->Run("UPDATE deadline_requests SET state = 'replaced', decided_at = $1 "
                            "WHERE state = 'pending' AND measure_id = $2",
                            nullptr, PgSeconds(r->requested_at), r->measure);
      !s.ok()) {
    return s;
  }
  pqxx::result res;
  Status s = conn_->Run(
      "INSERT INTO deadline_requests (measure_id, unit, old_deadline, new_deadline, "
      "reason, requested_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
      &res, r->measure, r->unit, FormatIsoDate(r->old_deadline), FormatIsoDate(r->new_deadline),
      r->reason, PgSeconds(r->requested_at));
  if (!s.ok()) return s;
  r->id = res[0][0].as<int64_t>();
  r->state = "pending";
  return Status::Ok();
}

Status PostgresStore::GetDeadlineRequest(int64_t id, std::optional<DeadlineRequest>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kRequestColumns) + "WHERE id = $1", &r, id);
  if (s.ok() && !r.empty()) {
    *out = ReadRequest(r[0]);
  } else {
    out->reset();
  }
  return s;
}

Status PostgresStore::PendingRequestFor(std::string_view measure,
                                        std::optional<DeadlineRequest>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kRequestColumns) +
                            "WHERE state = 'pending' AND measure_id = $1 ORDER BY id DESC LIMIT 1",
                        &r, std::string(measure));
  if (s.ok() && !r.empty()) {
    *out = ReadRequest(r[0]);
  } else {
    out->reset();
  }
  return s;
}

Status PostgresStore::PendingRequests(std::vector<DeadlineRequest>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kRequestColumns) + "WHERE state = 'pending' ORDER BY id", &r);
  for (const auto& row : r) out->push_back(ReadRequest(row));
  return s;
}

Status PostgresStore::DecideDeadlineRequest(int64_t id, const std::string& state,
                                            const std::string& by, const std::string& note,
                                            Timestamp at, bool* decided) {
  pqxx::result r;
  Status s = conn_->Run(
      "UPDATE deadline_requests SET state = $1, decided_by = $2, note = $3, decided_at = $4 "
      "WHERE id = $5 AND state = 'pending'",
      &r, state, by, note, PgSeconds(at), id);
  *decided = s.ok() && r.affected_rows() == 1;
  return s;
}

}  // namespace fristvakt
