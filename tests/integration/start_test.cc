// Starting the daemon: everything that can fail at start fails before anything is queued or
// sent, one daemon per database whatever the path, and a stop signal is a clean stop from the
// first moment.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>

#include "integration/harness.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;

class StartTest : public Harness {
 protected:
  // A TCP port on loopback that this test holds, so that the daemon cannot listen on it.
  int HoldPort() {
    held_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(held_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(listen(held_, 1), 0);
    socklen_t length = sizeof address;
    getsockname(held_, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
  }

  void ReleasePort() {
    if (held_ >= 0) close(held_);
    held_ = -1;
  }

  void TearDown() override { ReleasePort(); }

  int SpooledMails() const {
    int n = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.File("spool"), ec)) {
      if (entry.path().extension() == ".eml") ++n;
    }
    return n;
  }

  int held_ = -1;
};

// Whether the process blocks or catches SIGTERM, from the masks in /proc/PID/status.
bool HoldsOrCatchesSigterm(int pid) {
  std::istringstream status(ReadFile("/proc/" + std::to_string(pid) + "/status"));
  const unsigned long long bit = 1ULL << (SIGTERM - 1);
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("SigBlk:", 0) == 0 || line.rfind("SigCgt:", 0) == 0) {
      if (std::stoull(line.substr(7), nullptr, 16) & bit) return true;
    }
  }
  return false;
}

constexpr const char* kUnits = "units:\n  - {id: hbo, name: HBO, email: [hbo@example.no]}\n";

TEST_F(StartTest, StartThatCannotListenQueuesAndSendsNothing) {
  const int port = HoldPort();
  WriteConfig("api: {listen: 127.0.0.1:" + std::to_string(port) + "}\n", kUnits);
  Import({"A-1;hbo;En", "A-2;hbo;To", "A-3;hbo;Tre", "A-4;hbo;Fire"});

  auto failed = Fristvakt({"run"});
  EXPECT_EQ(failed.exit_code, 3) << failed.err;
  EXPECT_THAT(failed.err, HasSubstr("cannot listen"));
  EXPECT_EQ(SpooledMails(), 0);
  auto status = Fristvakt({"status"});
  EXPECT_THAT(status.out, HasSubstr("I kø: 0 ")) << status.out;

  // Once the port is free, each notice goes out once, and a restart sends none again.
  ReleasePort();
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return SpooledMails() == 4; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  auto again = StartDaemon();
  std::this_thread::sleep_for(1500ms);
  Stop(*again);
  EXPECT_EQ(SpooledMails(), 4);
}

TEST_F(StartTest, SpoolFolderThatCannotBeMadeIsAnErrorBeforeAnythingIsQueued) {
  dir_.Write("not-a-folder", "a file where the spool folder should be\n");
  WriteConfig("spool: not-a-folder/spool\n", kUnits);
  Import({"A-1;hbo;En"});
  auto failed = Fristvakt({"run"});
  EXPECT_EQ(failed.exit_code, 3) << failed.err;
  EXPECT_THAT(failed.err, HasSubstr("spool"));
  EXPECT_THAT(Fristvakt({"status"}).out, HasSubstr("I kø: 0 "));
}

TEST_F(StartTest, SecondDaemonOnTheSameDatabaseThroughASymlinkIsRefused) {
  WriteConfig("", kUnits);
  Import({"A-1;hbo;En"});
  auto first = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return SpooledMails() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));

  // Another name for the same database file, and a configuration that reaches it by that name.
  std::filesystem::create_symlink(dir_.File("fristvakt.db"), dir_.File("andre.db"));
  dir_.Write("other.yaml", ReadFile(dir_.File("fristvakt.yaml")) + "database: andre.db\n");
  BackgroundProcess second({FRISTVAKT_BINARY, "--config", dir_.File("other.yaml"), "run"},
                           dir_.File("second.log"));
  EXPECT_EQ(second.Wait(5s), 3);
  EXPECT_THAT(ReadFile(dir_.File("second.log")), HasSubstr("another fristvakt daemon is running"));
  EXPECT_THAT(Fristvakt({"status"}).out, HasSubstr("kjører"));
  Stop(*first);
  EXPECT_EQ(SpooledMails(), 1);
}

TEST_F(StartTest, StopSignalInTheFirstMomentsIsACleanStop) {
  WriteConfig("", kUnits);
  Import({"A-1;hbo;En"});
  for (auto delay : {0ms, 2ms, 10ms, 30ms, 80ms}) {
    auto daemon = StartDaemon();
    // From the moment the program runs (its signals held, or already caught), not from the
    // fork: before the exec the test's own child would die of any signal.
    ASSERT_TRUE(WaitFor([&] { return HoldsOrCatchesSigterm(daemon->pid()); }, 5s));
    std::this_thread::sleep_for(delay);
    daemon->Signal(SIGTERM);
    EXPECT_EQ(daemon->Wait(5s), 0) << "SIGTERM after " << delay.count() << " ms\n"
                                   << ReadFile(dir_.File("daemon.log"));
  }
}

}  // namespace
}  // namespace fristvakt
