// The daemon as an operator runs it: live changes, restarts, crashes, reloads, shutdown,
// systemd's notifications and catch-up after a long stop. The real binary, real servers.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/harness.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kRules = R"(focus_area: "*"
rules:
  - {name: forfall, when: {on_deadline: true}, to: [responsible]}
  - {name: forsinket, when: {after_deadline: 1d}, repeat: 7d, max_times: 4, to: [responsible]}
  - {name: status-endret, when: {event: status_changed}, to: [responsible]}
  - {name: frist-flyttet, when: {event: deadline_moved}, to: [ledergruppe]}
)";

constexpr const char* kGroup =
    "groups:\n  - {id: ledergruppe, name: Ledergruppa, email: [leder@example.no]}\n";

class DaemonTest : public Harness {
 protected:
  // A date `days` from today, dd.mm.yyyy.
  std::string Day(int days) const {
    return FormatNorwegianDate(*ParseDate(today_) + date::days(days));
  }
  std::string Iso(int days) const { return FormatIsoDate(*ParseDate(today_) + date::days(days)); }

  void ImportCsv(const std::string& rows) {
    auto r = Fristvakt(
        {"import", dir_.Write("plan.csv", "Nr;Ansvar;Tiltak;Satsningsområde;Frist\r\n" + rows)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::map<std::string, int> KeysReceived(const std::string& path) const {
    std::map<std::string, int> keys;
    for (const json& r : Requests(path)) ++keys[r["headers"]["idempotency-key"].get<std::string>()];
    return keys;
  }

  std::string Base(int port) const { return "http://127.0.0.1:" + std::to_string(port); }
};

// Import, `set` a status, `set` a deadline, all while the daemon runs; each takes effect within
// a second, and what a change makes untrue is no longer sent.
TEST_F(DaemonTest, LiveChangesTakeEffectWithinASecond) {
  int http = StartReceiver();
  int smtp = StartSmtp(false);
  dir_.Write("rules/00.yaml", kRules);
  WriteConfig("smtp:\n  url: smtp://127.0.0.1:" + std::to_string(smtp) +
                  "\n  starttls: off\n  from: fristvakt@example.no\n"
                  "webhooks:\n  ok: {url: \"" +
                  Base(http) +
                  "/ok\"}\n"
                  "  down: {url: \"" +
                  Base(http) + "/down\"}\n",
              "units:\n  - {id: hbo, name: HBO, email: [hbo@example.no], webhook: ok}\n"
              "  - {id: nede, name: Nede, webhook: down}\n"
              "groups:\n  - {id: ledergruppe, name: Ledergruppa, email: [leder@example.no]}\n");
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor(
      [&] { return ReadFile(dir_.File("daemon.log")).find("started") != std::string::npos; }, 5s));

  // An import while it runs: M-1's notice arrives by mail and webhook.
  ImportCsv("M-1;hbo;Første;digitalisering;" + today_ + "\r\nM-3;nede;Nede;digitalisering;" +
            today_ + "\r\nM-4;nede;Flyttes;digitalisering;" + today_ + "\r\n");
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 1; }, 1s))
      << ReadFile(dir_.File("daemon.log"));
  ASSERT_TRUE(WaitFor([&] { return Mails(dir_.File("maildir")).size() == 1; }, 2s));
  ASSERT_TRUE(WaitFor([&] { return Requests("/down").size() >= 2; }, 5s));  // retried

  // A status change: its event notice within a second.
  ASSERT_EQ(Fristvakt({"set", "M-1", "--status", "pågår"}).exit_code, 0);
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 2; }, 1s));
  EXPECT_THAT(Requests("/ok")[1]["headers"]["idempotency-key"].get<std::string>(),
              HasSubstr("M-1/status-endret/"));

  // M-3 done: its failing reminder, queued for a retry, stops.
  ASSERT_EQ(Fristvakt({"set", "M-3", "--status", "fullført"}).exit_code, 0);
  // M-4's deadline moves: the leadership group hears of it, the old series is dropped.
  ASSERT_EQ(
      Fristvakt({"set", "M-4", "--deadline", Day(30), "--reason", "Venter på utstyr"}).exit_code,
      0);
  auto moved = [&] {
    for (const json& m : Mails(dir_.File("maildir"))) {
      if (m["headers"]["x-fristvakt-key"].get<std::string>().rfind("M-4/frist-flyttet/", 0) == 0) {
        return true;
      }
    }
    return false;
  };
  ASSERT_TRUE(WaitFor(moved, 1s)) << ReadFile(dir_.File("daemon.log"));
  // The old reminders are no longer retried (M-3's own status notice to the same receiver is).
  auto reminders = [&] {
    int n = 0;
    for (const json& r : Requests("/down")) {
      n +=
          r["headers"]["idempotency-key"].get<std::string>().find("/forfall/") != std::string::npos;
    }
    return n;
  };
  std::this_thread::sleep_for(300ms);
  const int before = reminders();
  std::this_thread::sleep_for(2500ms);  // longer than any retry wait here
  EXPECT_EQ(reminders(), before);
  EXPECT_THAT(Fristvakt({"show", "M-3"}).out, HasSubstr("ikke sendt  M-3/forfall/"));
  EXPECT_THAT(Fristvakt({"show", "M-4"}).out, HasSubstr("ikke sendt  M-4/forfall/" + Iso(0)));
  Stop(*daemon);
}

TEST_F(DaemonTest, StopAndStartSendsNothingTwice) {
  int http = StartReceiver();
  dir_.Write("rules/00.yaml", kRules);
  WriteConfig("webhooks:\n  ok: {url: \"" + Base(http) + "/ok\"}\n",
              "units:\n  - {id: hbo, name: HBO, webhook: ok}\n" + std::string(kGroup));
  ImportCsv("A-1;hbo;En;digitalisering;" + today_ + "\r\nA-2;hbo;To;digitalisering;" + Day(-1) +
            "\r\n");
  auto first = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 2; }, 5s));
  Stop(*first);
  auto second = StartDaemon();
  std::this_thread::sleep_for(1500ms);
  Stop(*second);
  for (const auto& [key, count] : KeysReceived("/ok")) EXPECT_EQ(count, 1) << key;
  EXPECT_EQ(KeysReceived("/ok").size(), 2u);
}

// Killed three times while 2,000 notices go out: every key arrives, and the only copies are of
// what was in flight at a kill (at most the 16 in flight to one URL, each time).
TEST_F(DaemonTest, KilledWhileDeliveringLosesNothing) {
  int http = StartReceiver();
  dir_.Write("rules/00.yaml", kRules);
  WriteConfig("webhooks:\n  ok: {url: \"" + Base(http) + "/ok\"}\n",
              "units:\n  - {id: hbo, name: HBO, webhook: ok}\n" + std::string(kGroup));
  std::string rows;
  for (int i = 0; i < 2000; ++i) {
    rows += "K-" + std::to_string(i) + ";hbo;Tiltak " + std::to_string(i) + ";digitalisering;" +
            today_ + "\r\n";
  }
  ImportCsv(rows);
  for (int kill = 0; kill < 3; ++kill) {
    auto daemon = StartDaemon();
    const size_t before = Requests("/ok").size();
    ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() > before + 50; }, 20s))
        << ReadFile(dir_.File("daemon.log"));
    daemon->Signal(SIGKILL);
    ASSERT_EQ(daemon->Wait(5s), 128 + SIGKILL);
  }
  auto last = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return KeysReceived("/ok").size() == 2000; }, 60s))
      << KeysReceived("/ok").size() << " keys";
  Stop(*last);
  int copies = 0;
  for (const auto& [key, count] : KeysReceived("/ok")) copies += count - 1;
  EXPECT_LE(copies, 3 * 16);
  RecordProperty("duplicates", copies);
  std::cout << "2000 keys delivered; " << copies << " copies of notices in flight at a kill\n";
}

TEST_F(DaemonTest, BrokenRulesOnReloadKeepTheOldOnes) {
  int http = StartReceiver();
  dir_.Write("rules/00.yaml", kRules);
  WriteConfig("webhooks:\n  ok: {url: \"" + Base(http) + "/ok\"}\n",
              "units:\n  - {id: hbo, name: HBO, webhook: ok}\n"
              "groups:\n  - {id: ledergruppe, name: Ledergruppa, webhook: ok}\n");
  ImportCsv("R-1;hbo;En;digitalisering;" + Day(10) + "\r\n");
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor(
      [&] { return ReadFile(dir_.File("daemon.log")).find("started") != std::string::npos; }, 5s));
  std::string broken = dir_.Write("rules/digitalisering.yaml",
                                  "focus_area: digitalisering\nrules:\n  - {name: x, when: {}, "
                                  "to: [responsible]}\n  - {name: y, when: {on_deadline: true}}\n");
  daemon->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor(
      [&] {
        return ReadFile(dir_.File("daemon.log")).find("keeping the previous configuration") !=
               std::string::npos;
      },
      5s));
  const std::string log = ReadFile(dir_.File("daemon.log"));
  EXPECT_THAT(log, HasSubstr(broken + ":3:21: 'when' has no trigger"));
  EXPECT_THAT(log, HasSubstr(broken + ":4:5: missing 'to' in a rule"));
  EXPECT_LT(daemon->Wait(0ms), 0);  // still running
  // The command line refuses the broken file too; a valid copy of the configuration on the same
  // database stands in for it. The old rules are in force: a status change is still told.
  dir_.Write("cli/units.yaml", ReadFile(dir_.File("units.yaml")));
  dir_.Write("cli/rules/00.yaml", kRules);
  dir_.Write("cli/rules/digitalisering.yaml", "focus_area: digitalisering\n");
  dir_.Write("cli/fristvakt.yaml", std::string(kCalendar) +
                                       "database: " + dir_.File("fristvakt.db") +
                                       "\nwebhooks:\n  ok: {url: \"" + Base(http) + "/ok\"}\n");
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {FRISTVAKT_BINARY, "--config", dir_.File("cli/fristvakt.yaml")});
    return RunProcess(args);
  };
  EXPECT_THAT(cli({"status"}).out, HasSubstr("kjører"));
  ASSERT_EQ(cli({"set", "R-1", "--status", "pågår"}).exit_code, 0);
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 1; }, 2s));

  // Fixed, with a new rule: after SIGHUP it is in force.
  dir_.Write("rules/digitalisering.yaml",
             "focus_area: digitalisering\nrules:\n"
             "  - {name: ny, when: {event: acknowledged}, to: [ledergruppe]}\n");
  daemon->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor(
      [&] { return ReadFile(dir_.File("daemon.log")).find("reloaded:") != std::string::npos; },
      5s));
  ASSERT_EQ(Fristvakt({"ack", "R-1", "--note", "Vi er på saken"}).exit_code, 0);
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 2; }, 2s))
      << ReadFile(dir_.File("daemon.log"));
  EXPECT_THAT(Requests("/ok")[1]["headers"]["idempotency-key"].get<std::string>(),
              HasSubstr("R-1/ny/"));
  Stop(*daemon);
}

TEST_F(DaemonTest, SigtermWithAReceiverThatNeverAnswers) {
  int http = StartReceiver();
  dir_.Write("rules/00.yaml", kRules);
  WriteConfig("webhooks:\n  hang: {url: \"" + Base(http) + "/hang\"}\n",
              "units:\n  - {id: hbo, name: HBO, webhook: hang}\n" + std::string(kGroup),
              "{timeout: 1h}");
  ImportCsv("S-1;hbo;Henger;digitalisering;" + today_ + "\r\n");
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/hang").size() == 1; }, 5s));
  auto start = std::chrono::steady_clock::now();
  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(11s), 0) << ReadFile(dir_.File("daemon.log"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10500ms);
  EXPECT_THAT(Fristvakt({"outbox"}).out, HasSubstr("S-1/forfall/"));
  EXPECT_THAT(Fristvakt({"outbox"}).out, HasSubstr("i kø"));
}

// systemd's side of Type=notify: a datagram socket the daemon reports to.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval timeout{0, 100000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~NotifySocket() { close(fd_); }

  // Every message that came in, read until none comes for 100 ms.
  void Drain() {
    char buffer[512];
    ssize_t n;
    while ((n = recv(fd_, buffer, sizeof buffer, 0)) > 0) {
      messages_.emplace_back(buffer, static_cast<size_t>(n));
    }
  }
  bool Saw(const std::string& text) {
    Drain();
    for (const std::string& m : messages_) {
      if (m.find(text) != std::string::npos) return true;
    }
    return false;
  }
  int Count(const std::string& text) {
    Drain();
    int n = 0;
    for (const std::string& m : messages_) n += m.find(text) != std::string::npos;
    return n;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

TEST_F(DaemonTest, TellsSystemdWhatItDoes) {
  dir_.Write("rules/00.yaml", kRules);
  WriteConfig("",
              "units:\n  - {id: hbo, name: HBO, email: [hbo@example.no]}\n" + std::string(kGroup));
  NotifySocket systemd(dir_.File("notify.sock"));
  BackgroundProcess daemon({FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml"), "run"},
                           dir_.File("daemon.log"),
                           {"NOTIFY_SOCKET=" + dir_.File("notify.sock"), "WATCHDOG_USEC=400000"});
  ASSERT_TRUE(WaitFor([&] { return systemd.Saw("READY=1"); }, 5s))
      << ReadFile(dir_.File("daemon.log"));
  ASSERT_TRUE(WaitFor([&] { return systemd.Count("WATCHDOG=1") >= 2; }, 3s));
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return systemd.Saw("RELOADING=1"); }, 3s));
  EXPECT_TRUE(systemd.Saw("MONOTONIC_USEC="));
  ASSERT_TRUE(WaitFor([&] { return systemd.Count("READY=1") == 2; }, 3s));
  daemon.Signal(SIGTERM);
  ASSERT_TRUE(WaitFor([&] { return systemd.Saw("STOPPING=1"); }, 3s));
  EXPECT_EQ(daemon.Wait(5s), 0);
}

// Stopped for 19 days: of the overdue series' missed notices only the latest goes out, once;
// nothing that would now be false.
TEST_F(DaemonTest, CatchUpAfterALongStop) {
  int http = StartReceiver();
  dir_.Write("rules/00.yaml", kRules);
  WriteConfig("webhooks:\n  ok: {url: \"" + Base(http) + "/ok\"}\n",
              "units:\n  - {id: hbo, name: HBO, webhook: ok}\n" + std::string(kGroup));
  const std::string then = Iso(-19) + "T10:00:00";
  auto r = RunProcess({FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml"), "import",
                       dir_.Write("plan.csv",
                                  "Nr;Ansvar;Tiltak;Satsningsområde;Frist\r\n"
                                  "C-1;hbo;Gammel;digitalisering;" +
                                      Day(-20) + "\r\n")},
                      {"FRISTVAKT_NOW=" + Iso(-21) + "T09:00:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  {
    // The daemon as it ran 19 days ago: the first overdue notice went out then.
    BackgroundProcess past({FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml"), "run"},
                           dir_.File("daemon.log"), {"FRISTVAKT_NOW=" + then});
    ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 1; }, 5s))
        << ReadFile(dir_.File("daemon.log"));
    past.Signal(SIGTERM);
    ASSERT_EQ(past.Wait(5s), 0);
  }
  auto now = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 2; }, 5s))
      << ReadFile(dir_.File("daemon.log"));
  std::this_thread::sleep_for(1s);
  Stop(*now);
  const std::string series = "C-1/forsinket/" + Iso(-20);
  std::map<std::string, int> expected = {{series + "/1/hbo/webhook", 1},
                                         {series + "/3/hbo/webhook", 1}};
  EXPECT_EQ(KeysReceived("/ok"), expected);
  EXPECT_THAT(Fristvakt({"show", "C-1"}).out,
              HasSubstr("ikke sendt  " + series + "/2/hbo/webhook"));
}

}  // namespace
}  // namespace fristvakt
