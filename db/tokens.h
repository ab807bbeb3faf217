#ifndef FRISTVAKT_DB_TOKENS_H_
#define FRISTVAKT_DB_TOKENS_H_

#include <string>

// API tokens (docs/api.md) and the random part of answer links (docs/answers.md): shown once
// when made, stored only as a SHA-256 hash. Tokens are made by
// `fristvakt token create` and checked by the HTTP API.
namespace fristvakt {

// "fv_" and 43 characters of base64url: 256 random bits.
std::string GenerateToken();
// The hex SHA-256 of a token: what the database keeps and looks tokens up by.
std::string HashToken(const std::string& token);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_TOKENS_H_
