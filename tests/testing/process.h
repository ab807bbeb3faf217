#ifndef FRISTVAKT_TESTS_TESTING_PROCESS_H_
#define FRISTVAKT_TESTS_TESTING_PROCESS_H_

#include <string>
#include <vector>

namespace fristvakt::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Runs a program to completion with the environment of the test plus `env` ("NAME=value"),
// and collects what it printed.
ProcessResult RunProcess(const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {});

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_TESTING_PROCESS_H_
