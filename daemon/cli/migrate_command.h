#ifndef FRISTVAKT_DAEMON_CLI_MIGRATE_COMMAND_H_
#define FRISTVAKT_DAEMON_CLI_MIGRATE_COMMAND_H_

#include <string>

#include "daemon/cli/context.h"

namespace fristvakt {

// `fristvakt migrate --to URL [--password-file FILE]`: copies the configured SQLite database
// into an empty PostgreSQL one and prints every table's row count (SPEC §10).
Status MigrateCommand(CommandContext& ctx, const std::string& url,
                      const std::string& password_file);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_MIGRATE_COMMAND_H_
