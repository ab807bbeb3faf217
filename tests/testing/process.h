#ifndef FRISTVAKT_TESTS_TESTING_PROCESS_H_
#define FRISTVAKT_TESTS_TESTING_PROCESS_H_

#include <chrono>
#include <functional>
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

// A program running beside the test, its output going to `log`. Stopped when it goes:
// SIGTERM, then SIGKILL if it has not ended within 5 s.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& args, const std::string& log,
                    const std::vector<std::string>& env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  int pid() const { return pid_; }
  void Signal(int signal);
  // Waits at most `timeout` for the process to end: its exit code (128 + signal when killed
  // by one), or -1 if it is still running.
  int Wait(std::chrono::milliseconds timeout);

 private:
  int pid_ = -1;
  int exit_code_ = -1;
};

// Polls `condition` every 50 ms until it holds or `timeout` passes.
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_TESTING_PROCESS_H_
