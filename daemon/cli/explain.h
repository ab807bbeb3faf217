#ifndef FRISTVAKT_DAEMON_CLI_EXPLAIN_H_
#define FRISTVAKT_DAEMON_CLI_EXPLAIN_H_

#include <optional>
#include <string>

#include "daemon/cli/context.h"

namespace fristvakt {

// `fristvakt explain MEASURE [--from DATE --to DATE]`: the measure's coming notices, each with
// how its time came about: the rule, the base day, every move and its reason, the send time.
// Default period: today and the next 90 days.
Status ExplainCommand(CommandContext& ctx, const std::string& id,
                      const std::optional<std::string>& from, const std::optional<std::string>& to);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_EXPLAIN_H_
