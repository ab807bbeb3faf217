#ifndef FRISTVAKT_DAEMON_TOKENS_H_
#define FRISTVAKT_DAEMON_TOKENS_H_

#include <optional>
#include <string>

#include "daemon/app.h"

// API tokens (SPEC §6, §7): shown once when made, stored only as a SHA-256 hash.
namespace fristvakt {

// "fv_" and 43 characters of base64url: 256 random bits.
std::string GenerateToken();
// The hex SHA-256 of a token: what the database keeps and looks tokens up by.
std::string HashToken(const std::string& token);

struct TokenOptions {
  std::string unit;
  bool admin = false;
  bool read_only = false;
  std::string name;
};
// `token create`: prints the token alone on the first line of stdout.
Status TokenCreateCommand(CommandContext& ctx, const TokenOptions& options);
Status TokenListCommand(CommandContext& ctx);
Status TokenRevokeCommand(CommandContext& ctx, int64_t id);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_TOKENS_H_
