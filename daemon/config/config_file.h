#ifndef FRISTVAKT_DAEMON_CONFIG_CONFIG_FILE_H_
#define FRISTVAKT_DAEMON_CONFIG_CONFIG_FILE_H_

#include <functional>
#include <optional>
#include <string>

#include "rules/config.h"
#include "rules/diagnostics.h"

// Loading and validating fristvakt.yaml (docs/configuration.md) with the units file, the rule
// files and the secrets it names.
namespace fristvakt {

// Looks up an environment variable; tests pass their own.
using Environment = std::function<std::optional<std::string>(const std::string&)>;
Environment ProcessEnvironment();

// The configuration file to use (docs/operator-guide.md): `flag` when given, else
// $FRISTVAKT_CONFIG, else /etc/fristvakt/fristvakt.yaml when it exists, else ./fristvakt.yaml.
std::string FindConfigPath(const std::string& flag, const Environment& env);

// Reads fristvakt.yaml, the units file and the rule files. Every problem in any of them goes to
// `diag` with its position; the configuration is usable only when diag has no errors.
void LoadConfig(const std::string& path, const Environment& env, Config* out, Diagnostics* diag);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CONFIG_CONFIG_FILE_H_
