#ifndef FRISTVAKT_DB_TOKEN_STORE_H_
#define FRISTVAKT_DB_TOKEN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/dates.h"
#include "rules/status.h"

namespace fristvakt {

// An API token as stored: never the token itself, only its hash.
struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string scope;  // admin, read_only, unit
  std::string unit;   // for scope unit
  Timestamp created_at;
  std::optional<Timestamp> last_used;
  std::optional<Timestamp> revoked_at;
};

// The API's tokens (docs/operator-guide.md and docs/api.md), kept as SHA-256 hashes; a revoked
// token stays listed. Abstract so that more than one database can hold them; the SQLite one is
// SqliteStore. Used by one thread at a time.
class TokenStore {
 public:
  TokenStore() = default;
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;
  virtual ~TokenStore() = default;

  // Stores `token` (its id aside) under `hash`; `id` gets the new token's id.
  virtual Status CreateToken(const ApiToken& token, const std::string& hash, int64_t* id) = 0;
  // Every token, revoked ones too, by id.
  virtual Status ListTokens(std::vector<ApiToken>* out) = 0;
  // False in `found` when there is no such token or it was already revoked.
  virtual Status RevokeToken(int64_t id, Timestamp now, bool* found) = 0;
  // The token with this hash, if it exists and is not revoked.
  virtual Status FindToken(const std::string& hash, std::optional<ApiToken>* out) = 0;
  // Records that the token was used at `now`.
  virtual Status TouchToken(int64_t id, Timestamp now) = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_TOKEN_STORE_H_
