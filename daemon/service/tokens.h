#ifndef FRISTVAKT_DAEMON_SERVICE_TOKENS_H_
#define FRISTVAKT_DAEMON_SERVICE_TOKENS_H_

#include <string>

// API tokens (docs/api.md): shown once when made, stored only as a SHA-256 hash. Made by
// `fristvakt token create`, checked by the HTTP API.
namespace fristvakt {

// "fv_" and 43 characters of base64url: 256 random bits.
std::string GenerateToken();
// The hex SHA-256 of a token: what the database keeps and looks tokens up by.
std::string HashToken(const std::string& token);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_TOKENS_H_
