#ifndef FRISTVAKT_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define FRISTVAKT_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/config/config_file.h"
#include "rules/config.h"

// What the fuzz targets share: the bundled example's configuration, loaded once, and a private
// folder to put an input in when the code under test reads files.
namespace fristvakt::fuzz {

// The example configuration (examples/fristvakt.yaml, its units and rules). Aborts if it does
// not load: a target without it would test nothing.
const Config& ExampleConfig();

// A folder of this process's own under /tmp, made on first use.
const std::string& ScratchDir();

// Writes `data` to ScratchDir()/name and answers the path.
std::string WriteScratch(const std::string& name, const uint8_t* data, size_t size);

}  // namespace fristvakt::fuzz

#endif  // FRISTVAKT_TESTS_FUZZ_FUZZ_SUPPORT_H_
