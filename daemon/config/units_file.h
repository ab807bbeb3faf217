#ifndef FRISTVAKT_DAEMON_CONFIG_UNITS_FILE_H_
#define FRISTVAKT_DAEMON_CONFIG_UNITS_FILE_H_

#include <set>
#include <string>

#include "rules/diagnostics.h"
#include "rules/units.h"

// Reading units.yaml (docs/configuration.md) into a Directory.
namespace fristvakt {

// Reads units.yaml; every problem goes to `diag` with its position. `webhooks` are the names
// that the main configuration defines.
void LoadDirectory(const std::string& path, const std::set<std::string>& webhooks, Directory* out,
                   Diagnostics* diag);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CONFIG_UNITS_FILE_H_
