// The composition root: the one file that sees both the command line and the HTTP server, so that
// neither needs the other. `fristvakt run` serves the HTTP API through the factory given here.
#include <iostream>

#include "daemon/cli/command_line.h"
#include "daemon/http/api.h"

int main(int argc, char** argv) {
  return fristvakt::RunCommandLine(argc, argv, std::cout, std::cerr, fristvakt::HttpFrontEnd);
}
