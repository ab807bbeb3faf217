// Faults from outside, with the real binary: receivers that are down or failing for a while,
// the database on a full filesystem or locked by another process, and broken input files. The
// daemon must keep running, lose nothing and say clearly what is wrong.
#include <sys/mount.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>

#include "integration/harness.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;

class FaultTest : public Harness {
 protected:
  void TearDown() override {
    if (!mounted_.empty()) umount2(mounted_.c_str(), MNT_DETACH);
  }

  // How many outbox rows are in `state`, read by another process (Python's sqlite3).
  int CountState(const std::string& db, const std::string& state) {
    auto r = RunProcess({"/usr/bin/python3", "-c",
                         "import sqlite3, sys\n"
                         "c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n"
                         "print(c.execute('select count(*) from outbox where state = ?', "
                         "(sys.argv[2],)).fetchone()[0])",
                         db, state});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? std::stoi(r.out) : -1;
  }

  std::vector<std::string> Rows(const std::string& prefix, int n, const std::string& unit) {
    std::vector<std::string> rows;
    for (int i = 0; i < n; ++i) rows.push_back(prefix + std::to_string(i) + ";" + unit + ";T");
    return rows;
  }

  bool Logged(const std::string& text) {
    return ReadFile(dir_.File("daemon.log")).find(text) != std::string::npos;
  }

  std::string mounted_;
};

TEST_F(FaultTest, SmtpServerDownForAWhileThenBack) {
  // Learn a free port from a server, then stop it: the daemon starts with nothing listening.
  const int port = StartSmtp(false);
  servers_.back()->Signal(SIGTERM);
  ASSERT_GE(servers_.back()->Wait(5s), 0);
  std::filesystem::remove(dir_.File("smtp_server.py.port"));
  WriteConfig("smtp: {url: \"smtp://127.0.0.1:" + std::to_string(port) +
                  "\", starttls: off, from: fristvakt@example.no}\n",
              "units: [{id: u, name: Enhet, email: [enhet@example.no]}]\n");
  Import(Rows("S-", 12, "u"));
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Logged("retry in"); }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  // Down for a few more retries, then back on the same port.
  std::this_thread::sleep_for(3s);
  StartServer("smtp_server.py",
              {"--maildir", dir_.File("maildir"), "--port", std::to_string(port)});
  ASSERT_TRUE(WaitFor([&] { return Mails(dir_.File("maildir")).size() == 12; }, 30s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  EXPECT_EQ(CountState(dir_.File("fristvakt.db"), "sent"), 12);
  EXPECT_EQ(CountState(dir_.File("fristvakt.db"), "dead"), 0);
  EXPECT_EQ(Mails(dir_.File("maildir")).size(), 12u);  // each once
}

TEST_F(FaultTest, WebhookAnswering500ForAWhileIsDeliveredAfterwards) {
  const int port = StartReceiver();
  WriteConfig("webhooks: {hook: {url: \"http://127.0.0.1:" + std::to_string(port) + "/fail-3\"}}\n",
              "units: [{id: u, name: Enhet, webhook: hook}]\n");
  Import(Rows("W-", 8, "u"));
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return CountState(dir_.File("fristvakt.db"), "sent") == 8; }, 30s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  EXPECT_EQ(Requests("/fail-3").size(), 32u);  // three 500s, then 200, for each
  EXPECT_EQ(CountState(dir_.File("fristvakt.db"), "dead"), 0);
}

TEST_F(FaultTest, DatabaseOnAFullFilesystem) {
  const std::string mount_point = dir_.File("small");
  std::filesystem::create_directories(mount_point);
  if (mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=4m") != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
  }
  mounted_ = mount_point;
  const int port = StartReceiver();
  // Each notice fails three times first, so outcomes are still being written when space runs out.
  WriteConfig("database: small/fristvakt.db\nwebhooks: {hook: {url: \"http://127.0.0.1:" +
                  std::to_string(port) + "/fail-3\"}}\n",
              "units: [{id: u, name: Enhet, webhook: hook}]\n");
  Import(Rows("F-", 20, "u"));
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return !Requests("/fail-3").empty(); }, 10s));
  {
    // Fill the filesystem to the last byte.
    std::ofstream filler(mount_point + "/filler", std::ios::binary);
    const std::string block(4096, 'x');
    while (filler.write(block.data(), block.size()) && filler.flush()) {
    }
  }
  ASSERT_TRUE(WaitFor([&] { return Logged("full"); }, 15s)) << ReadFile(dir_.File("daemon.log"));
  EXPECT_EQ(daemon->Wait(0ms), -1) << "the daemon must keep running";
  // A command gets a clear error and exit 3 (docs/operator-guide.md, "Exit codes": the work could
  // not be done).
  auto set = Fristvakt({"set", "F-0", "--comment", "fylt opp"});
  EXPECT_EQ(set.exit_code, 3) << set.err;
  EXPECT_THAT(set.err, HasSubstr("full"));
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(daemon->Wait(0ms), -1);

  // Space returns: everything is delivered and recorded, nothing dead.
  std::filesystem::remove(mount_point + "/filler");
  ASSERT_TRUE(WaitFor([&] { return CountState(mount_point + "/fristvakt.db", "sent") == 20; }, 60s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  EXPECT_EQ(CountState(mount_point + "/fristvakt.db", "dead"), 0);
  std::set<std::string> delivered;
  for (const json& r : Requests("/fail-3")) delivered.insert(r["headers"]["idempotency-key"]);
  EXPECT_EQ(delivered.size(), 20u);
}

// A receiver that resets kept-alive connections after reading a request: libcurl would send
// such a request again by itself on a fresh connection. Each recorded attempt is one request.
TEST_F(FaultTest, ReceiverResettingKeptAliveConnectionsGetsOneRequestPerAttempt) {
  const int port = StartServer("reset_receiver.py", {"--log", dir_.File("resets.log")});
  WriteConfig("webhooks: {hook: {url: \"http://127.0.0.1:" + std::to_string(port) + "/x\"}}\n",
              "units: [{id: u, name: Enhet, webhook: hook}]\n",
              "{first_retry: 1s, max_retry: 1s, timeout: 2s, webhook_limit: 1}");
  Import(Rows("K-", 4, "u"));
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return CountState(dir_.File("fristvakt.db"), "sent") == 4; }, 20s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  std::map<std::string, int> requests;
  std::istringstream lines(ReadFile(dir_.File("resets.log")));
  for (std::string time, key; lines >> time >> key;) ++requests[key];
  auto r = RunProcess({"/usr/bin/python3", "-c",
                       "import sqlite3, sys\n"
                       "c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n"
                       "for k, n in c.execute('select key, attempts from outbox'): print(k, n)",
                       dir_.File("fristvakt.db")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream attempts(r.out);
  int keys = 0;
  for (std::string key; attempts >> key;) {
    int n = 0;
    attempts >> n;
    EXPECT_EQ(requests[key], n) << key;
    ++keys;
  }
  EXPECT_EQ(keys, 4);
}

TEST_F(FaultTest, DatabaseLockedByAnotherProcessIsWaitedFor) {
  const int port = StartReceiver();
  WriteConfig("webhooks: {hook: {url: \"http://127.0.0.1:" + std::to_string(port) + "/ok\"}}\n",
              "units: [{id: u, name: Enhet, webhook: hook}]\n");
  Import(Rows("L-", 10, "u"));
  // Another process holds the write lock for 3 s while the daemon starts and a command runs.
  auto holder = HoldWriteLock(3);
  auto daemon = StartDaemon();
  auto set = Fristvakt({"set", "L-0", "--comment", "venter på låsen"});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 10; }, 20s))
      << ReadFile(dir_.File("daemon.log"));
  EXPECT_EQ(daemon->Wait(0ms), -1);
  Stop(*daemon);
  EXPECT_EQ(holder->Wait(5s), 0);
  EXPECT_EQ(CountState(dir_.File("fristvakt.db"), "sent"), 10);
}

// Every file in a fuzz corpus (tests/fuzz/corpus), given to the command line as a plan, a rule
// file or a configuration: exit 0 or 1, and on 1 a message with the file and a line.
class CorpusAtTheCommandLine : public Harness {
 protected:
  std::vector<std::filesystem::path> Corpus(const std::string& target) {
    std::vector<std::filesystem::path> files;
    for (const auto& e :
         std::filesystem::directory_iterator(kSource + "/tests/fuzz/corpus/" + target)) {
      files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    // Every input runs in-process through fuzz_replay; here a spread of at most 100 per target
    // keeps the run short (each is a process, slow under ASan).
    const size_t step = files.size() / 100 + 1;
    std::vector<std::filesystem::path> spread;
    for (size_t i = 0; i < files.size(); i += step) spread.push_back(files[i]);
    for (const auto& f : files) {  // the named ones (seeds, crashes) always
      if (f.filename().string().size() != 40 &&
          std::find(spread.begin(), spread.end(), f) == spread.end()) {
        spread.push_back(f);
      }
    }
    return spread;
  }

  // On exit 1 the message names a file in the test's folder (the input, or the file it
  // conflicts with) and a line.
  void ExpectCleanExit(const testing::ProcessResult& r, const std::filesystem::path& input) {
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << input << " exited " << r.exit_code << "\n"
                                                      << r.err;
    if (r.exit_code == 1) {
      const std::regex position(
          std::regex_replace(dir_.File(""), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
          "[^:\n]+:[0-9]+");
      EXPECT_TRUE(std::regex_search(r.err, position)) << input << ": no position in\n" << r.err;
    }
  }
};

TEST_F(CorpusAtTheCommandLine, PlanFiles) {
  WriteConfig("", ReadFile(kSource + "/examples/units.yaml"));
  std::filesystem::remove_all(dir_.File("rules"));
  std::filesystem::copy(
      kSource + "/examples/rules", dir_.File("rules"),
      std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
  for (const auto& input : Corpus("plan")) {
    const std::string data = ReadFile(input.string());
    if (data.empty()) continue;
    // The first byte picks the format, as in the fuzz target.
    const std::string name = data[0] % 2 == 0 ? "plan.csv" : "plan.yaml";
    const std::string file = dir_.Write(name, data.substr(1));
    ExpectCleanExit(Fristvakt({"import", "--dry-run", file}), input);
  }
}

TEST_F(CorpusAtTheCommandLine, Workbooks) {
  WriteConfig("", ReadFile(kSource + "/examples/units.yaml"));
  std::filesystem::remove_all(dir_.File("rules"));
  std::filesystem::copy(
      kSource + "/examples/rules", dir_.File("rules"),
      std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
  for (const auto& input : Corpus("workbook")) {
    const std::string file = dir_.Write("plan.xlsx", ReadFile(input.string()));
    auto r = Fristvakt({"import", "--dry-run", file});
    // A workbook's problems are at FILE:SHEET!CELL, or at FILE for the whole file.
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << input << " exited " << r.exit_code;
    if (r.exit_code == 1) {
      EXPECT_EQ(r.err.rfind(file + ":", 0), 0u) << input << "\n" << r.err;
    }
  }
}

TEST_F(CorpusAtTheCommandLine, RuleFiles) {
  WriteConfig("", ReadFile(kSource + "/examples/units.yaml"));
  // Beside the harness's one area, so that a folder is never without an area.
  std::filesystem::remove(dir_.File("rules/00.yaml"));
  for (const auto& input : Corpus("rule_file")) {
    dir_.Write("rules/area.yaml", ReadFile(input.string()));
    ExpectCleanExit(Fristvakt({"check"}), input);
  }
}

TEST_F(CorpusAtTheCommandLine, Configurations) {
  dir_.Write("units.yaml", ReadFile(kSource + "/examples/units.yaml"));
  for (const auto& input : Corpus("config")) {
    dir_.Write("fristvakt.yaml", ReadFile(input.string()));
    ExpectCleanExit(Fristvakt({"check"}), input);
  }
}

}  // namespace
}  // namespace fristvakt
