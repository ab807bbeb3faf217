#ifndef FRISTVAKT_DAEMON_CLI_IMPORT_COMMAND_H_
#define FRISTVAKT_DAEMON_CLI_IMPORT_COMMAND_H_

#include <string>

#include "daemon/cli/context.h"

// `fristvakt import FILE [--sheet NAME] [--dry-run] [--prefer-file]` (docs/configuration.md,
// "Action plans"): all or nothing, merged with what the units have answered since the previous
// import.
namespace fristvakt {

struct ImportCommandOptions {
  std::string path;
  bool dry_run = false;
  bool prefer_file = false;
  std::string sheet;  // a workbook's worksheet; empty: the first
};

// Problems in the file go to stderr and nothing is written (BadInput, printed already).
// Conflicts go to stderr as FILE:LINE: FIELD: ... and are no failure. A dry run prints every
// new measure and every change field by field; every run ends with a summary line.
Status ImportCommand(CommandContext& ctx, const ImportCommandOptions& options);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_IMPORT_COMMAND_H_
