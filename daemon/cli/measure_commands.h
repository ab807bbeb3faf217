#ifndef FRISTVAKT_DAEMON_CLI_MEASURE_COMMANDS_H_
#define FRISTVAKT_DAEMON_CLI_MEASURE_COMMANDS_H_

#include <optional>
#include <string>

#include "daemon/cli/context.h"

// The commands that read and change measures (docs/operator-guide.md). Each writes its output to
// the context's streams and returns a Status whose code is the exit code; a Status with an empty
// message means the problems were printed already.
namespace fristvakt {

Status CheckCommand(CommandContext& ctx, const std::string& plan);
// Every measure as csv, json or xlsx, to standard output or to `output` (a workbook goes to
// standard output only when that is not a terminal).
Status ExportCommand(CommandContext& ctx, const std::string& format, const std::string& output);

struct ListOptions {
  std::string area;
  std::string unit;
  bool overdue = false;
  std::string due_within;
  bool json = false;
};
Status ListCommand(CommandContext& ctx, const ListOptions& options);

Status ShowCommand(CommandContext& ctx, const std::string& id);

struct SetOptions {
  std::optional<std::string> status;
  std::optional<std::string> progress;
  std::optional<std::string> deadline;
  std::optional<std::string> reason;
  std::optional<std::string> comment;
};
Status SetCommand(CommandContext& ctx, const std::string& id, const SetOptions& options);

Status AckCommand(CommandContext& ctx, const std::string& id,
                  const std::optional<std::string>& until, const std::string& note);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_MEASURE_COMMANDS_H_
