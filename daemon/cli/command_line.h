#ifndef FRISTVAKT_DAEMON_CLI_COMMAND_LINE_H_
#define FRISTVAKT_DAEMON_CLI_COMMAND_LINE_H_

#include <iosfwd>

#include "daemon/service/front_end.h"

// The command line (docs/operator-guide.md): a table of subcommands, each in its own file.
namespace fristvakt {

// Runs the command line and returns the exit code: 0 done, 1 bad input, 2 wrong usage, 3 the
// work could not be done. `front_end` builds what `run` serves over HTTP.
int RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err,
                   const FrontEndFactory& front_end);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_COMMAND_LINE_H_
