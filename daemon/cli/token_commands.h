#ifndef FRISTVAKT_DAEMON_CLI_TOKEN_COMMANDS_H_
#define FRISTVAKT_DAEMON_CLI_TOKEN_COMMANDS_H_

#include <optional>
#include <string>

#include "daemon/cli/context.h"

// `fristvakt token create | list | revoke` (docs/api.md).
namespace fristvakt {

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

#endif  // FRISTVAKT_DAEMON_CLI_TOKEN_COMMANDS_H_
