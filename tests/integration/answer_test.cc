// Answers (docs/answers.md) end to end on real servers, as a unit leader lives them: a notice
// arrives by mail (aiosmtpd) and by webhook, its link is followed in headless Chromium and the
// form filled by keyboard, the approvers decide the deadline request on their page, and the
// change shows in `show`. Links that are forged, expired or posted from another site get
// nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "integration/harness.h"
#include "integration/http_client.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AnswerTest : public Harness {
 protected:
  void SetUp() override {
    Harness::SetUp();
    smtp_ = StartSmtp(false);
    hook_ = StartReceiver();
    dir_.Write("rules/00.yaml", R"(focus_area: "*"
rules:
  - {name: forsinket, when: {after_deadline: 1d}, to: [responsible]}
  - {name: eskalering, when: {after_deadline: 1d}, to: [ledergruppe]}
  - {name: avgjort, when: {event: deadline_move_approved}, to: [responsible]}
)");
    const Date week_ago =
        LocalDate(
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()),
            date::locate_zone("Europe/Oslo")) -
        date::days(7);
    plan_ =
        "Nr;Ansvar;Tiltak;Satsningsområde;Frist;Status;Fremdrift\r\n"
        "A-1;hbo;Velferdsteknologi i hjemmetjenesten;digitalisering;" +
        FormatNorwegianDate(week_ago) +
        ";pågår;40\r\n"
        "A-2;kff;Digitaliseringsstrategi;digitalisering;" +
        FormatNorwegianDate(week_ago) + ";pågår;10\r\n";
  }

  void Configure(int port, const std::string& answers = "{approvers: [ledergruppe]}") {
    api_ = "http://127.0.0.1:" + std::to_string(port);
    WriteConfig("smtp:\n  url: smtp://127.0.0.1:" + std::to_string(smtp_) +
                    "\n  starttls: off\n  from: \"Fristvakt <fristvakt@example.no>\"\n"
                    "webhooks:\n  json: {url: \"http://127.0.0.1:" +
                    std::to_string(hook_) + "/hook\", format: json}\napi:\n  listen: " +
                    api_.substr(7) + "\npublic_url: " + api_ + "\nanswers: " + answers +
                    "\ndigests:\n  - {name: ledermote, cron: \"0 8 * * 2\", to: [ledergruppe]}\n",
                "units:\n  - {id: hbo, name: Hjemmebasert omsorg, email: [leder@hbo.example.no],"
                " webhook: json}\n  - {id: kff, name: Stab, email: [stab@example.no]}\n"
                "groups:\n  - {id: ledergruppe, name: Ledergruppa, email: "
                "[ledergruppe@example.no]}\n");
    if (language_ != "nb") {
      std::string config = ReadFile(dir_.File("fristvakt.yaml"));
      config.replace(config.find("language: nb"), 12, "language: " + language_);
      dir_.Write("fristvakt.yaml", config);
    }
  }

  // Starts the daemon on a free port (the next one if it was taken meanwhile).
  void Start(const std::string& answers = "{approvers: [ledergruppe]}") {
    for (int tries = 1;; ++tries) {
      Configure(FreePort(), answers);
      if (tries == 1) {
        auto r = Fristvakt({"import", dir_.Write("plan.csv", plan_)});
        ASSERT_EQ(r.exit_code, 0) << r.err;
      }
      daemon_ = StartDaemon();
      if (WaitFor([&] { return Http("GET", api_ + "/healthz").status == 200; }, 5s)) return;
      const std::string log = ReadFile(dir_.File("daemon.log"));
      ASSERT_TRUE(tries < 3 && log.find("Address already in use") != std::string::npos) << log;
      daemon_.reset();
    }
  }

  // The mail whose key starts with `prefix`, once it has come.
  json MailFor(const std::string& prefix, std::chrono::seconds wait = 10s) {
    json found;
    EXPECT_TRUE(WaitFor(
        [&] {
          for (const json& m : Mails(dir_.File("maildir"))) {
            if (m["headers"].value("x-fristvakt-key", "").rfind(prefix, 0) == 0) {
              found = m;
              return true;
            }
          }
          return false;
        },
        wait))
        << prefix << "\n"
        << ReadFile(dir_.File("daemon.log"));
    return found;
  }

  std::string LinkIn(const std::string& text, const std::string& page) {
    std::smatch match;
    std::regex link(api_ + "/" + page + "/[A-Za-z0-9_-]+");
    return std::regex_search(text, match, link) ? match.str() : "";
  }

  std::string language_ = "nb";
  int smtp_ = 0;
  int hook_ = 0;
  std::string api_;
  std::string plan_;
  std::unique_ptr<BackgroundProcess> daemon_;
};

TEST_F(AnswerTest, UnitAnswersThroughTheLinkInItsMailAndTheApproversDecide) {
  Start();
  // The notice to the unit carries its link in both parts of the mail and in the webhook.
  json mail = MailFor("A-1/forsinket/");
  const std::string link = LinkIn(mail["plain"].get<std::string>(), "svar");
  ASSERT_FALSE(link.empty()) << mail["plain"];
  EXPECT_THAT(mail["html"].get<std::string>(), HasSubstr("href=\"" + link + "\""));
  ASSERT_TRUE(WaitFor([&] { return !Requests("/hook").empty(); }, 10s));
  json body = json::parse(Requests("/hook")[0]["body"].get<std::string>());
  ASSERT_TRUE(body.contains("actions")) << body.dump();
  EXPECT_EQ(body["actions"][0]["id"], "answer");
  EXPECT_THAT(body["actions"][0]["url"].get<std::string>(), HasSubstr(api_ + "/svar/"));
  // The group is told what it can do, and gets no answer link.
  json escalation = MailFor("A-1/eskalering/");
  EXPECT_EQ(LinkIn(escalation["plain"].get<std::string>(), "svar"), "");

  // In Chromium, by keyboard: a refused form, then the answer and its confirmation; axe-core
  // at 1280 and 390 px on every page. The approvers' link is handed over once their mail came.
  const std::string artefacts = std::string(FRISTVAKT_ARTEFACT_DIR) + "/answer";
  std::filesystem::create_directories(std::filesystem::path(artefacts).parent_path());
  const std::string approval_file = dir_.File("approval-link");
  std::thread hand_over([&] {
    // It comes once the browser has sent the request, which on a busy machine takes a while.
    json approval = MailFor("A-1/approval/", 60s);
    if (approval.is_null()) return;  // said above; the browser's script then fails on its own
    std::ofstream(approval_file + ".tmp")
        << LinkIn(approval["plain"].get<std::string>(), "godkjenn");
    std::filesystem::rename(approval_file + ".tmp", approval_file);
  });
  auto r = RunProcess({"/usr/bin/env", "node", kSource + "/tests/dashboard/answer.mjs", link,
                       artefacts, approval_file});
  hand_over.join();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::cout << "answer pages: " << r.out;
  EXPECT_TRUE(std::filesystem::exists(artefacts + "-answer-390.png"));
  EXPECT_TRUE(std::filesystem::exists(artefacts + "-approval-390.png"));

  // What the unit said is recorded as its events, and the approved deadline stands.
  const std::string shown = Fristvakt({"show", "A-1"}).out;
  EXPECT_THAT(shown, HasSubstr("Forsinket pga. anbudsprosess"));
  EXPECT_THAT(shown, HasSubstr("hbo (via link)"));
  EXPECT_THAT(shown, HasSubstr("fremdrift 40 → 80"));
  EXPECT_THAT(shown, HasSubstr("ny frist ønsket"));
  EXPECT_THAT(shown, HasSubstr("ønsket frist godkjent"));
  EXPECT_THAT(shown, HasSubstr("ledergruppe (via link)"));
  // The decision is an event rules send to the unit.
  MailFor("A-1/avgjort/");
  // The other measure is untouched.
  EXPECT_THAT(Fristvakt({"show", "A-2"}).out, Not(HasSubstr("via link")));

  // The leadership reads the answer in the next digest and on the dashboard.
  const std::string digest = Fristvakt({"digest", "ledermote", "--dry-run"}).out;
  EXPECT_THAT(digest, HasSubstr("Forsinket pga. anbudsprosess"));
  const std::string token = Fristvakt({"token", "create", "--read-only"}).out;
  const std::string reader = token.substr(0, token.find('\n'));
  Reply login = Http("GET", api_ + "/login");
  const std::string form_key = FormKey(login.body);
  Reply session = Http("POST", api_ + "/login", "", "form_key=" + form_key + "&token=" + reader,
                       "fristvakt_login=" + form_key);
  Reply dashboard = Http("GET", api_ + "/", "", "",
                         "fristvakt_session=" + SetCookie(session, "fristvakt_session"));
  EXPECT_THAT(dashboard.body, HasSubstr("Anbudet ble forsinket"));  // the move, with its reason

  // Importing the unchanged spreadsheet again undoes none of it.
  auto again = Fristvakt({"import", dir_.File("plan.csv")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  const std::string after = Fristvakt({"show", "A-1"}).out;
  EXPECT_THAT(after, HasSubstr("Forsinket pga. anbudsprosess"));
  EXPECT_THAT(after, HasSubstr("80 %"));
  EXPECT_THAT(after, HasSubstr("pågår"));
  Stop(*daemon_);
}

TEST_F(AnswerTest, ForgedExpiredAndCrossSiteGetNothing) {
  Start();
  const std::string link = LinkIn(MailFor("A-1/forsinket/")["plain"].get<std::string>(), "svar");
  ASSERT_FALSE(link.empty());
  // A forged link, one of the wrong form, and an answer link on the approvers' page.
  const std::string secret = link.substr(link.rfind('/') + 1);
  for (const std::string& url : {api_ + "/svar/" + std::string(43, 'A'), api_ + "/svar/x",
                                 api_ + "/svar/", api_ + "/godkjenn/" + secret}) {
    Reply page = Http("GET", url);
    EXPECT_EQ(page.status, 404) << url;
    EXPECT_THAT(page.body, Not(HasSubstr("Velferdsteknologi"))) << url;
  }
  // The page itself, and its form's anti-forgery value in a SameSite cookie.
  Reply page = Http("GET", link);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("Velferdsteknologi i hjemmetjenesten"));
  EXPECT_THAT(page.body, Not(HasSubstr("Digitaliseringsstrategi")));
  std::smatch key;
  ASSERT_TRUE(
      std::regex_search(page.body, key, std::regex("name=\"form_key\" value=\"([^\"]+)\"")));
  EXPECT_THAT(page.headers, HasSubstr("SameSite=Strict"));
  const std::vector<std::string> form = {"Content-Type: application/x-www-form-urlencoded"};
  const std::string body = "form_key=" + key.str(1) + "&progress=90";
  // Posted from another site: refused, even with the right form value and cookie.
  std::vector<std::string> evil = form;
  evil.push_back("Origin: https://evil.example");
  EXPECT_EQ(Http("POST", link, "", body, "fristvakt_form=" + key.str(1), evil).status, 403);
  // Without the cookie (a cross-site form carries none): refused.
  EXPECT_EQ(Http("POST", link, "", body, "", form).status, 403);
  EXPECT_THAT(Fristvakt({"show", "A-1"}).out, Not(HasSubstr("via link")));
  // The same, from the page: recorded, and answered with a redirect to the confirmation.
  Reply ok = Http("POST", link, "", body, "fristvakt_form=" + key.str(1), form);
  EXPECT_EQ(ok.status, 303) << ok.body;
  EXPECT_THAT(ok.headers, HasSubstr("Location: /svar/" + secret + "?lagret=e"));
  EXPECT_THAT(Fristvakt({"show", "A-1"}).out, HasSubstr("fremdrift 40 → 90"));

  // A deadline request waits on the dashboard until the approvers decide.
  Reply asked =
      Http("POST", link, "",
           "form_key=" + key.str(1) + "&new_deadline=2099-01-01&reason=Venter+p%C3%A5+anbud",
           "fristvakt_form=" + key.str(1), form);
  EXPECT_EQ(asked.status, 303) << asked.body;
  const std::string token = Fristvakt({"token", "create", "--read-only"}).out;
  Reply login = Http("GET", api_ + "/login");
  const std::string form_key = FormKey(login.body);
  Reply session = Http("POST", api_ + "/login", "",
                       "form_key=" + form_key + "&token=" + token.substr(0, token.find('\n')),
                       "fristvakt_login=" + form_key);
  Reply dashboard = Http("GET", api_ + "/", "", "",
                         "fristvakt_session=" + SetCookie(session, "fristvakt_session"));
  EXPECT_THAT(dashboard.body, HasSubstr("Ønsker om ny frist som venter"));
  EXPECT_THAT(dashboard.body, HasSubstr("Venter på anbud"));
  EXPECT_THAT(dashboard.body, HasSubstr("01.01.2099"));
  Stop(*daemon_);

  // Forty days later the link has expired: nothing shows.
  auto later = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{
          "/usr/bin/env",
          "FRISTVAKT_NOW=" +
              FormatIsoTimestamp(std::chrono::time_point_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now() + std::chrono::days(40)),
                                 date::locate_zone("Europe/Oslo")),
          FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml"), "run"},
      dir_.File("daemon-later.log"));
  ASSERT_TRUE(WaitFor([&] { return Http("GET", api_ + "/healthz").status == 200; }, 5s))
      << ReadFile(dir_.File("daemon-later.log"));
  Reply expired = Http("GET", link);
  EXPECT_EQ(expired.status, 404);
  EXPECT_THAT(expired.body, Not(HasSubstr("Velferdsteknologi")));
  Stop(*later);
}

TEST_F(AnswerTest, WithoutApproversOrWithMovesOffTheFormOffersNoNewDeadline) {
  Start("{deadline_moves: none}");
  const std::string link = LinkIn(MailFor("A-1/forsinket/")["plain"].get<std::string>(), "svar");
  Reply page = Http("GET", link);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, Not(HasSubstr("name=\"new_deadline\"")));
  std::smatch key;
  ASSERT_TRUE(
      std::regex_search(page.body, key, std::regex("name=\"form_key\" value=\"([^\"]+)\"")));
  Reply refused =
      Http("POST", link, "", "form_key=" + key.str(1) + "&new_deadline=2099-01-01&reason=Tid",
           "fristvakt_form=" + key.str(1), {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("fristen kan ikke flyttes her"));
  EXPECT_THAT(Fristvakt({"show", "A-1"}).out, Not(HasSubstr("via link")));
  Stop(*daemon_);
}

// language: nn: the mail, the answer page, its errors and the dashboard's login are nynorsk.
TEST_F(AnswerTest, NynorskMailAndPages) {
  language_ = "nn";
  Start();
  json mail = MailFor("A-1/forsinket/");
  const std::string plain = mail["plain"].get<std::string>();
  EXPECT_THAT(plain, HasSubstr("Hei, Hjemmebasert omsorg."));
  EXPECT_THAT(plain, HasSubstr("og tiltaket er ikkje registrert som fullført."));
  EXPECT_THAT(plain, HasSubstr("Kva kan de gjere?"));
  EXPECT_THAT(plain, HasSubstr("Venleg helsing"));
  EXPECT_THAT(mail["html"].get<std::string>(), HasSubstr("<html lang=\"nn\">"));
  const std::string link = LinkIn(plain, "svar");
  ASSERT_FALSE(link.empty()) << plain;
  Reply page = Http("GET", link);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"nn\">"));
  EXPECT_THAT(page.body, HasSubstr("Satsingsområde"));
  EXPECT_THAT(page.body, HasSubstr("Framdrift i prosent"));
  EXPECT_THAT(page.body, HasSubstr("Kvar står tiltaket? Leiinga ser kommentaren."));
  EXPECT_THAT(page.body, HasSubstr("Grunngiving for ny frist"));
  for (const char* bokmal : {"ikke ", "Fremdrift", "Hvor står", "dere "}) {
    EXPECT_THAT(page.body, Not(HasSubstr(bokmal))) << bokmal;
  }
  Reply missing = Http("GET", api_ + "/svar/" + std::string(43, 'A'));
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.body, HasSubstr("<html lang=\"nn\">"));
  EXPECT_THAT(missing.body, HasSubstr("Lenka verkar ikkje"));
  Reply login = Http("GET", api_ + "/");
  EXPECT_EQ(login.status, 200);
  EXPECT_THAT(login.body, HasSubstr("<html lang=\"nn\">"));
  EXPECT_THAT(login.body, HasSubstr("Logg inn med ein tilgangsnøkkel"));
  Stop(*daemon_);
}

}  // namespace
}  // namespace fristvakt
