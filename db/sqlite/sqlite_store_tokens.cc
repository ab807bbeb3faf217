// API tokens (TokenStore) in SQLite: only their hashes are stored.
#include "db/sqlite/sqlite_store.h"

#include "db/sqlite/columns.h"

namespace fristvakt {
namespace {

constexpr const char* kTokenColumns =
    "SELECT id, name, scope, coalesce(unit, ''), created_at, last_used, revoked_at FROM "
    "api_tokens ";

ApiToken ReadToken(const Statement& st) {
  ApiToken t;
  t.id = st.Int(0);
  t.name = st.Text(1);
  t.scope = st.Text(2);
  t.unit = st.Text(3);
  t.created_at = FromSeconds(st.Int(4));
  t.last_used = OptionalMoment(st, 5);
  t.revoked_at = OptionalMoment(st, 6);
  return t;
}

}  // namespace

Status SqliteStore::CreateToken(const ApiToken& token, const std::string& hash, int64_t* id) {
  Statement st(*db_,
               "INSERT INTO api_tokens (name, scope, unit, hash, created_at) VALUES (?,?,?,?,?)");
  st.Bind(1, token.name).Bind(2, token.scope);
  st.BindOptional(3, token.unit.empty() ? std::nullopt : std::optional<std::string>(token.unit));
  st.Bind(4, hash).Bind(5, Seconds(token.created_at));
  if (Status s = st.Run(); !s.ok()) return s;
  *id = db_->LastInsertRowId();
  return Status::Ok();
}

Status SqliteStore::ListTokens(std::vector<ApiToken>* out) {
  Statement st(*db_, std::string(kTokenColumns) + "ORDER BY id");
  while (st.Step()) out->push_back(ReadToken(st));
  return st.status();
}

Status SqliteStore::RevokeToken(int64_t id, Timestamp now, bool* found) {
  Statement st(*db_, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  st.Bind(1, Seconds(now)).Bind(2, id);
  Status s = st.Run();
  *found = db_->Changes() == 1;
  return s;
}

Status SqliteStore::FindToken(const std::string& hash, std::optional<ApiToken>* out) {
  Statement st(*db_, std::string(kTokenColumns) + "WHERE hash = ? AND revoked_at IS NULL");
  st.Bind(1, hash);
  if (st.Step()) {
    *out = ReadToken(st);
  } else {
    out->reset();
  }
  return st.status();
}

Status SqliteStore::TouchToken(int64_t id, Timestamp now) {
  Statement st(*db_, "UPDATE api_tokens SET last_used = ? WHERE id = ?");
  st.Bind(1, Seconds(now)).Bind(2, id);
  return st.Run();
}

}  // namespace fristvakt
