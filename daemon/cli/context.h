#ifndef FRISTVAKT_DAEMON_CLI_CONTEXT_H_
#define FRISTVAKT_DAEMON_CLI_CONTEXT_H_

#include <iosfwd>
#include <memory>
#include <string>

#include "daemon/service/front_end.h"
#include "db/store.h"
#include "rules/clock.h"
#include "rules/config.h"
#include "rules/status.h"

// What every command of the command line works with. Used by one thread.
namespace fristvakt {

// The loaded configuration, the store (absent for commands that need none), a clock, and how to
// build the HTTP front end.
struct CommandContext {
  Config config;
  std::unique_ptr<Store> store;
  std::unique_ptr<Clock> clock;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  FrontEndFactory front_end;  // what `run` serves over HTTP; may be empty

  Language lang() const { return config.language; }
  const date::time_zone* zone() const { return config.timezone; }
  Date Today() const { return LocalDate(clock->Now(), config.timezone); }
};

// Loads the configuration named by `config_flag` (or found as docs/configuration.md says), picks
// the clock (FRISTVAKT_NOW and FRISTVAKT_SPEED fix or speed it for tests and soak runs) and,
// with `open_store`, opens the database. Configuration problems are printed, all of them.
// With `reads_only` (for commands that only read the database), a configuration with problems
// is reported and the command goes on with what could be read: a running daemon keeps its last
// good configuration, and its database is still worth looking at. Nor is a database made where
// there is none: the store stays empty then.
Status LoadContext(const std::string& config_flag, bool open_store, bool reads_only,
                   CommandContext* ctx);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CLI_CONTEXT_H_
