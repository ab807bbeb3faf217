#ifndef FRISTVAKT_DAEMON_CLI_OUTBOX_COMMANDS_H_
#define FRISTVAKT_DAEMON_CLI_OUTBOX_COMMANDS_H_

#include <string>

#include "daemon/cli/context.h"

// The delivery queue and digests by hand (docs/operator-guide.md).
namespace fristvakt {

// `outbox [--failed | --dead]`: `which` is "queue", "failed" or "dead".
Status OutboxCommand(CommandContext& ctx, const std::string& which);
// `outbox retry KEY | --all-dead`: an empty key means every dead notification.
Status OutboxRetryCommand(CommandContext& ctx, const std::string& key);
// `digest NAME [--dry-run]`: builds the digest now; queues it for the daemon, or prints it.
Status DigestCommand(CommandContext& ctx, const std::string& name, bool dry_run);

// `status`: whether a daemon runs on this database, its next due moment, the queue, dead
// letters, the last send and the last error.
Status StatusCommand(CommandContext& ctx);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_OUTBOX_COMMANDS_H_
