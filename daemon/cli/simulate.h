#ifndef FRISTVAKT_DAEMON_CLI_SIMULATE_H_
#define FRISTVAKT_DAEMON_CLI_SIMULATE_H_

#include <string>
#include <vector>

#include "daemon/cli/context.h"
#include "rules/evaluate.h"

namespace fristvakt {

// Runs the daemon's own scheduling against a simulated clock from `from` to `to` on `store`
// (a throwaway copy): every notice it queues counts as sent at its time. `out` gets those
// whose time falls within the period, ordered by time, recipient, measure, rule, channel.
Status Simulate(const Config& config, Store* store, Timestamp from, Timestamp to,
                std::vector<Notice>* out);

struct SimulateOptions {
  std::string from;
  std::string to;
  std::string plan;
  std::string format = "jsonl";
};

// `fristvakt simulate` (docs/operator-guide.md): never writes the real database and sends nothing.
Status SimulateCommand(CommandContext& ctx, const SimulateOptions& options);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_SIMULATE_H_
