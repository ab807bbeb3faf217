#ifndef FRISTVAKT_TESTS_INTEGRATION_HARNESS_H_
#define FRISTVAKT_TESTS_INTEGRATION_HARNESS_H_

// What the tests that drive the real daemon share: a folder with a configuration whose calendar
// makes every hour a sending hour, a webhook receiver and an SMTP server on loopback (Python
// scripts in servers/), and the fristvakt binary run in the foreground or beside the test.
#include <csignal>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rules/dates.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace fristvakt {

using nlohmann::json;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunProcess;
using testing::TempDir;
using testing::WaitFor;
using namespace std::chrono_literals;

inline const std::string kSource = FRISTVAKT_SOURCE_DIR;
inline const std::string kServers = kSource + "/tests/integration/servers/";
inline constexpr const char* kSecret = "whsec_c2lnbmVyaW5nc27DuGtrZWwtZm9yLXRlc3Rlbg==";

// Every day is a working day and every hour a sending hour, so notices due today go at once.
inline constexpr const char* kCalendar = R"(timezone: Europe/Oslo
language: nb
calendar:
  holidays: none
  workdays: [mon, tue, wed, thu, fri, sat, sun]
  send_time: "00:00"
  send_until: "23:59"
)";

class Harness : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("rules/00.yaml", R"(focus_area: "*"
rules:
  - {name: forfall, when: {on_deadline: true}, to: [responsible]}
)");
    dir_.Write("rules/digitalisering.yaml", "focus_area: digitalisering\ntitle: Digitalisering\n");
    today_ = FormatNorwegianDate(LocalDate(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()),
        date::locate_zone("Europe/Oslo")));
  }

  // Starts a server script and returns its port.
  int StartServer(const std::string& script, std::vector<std::string> args) {
    std::string port_file = dir_.File(script + ".port");
    args.insert(args.begin(), {"/usr/bin/python3", kServers + script, "--port-file", port_file});
    servers_.push_back(std::make_unique<BackgroundProcess>(args, dir_.File(script + ".log")));
    EXPECT_TRUE(WaitFor([&] { return std::filesystem::exists(port_file); }, 10s)) << script;
    return std::stoi(ReadFile(port_file));
  }

  int StartReceiver() {
    return StartServer("webhook_receiver.py",
                       {"--log", dir_.File("requests.jsonl"), "--secret", kSecret});
  }

  int StartSmtp(bool tls, const std::string& auth = "") {
    std::vector<std::string> args = {"--maildir", dir_.File("maildir")};
    if (!auth.empty()) args.insert(args.end(), {"--auth", auth});
    if (tls) {
      RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                  "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                  "-keyout", dir_.File("key.pem"), "-out", dir_.File("cert.pem")});
      args.insert(args.end(), {"--cert", dir_.File("cert.pem"), "--key", dir_.File("key.pem")});
    }
    return StartServer("smtp_server.py", args);
  }

  void WriteConfig(const std::string& extra, const std::string& units,
                   const std::string& delivery = "{first_retry: 1s, max_retry: 2s, timeout: 2s}") {
    dir_.Write("hook.secret", std::string(kSecret) + "\n");
    dir_.Write("fristvakt.yaml", kCalendar + ("delivery: " + delivery + "\n") + extra);
    dir_.Write("units.yaml", units);
  }

  // Imports measures due today, each "ID;unit;title".
  void Import(const std::vector<std::string>& rows) {
    std::string csv = "Nr;Ansvar;Tiltak;Satsningsområde;Frist\r\n";
    for (const std::string& row : rows) csv += row + ";digitalisering;" + today_ + "\r\n";
    auto r = Fristvakt({"import", dir_.Write("plan.csv", csv)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  testing::ProcessResult Fristvakt(std::vector<std::string> args) {
    args.insert(args.begin(), {FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml")});
    return RunProcess(args);
  }

  std::unique_ptr<BackgroundProcess> StartDaemon() {
    return std::make_unique<BackgroundProcess>(
        std::vector<std::string>{FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml"), "run"},
        dir_.File("daemon.log"));
  }

  // Stops the daemon with SIGTERM; it must exit 0 within `limit`.
  void Stop(BackgroundProcess& daemon, std::chrono::milliseconds limit = 3s) {
    daemon.Signal(SIGTERM);
    EXPECT_EQ(daemon.Wait(limit), 0) << ReadFile(dir_.File("daemon.log"));
  }

  std::vector<json> Requests(const std::string& path_prefix = "") const {
    std::vector<json> out;
    // Whole lines only: the receiver may be writing the last one.
    std::string text = ReadFile(dir_.File("requests.jsonl"));
    text.erase(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      json r = json::parse(line);
      if (r["path"].get<std::string>().rfind(path_prefix, 0) == 0) out.push_back(r);
    }
    return out;
  }

  json Mails(const std::string& folder) {
    auto r = RunProcess({"/usr/bin/python3", kServers + "read_maildir.py", folder});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }

  // Another process that holds the database's write lock for `seconds` (an import or a backup
  // would), started once it holds it.
  std::unique_ptr<BackgroundProcess> HoldWriteLock(int seconds) {
    auto holder = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/python3", "-c",
                                 "import sqlite3, sys, time\n"
                                 "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                                 "c.execute('begin exclusive')\n"
                                 "open(sys.argv[2], 'w').close()\n"
                                 "time.sleep(int(sys.argv[3]))\n"
                                 "c.execute('commit')",
                                 dir_.File("fristvakt.db"), dir_.File("locked"),
                                 std::to_string(seconds)},
        dir_.File("holder.log"));
    EXPECT_TRUE(WaitFor([&] { return std::filesystem::exists(dir_.File("locked")); }, 10s));
    return holder;
  }

  std::string Key(const std::string& id, const std::string& unit, const std::string& channel) {
    auto d = ParseDate(today_);
    return id + "/forfall/" + FormatIsoDate(*d) + "/1/" + unit + "/" + channel;
  }

  TempDir dir_;
  std::string today_;
  std::vector<std::unique_ptr<BackgroundProcess>> servers_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_TESTS_INTEGRATION_HARNESS_H_
