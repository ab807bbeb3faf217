// API tokens (TokenStore) in PostgreSQL: only their hashes are stored.
#include "db/postgres/postgres_store.h"

namespace fristvakt {
namespace {

constexpr const char* kTokenColumns =
    "SELECT id, name, scope, coalesce(unit, ''), created_at, last_used, revoked_at FROM "
    "api_tokens ";

ApiToken ReadToken(const pqxx::row& row) {
  ApiToken t;
  t.id = row[0].as<int64_t>();
  t.name = PgText(row[1]);
  t.scope = PgText(row[2]);
  t.unit = PgText(row[3]);
  t.created_at = PgMoment(row[4]);
  t.last_used = PgOptionalMoment(row[5]);
  t.revoked_at = PgOptionalMoment(row[6]);
  return t;
}

}  // namespace

Status PostgresStore::CreateToken(const ApiToken& token, const std::string& hash, int64_t* id) {
  pqxx::result r;
  Status s = conn_->Run(
      "INSERT INTO api_tokens (name, scope, unit, hash, created_at) VALUES ($1,$2,$3,$4,$5) "
      "RETURNING id",
      &r, token.name, token.scope,
      PgOrNull(token.unit.empty() ? std::nullopt : std::optional<std::string>(token.unit)), hash,
      PgSeconds(token.created_at));
  if (!s.ok()) return s;
  *id = r[0][0].as<int64_t>();
  return Status::Ok();
}

Status PostgresStore::ListTokens(std::vector<ApiToken>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kTokenColumns) + "ORDER BY id", &r);
  for (const auto& row : r) out->push_back(ReadToken(row));
  return s;
}

Status PostgresStore::RevokeToken(int64_t id, Timestamp now, bool* found) {
  pqxx::result r;
  Status s =
      conn_->Run("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", &r,
                 PgSeconds(now), id);
  *found = s.ok() && r.affected_rows() == 1;
  return s;
}

Status PostgresStore::FindToken(const std::string& hash, std::optional<ApiToken>* out) {
  pqxx::result r;
  Status s =
      conn_->Run(std::string(kTokenColumns) + "WHERE hash = $1 AND revoked_at IS NULL", &r, hash);
  if (s.ok() && !r.empty()) {
    *out = ReadToken(r[0]);
  } else {
    out->reset();
  }
  return s;
}

Status PostgresStore::TouchToken(int64_t id, Timestamp now) {
  return conn_->Run("UPDATE api_tokens SET last_used = $1 WHERE id = $2", nullptr, PgSeconds(now),
                    id);
}

}  // namespace fristvakt
