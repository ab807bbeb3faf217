// Delivery end to end: the real fristvakt daemon sending to a real HTTP receiver and a real
// SMTP server (aiosmtpd) on loopback, and into the spool.
#include <csignal>
#include <filesystem>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/harness.h"

namespace fristvakt {
namespace {

using nlohmann::json;
using testing::BackgroundProcess;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFile;
using testing::RunProcess;
using testing::TempDir;
using testing::WaitFor;
using namespace std::chrono_literals;

class DeliveryTest : public Harness {};

TEST_F(DeliveryTest, WebhookBodiesSignedInEachFormat) {
  int port = StartReceiver();
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  WriteConfig("webhooks:\n  json: {url: \"" + base +
                  "/ok/json\", format: json, secret_file: hook.secret}\n"
                  "  teams: {url: \"" +
                  base +
                  "/ok/teams\", format: teams}\n"
                  "  slack: {url: \"" +
                  base + "/ok/slack\", format: slack}\n",
              "units:\n  - {id: u-json, name: Enhet Æ, webhook: json}\n"
              "  - {id: u-teams, name: Enhet Ø, webhook: teams}\n"
              "  - {id: u-slack, name: Enhet Å, webhook: slack}\n");
  Import({"J-1;u-json;Velferdsteknologi i hjemmetjenesten", "T-1;u-teams;Teams-tiltak æøå",
          "S-1;u-slack;Slack <!channel> tiltak"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests().size() >= 3; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);

  auto json_requests = Requests("/ok/json");
  ASSERT_EQ(json_requests.size(), 1u);
  const json& r = json_requests[0];
  const std::string key = Key("J-1", "u-json", "webhook");
  EXPECT_EQ(r["headers"]["content-type"], "application/json");
  EXPECT_EQ(r["headers"]["idempotency-key"], key);
  EXPECT_EQ(r["headers"]["webhook-id"], key);
  EXPECT_EQ(r["signature_valid"], true);
  EXPECT_FALSE(r["headers"].contains("expect"));
  json body = json::parse(r["body"].get<std::string>());
  EXPECT_EQ(body["schema"], "fristvakt.notification/v1");
  EXPECT_EQ(body["key"], key);
  EXPECT_EQ(body["kind"], "reminder");
  EXPECT_EQ(body["rule"], "forfall");
  EXPECT_EQ(body["severity"], "info");
  EXPECT_EQ(body["recipient"], (json{{"id", "u-json"}, {"name", "Enhet Æ"}}));
  EXPECT_EQ(body["focus_area"], (json{{"id", "digitalisering"}, {"title", "Digitalisering"}}));
  EXPECT_EQ(body["measure"]["id"], "J-1");
  EXPECT_EQ(body["measure"]["deadline"], FormatIsoDate(*ParseDate(today_)));
  EXPECT_EQ(body["measure"]["status"], "planned");
  EXPECT_EQ(body["measure"]["progress"], 0);
  EXPECT_EQ(body["measure"]["days_to_deadline"], 0);
  EXPECT_THAT(body["text"].get<std::string>(), HasSubstr("Velferdsteknologi"));
  EXPECT_THAT(body["sent_at"].get<std::string>(), ::testing::MatchesRegex(".*T.*[+-][0-9:]+"));

  auto teams = Requests("/ok/teams");
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_FALSE(teams[0]["headers"].contains("webhook-signature"));  // no secret configured
  json card = json::parse(teams[0]["body"].get<std::string>());
  EXPECT_EQ(card["type"], "message");
  EXPECT_EQ(card["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
  EXPECT_EQ(card["attachments"][0]["content"]["type"], "AdaptiveCard");
  EXPECT_THAT(card["attachments"][0]["content"]["body"][0]["text"].get<std::string>(),
              HasSubstr("Teams-tiltak æøå"));

  auto slack = Requests("/ok/slack");
  ASSERT_EQ(slack.size(), 1u);
  json message = json::parse(slack[0]["body"].get<std::string>());
  EXPECT_THAT(message["text"].get<std::string>(), HasSubstr("&lt;!channel&gt;"));
  EXPECT_THAT(message["text"].get<std::string>(), Not(HasSubstr("<!channel>")));
  EXPECT_EQ(message["blocks"][0]["type"], "header");
}

TEST_F(DeliveryTest, TransientFailuresAreRetriedPermanentOnesDie) {
  int port = StartReceiver();
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  WriteConfig("webhooks:\n  retry: {url: \"" + base +
                  "/fail-once\"}\n"
                  "  bad: {url: \"" +
                  base +
                  "/bad\"}\n"
                  "  limited: {url: \"" +
                  base + "/limited\"}\n",
              "units:\n  - {id: u-retry, name: A, webhook: retry}\n"
              "  - {id: u-bad, name: B, webhook: bad}\n"
              "  - {id: u-limited, name: C, webhook: limited}\n");
  Import({"R-1;u-retry;Prøves igjen", "B-1;u-bad;Avvist", "L-1;u-limited;Begrenset"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor(
      [&] { return Requests("/fail-once").size() >= 2 && Requests("/limited").size() >= 2; }, 15s))
      << ReadFile(dir_.File("daemon.log"));
  std::this_thread::sleep_for(1500ms);  // time for a wrong retry of the 400 to show
  Stop(*daemon);

  EXPECT_EQ(Requests("/fail-once").size(), 2u);
  EXPECT_EQ(Requests("/bad").size(), 1u);
  auto limited = Requests("/limited");
  ASSERT_EQ(limited.size(), 2u);
  EXPECT_GE(limited[1]["time"].get<double>() - limited[0]["time"].get<double>(), 1.9);
  auto dead = Fristvakt({"outbox", "--dead"});
  EXPECT_THAT(dead.out, HasSubstr(Key("B-1", "u-bad", "webhook")));
  EXPECT_THAT(dead.out, HasSubstr("HTTP 400"));
  EXPECT_THAT(dead.out, Not(HasSubstr("R-1")));
  EXPECT_THAT(Fristvakt({"show", "R-1"}).out,
              HasSubstr("sendt  " + Key("R-1", "u-retry", "webhook")));
  EXPECT_THAT(Fristvakt({"show", "L-1"}).out, HasSubstr("sendt  "));

  // A dead one retried by hand goes out again at the next start.
  EXPECT_EQ(Fristvakt({"outbox", "retry", Key("B-1", "u-bad", "webhook")}).exit_code, 0);
  EXPECT_EQ(Fristvakt({"outbox", "retry", "finnes/ikke"}).exit_code, 1);
  auto again = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/bad").size() == 2; }, 10s));
  Stop(*again);
}

TEST_F(DeliveryTest, SlowAndUnreachableReceiversHoldUpNoOne) {
  int port = StartReceiver();
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  WriteConfig("webhooks:\n  hang: {url: \"" + base +
                  "/hang\"}\n"
                  "  refused: {url: \"http://127.0.0.1:1/x\"}\n"
                  "  ok: {url: \"" +
                  base + "/ok\"}\n",
              "units:\n  - {id: u-hang, name: A, webhook: hang}\n"
              "  - {id: u-refused, name: B, webhook: refused}\n"
              "  - {id: u-ok, name: C, webhook: ok}\n");
  Import({"H-1;u-hang;Henger", "N-1;u-refused;Nektet", "O-1;u-ok;Greit"});
  auto start = std::chrono::steady_clock::now();
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 1; }, 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);  // not behind the hanging one
  // The hanging request times out (2 s) and is tried again.
  ASSERT_TRUE(WaitFor([&] { return Requests("/hang").size() >= 2; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  auto failed = Fristvakt({"outbox", "--failed"});
  EXPECT_THAT(failed.out, HasSubstr(Key("N-1", "u-refused", "webhook")));
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), HasSubstr("Timeout was reached"));

  // SIGTERM with a request that never ends: exit 0 within the 10 s grace, still queued.
  auto stop = std::chrono::steady_clock::now();
  Stop(*daemon, 12s);
  EXPECT_LT(std::chrono::steady_clock::now() - stop, 11s);
  EXPECT_THAT(Fristvakt({"outbox"}).out, HasSubstr(Key("H-1", "u-hang", "webhook")));
}

// A crash while a notice is in flight: after the restart it is sent again (at least once),
// with the same key, so the receiver can drop a copy.
TEST_F(DeliveryTest, InFlightNoticesAreSentAgainAfterACrash) {
  int port = StartReceiver();
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  const std::string units = "units:\n  - {id: u-1, name: A, webhook: hook}\n";
  WriteConfig("webhooks:\n  hook: {url: \"" + base + "/hang\"}\n", units, "{timeout: 1h}");
  Import({"K-1;u-1;Krasj"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/hang").size() == 1; }, 10s));
  daemon->Signal(SIGKILL);
  EXPECT_EQ(daemon->Wait(5s), 128 + SIGKILL);
  WriteConfig("webhooks:\n  hook: {url: \"" + base + "/ok\"}\n", units);
  auto again = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/ok").size() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*again);
  EXPECT_EQ(Requests("/ok")[0]["headers"]["idempotency-key"],
            Requests("/hang")[0]["headers"]["idempotency-key"]);
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), HasSubstr("were in flight"));
}

TEST_F(DeliveryTest, SmtpMailArrivesWhole) {
  int port = StartSmtp(false);
  WriteConfig("smtp:\n  url: smtp://127.0.0.1:" + std::to_string(port) +
                  "\n  starttls: off\n  from: \"Fristvakt HOV <fristvakt@example.no>\"\n",
              "units:\n  - {id: hbo, name: Hjemmebasert omsorg, "
              "email: [leder.hbo@example.no, merkantil.hbo@example.no]}\n");
  auto r = Fristvakt({"import", dir_.Write("plan.csv",
                                           "Nr;Ansvar;Tiltak;Satsningsområde;Frist\r\n"
                                           "M-1;hbo;\"Velferdsteknologi <b>æøå</b>\r\nBcc: "
                                           "evil@example.no\";digitalisering;" +
                                               today_ + "\r\n")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Mails(dir_.File("maildir")).size() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  json mail = Mails(dir_.File("maildir"))[0];
  const json& h = mail["headers"];
  EXPECT_EQ(mail["content_type"], "multipart/alternative");
  EXPECT_EQ(mail["defects"], 0);
  EXPECT_THAT(h["subject"].get<std::string>(), HasSubstr("Velferdsteknologi <b>æøå</b> Bcc:"));
  EXPECT_EQ(h["from"], "Fristvakt HOV <fristvakt@example.no>");
  EXPECT_THAT(h["to"].get<std::string>(), HasSubstr("leder.hbo@example.no"));
  EXPECT_THAT(h["to"].get<std::string>(), HasSubstr("merkantil.hbo@example.no"));
  EXPECT_EQ(h["x-fristvakt-key"], Key("M-1", "hbo", "email"));
  EXPECT_EQ(h["auto-submitted"], "auto-generated");
  EXPECT_THAT(h["message-id"].get<std::string>(),
              ::testing::MatchesRegex("<fristvakt\\.[0-9a-f]{32}@example\\.no>"));
  EXPECT_TRUE(h.contains("date"));
  EXPECT_FALSE(h.contains("bcc"));
  for (const auto& name : mail["header_names"]) EXPECT_NE(name, "bcc");
  EXPECT_THAT(mail["plain"].get<std::string>(), HasSubstr("Velferdsteknologi <b>æøå</b>"));
  EXPECT_THAT(mail["plain"].get<std::string>(), HasSubstr("Frist:"));
  EXPECT_THAT(mail["html"].get<std::string>(), HasSubstr("&lt;b&gt;æøå&lt;/b&gt;"));
  EXPECT_THAT(mail["html"].get<std::string>(), Not(HasSubstr("<b>æøå")));
  EXPECT_THAT(mail["html"].get<std::string>(), HasSubstr("<th scope=\"row\""));
}

TEST_F(DeliveryTest, StartTlsVerifiesTheServerCertificate) {
  int port = StartSmtp(true);
  const std::string smtp = "smtp:\n  url: smtp://localhost:" + std::to_string(port) +
                           "\n  starttls: required\n  from: fristvakt@example.no\n";
  const std::string units = "units:\n  - {id: hbo, name: HBO, email: [hbo@example.no]}\n";
  WriteConfig(smtp, units);
  Import({"T-1;hbo;Kryptert"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor(
      [&] { return ReadFile(dir_.File("daemon.log")).find("retry in") != std::string::npos; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  EXPECT_EQ(Mails(dir_.File("maildir")).size(), 0u);
  EXPECT_THAT(Fristvakt({"outbox", "--failed"}).out, HasSubstr("T-1/forfall"));

  WriteConfig(smtp + "  ca_file: cert.pem\n", units);
  auto trusted = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Mails(dir_.File("maildir")).size() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*trusted);
}

TEST_F(DeliveryTest, RequiredStartTlsSendsNothingInClear) {
  int port = StartSmtp(false);
  WriteConfig("smtp:\n  url: smtp://127.0.0.1:" + std::to_string(port) +
                  "\n  starttls: required\n  from: fristvakt@example.no\n",
              "units:\n  - {id: hbo, name: HBO, email: [hbo@example.no]}\n");
  Import({"C-1;hbo;Klartekst"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor(
      [&] { return ReadFile(dir_.File("daemon.log")).find("retry in") != std::string::npos; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  EXPECT_EQ(Mails(dir_.File("maildir")).size(), 0u);
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), HasSubstr("SSL"));
}

TEST_F(DeliveryTest, SmtpAuthWithThePasswordFromAFile) {
  int port = StartSmtp(false, "fristvakt:hemmelig");
  dir_.Write("smtp.secret", "hemmelig\n");
  const std::string smtp = "smtp:\n  url: smtp://127.0.0.1:" + std::to_string(port) +
                           "\n  starttls: off\n  from: fristvakt@example.no\n"
                           "  username: fristvakt\n  password_file: smtp.secret\n";
  WriteConfig(smtp, "units:\n  - {id: hbo, name: HBO, email: [hbo@example.no]}\n");
  Import({"A-1;hbo;Med passord"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Mails(dir_.File("maildir")).size() == 1; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);

  // A wrong password is refused with 535: permanent, dead, and the password is in no log.
  dir_.Write("smtp.secret", "feil-passord\n");
  Import({"A-2;hbo;Feil passord"});
  auto wrong = StartDaemon();
  ASSERT_TRUE(WaitFor(
      [&] {
        return Fristvakt({"outbox", "--dead"}).out.find("A-2") != std::string::npos;
      },
      10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*wrong);
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), Not(HasSubstr("feil-passord")));
  EXPECT_THAT(ReadFile(dir_.File("daemon.log")), Not(HasSubstr("hemmelig")));
}

// With at most 2 requests in flight to one URL, five notices to a receiver that never answers
// make 2 requests, not 5.
TEST_F(DeliveryTest, AtMostTheLimitInFlightToOneReceiver) {
  int port = StartReceiver();
  WriteConfig("webhooks:\n  hang: {url: \"http://127.0.0.1:" + std::to_string(port) + "/hang\"}\n",
              "units:\n  - {id: u-1, name: A, webhook: hang}\n", "{timeout: 1h, webhook_limit: 2}");
  Import({"L-1;u-1;En", "L-2;u-1;To", "L-3;u-1;Tre", "L-4;u-1;Fire", "L-5;u-1;Fem"});
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Requests("/hang").size() >= 2; }, 10s));
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(Requests("/hang").size(), 2u);
  daemon->Signal(SIGKILL);
}

TEST_F(DeliveryTest, SpoolHoldsOneParseableFilePerNotice) {
  WriteConfig(
      "digests:\n  - {name: ledermote, cron: \"0 8 * * 2\", to: [ledergruppe], "
      "send_empty: true}\n",
      "units:\n  - {id: hbo, name: HBO, email: [hbo@example.no]}\n"
      "groups:\n  - {id: ledergruppe, name: Ledergruppa, email: [leder@example.no]}\n");
  Import({"E-1;hbo;Første", "E-2;hbo;Andre"});
  ASSERT_EQ(Fristvakt({"digest", "ledermote"}).exit_code, 0);
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return Mails(dir_.File("spool")).size() == 3; }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  json mails = Mails(dir_.File("spool"));
  int digests = 0;
  for (const json& mail : mails) {
    EXPECT_EQ(mail["defects"], 0);
    EXPECT_TRUE(mail["crlf_only"]);
    EXPECT_LE(mail["max_line"], 78);
    EXPECT_FALSE(mail["plain"].is_null());
    EXPECT_FALSE(mail["html"].is_null());
    if (mail["headers"]["x-fristvakt-key"].get<std::string>().rfind("digest/ledermote/", 0) == 0) {
      ++digests;
      EXPECT_THAT(mail["plain"].get<std::string>(), HasSubstr("Frist snart"));
    }
  }
  EXPECT_EQ(digests, 1);
}

}  // namespace
}  // namespace fristvakt
