#ifndef FRISTVAKT_DAEMON_CLI_RUN_COMMAND_H_
#define FRISTVAKT_DAEMON_CLI_RUN_COMMAND_H_

#include "daemon/cli/context.h"

namespace fristvakt {

// `fristvakt run`: the daemon in the foreground, with the HTTP API when the configuration asks
// for it, until SIGTERM or SIGINT.
Status RunCommand(CommandContext& ctx);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_RUN_COMMAND_H_
