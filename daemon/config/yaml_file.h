#ifndef FRISTVAKT_DAEMON_CONFIG_YAML_FILE_H_
#define FRISTVAKT_DAEMON_CONFIG_YAML_FILE_H_

#include <string>

#include "rules/diagnostics.h"
#include "rules/yaml_reader.h"

// The YAML files fristvakt reads (fristvakt.yaml, units.yaml, rule files): read from disk, then
// parsed with positions by rules/yaml_reader.h.
namespace fristvakt {

// Reads the whole file at `path`, or reports why it cannot; returns false then.
bool ReadWholeFile(const std::string& path, std::string* out, Diagnostics* diag);

// Parses the file at `path` into `root`. A missing file or a syntax error is reported with its
// position; returns false then.
bool LoadYamlFile(const std::string& path, YAML::Node* root, Diagnostics* diag);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_CONFIG_YAML_FILE_H_
