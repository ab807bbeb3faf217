#ifndef FRISTVAKT_DAEMON_APP_H_
#define FRISTVAKT_DAEMON_APP_H_

#include <iosfwd>
#include <memory>

#include "db/store.h"
#include "rules/clock.h"
#include "rules/config.h"

namespace fristvakt {

// Runs the command line of SPEC §6 and returns the exit code: 0 done, 1 bad input, 2 wrong
// usage, 3 the work could not be done.
int RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err);

// What every command works with: the loaded configuration, the store and a clock.
struct CommandContext {
  Config config;
  std::unique_ptr<Store> store;
  std::unique_ptr<Clock> clock;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;

  Language lang() const { return config.language; }
  const date::time_zone* zone() const { return config.timezone; }
  Date Today() const { return LocalDate(clock->Now(), config.timezone); }
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_APP_H_
