#include "notifiers/render.h"
#include "daemon/config/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/export.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

class RenderTest : public ::testing::Test {
 protected:
  void Load(const std::string& extra = "") {
    std::string path = testing::WriteSmallConfig(dir_, extra);
    Diagnostics diag;
    LoadConfig(path, ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    Templates::Load(config_.templates_path, config_.language, &templates_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
  }

  Timestamp At(const std::string& text) const {
    return *ParseTimestamp(text, date::locate_zone("Europe/Oslo"));
  }

  NoticeRecord Reminder(const std::string& title) const {
    Measure m;
    m.id = "DIG-3";
    m.focus_area = "digitalisering";
    m.title = title;
    m.responsible = "hbo";
    m.deadline = *ParseDate("16.03.2026");
    m.status = MeasureStatus::kInProgress;
    m.progress = 40;
    m.updated_at = At("2026-02-20T10:00");
    NoticeRecord n;
    n.key = "DIG-3/varsel-14d/2026-03-16/1/hbo/email";
    n.kind = "reminder";
    n.rule = "varsel-14d";
    n.recipient = "hbo";
    n.at = At("2026-03-02T08:00");
    n.payload = {{"severity", "info"},
                 {"late", false},
                 {"measure", MeasureToJson(m, date::locate_zone("Europe/Oslo"))},
                 {"focus_area", {{"id", "digitalisering"}, {"title", "Digitalisering"}}}};
    return n;
  }

  TempDir dir_;
  Config config_;
  Templates templates_;
};

TEST_F(RenderTest, ReminderSaysWhatWhichWhenAndWhatToDo) {
  Load();
  Renderer renderer(config_, templates_);
  auto m = renderer.Render(Reminder("Velferdsteknologi i hjemmetjenesten"), At("2026-03-02T08:00"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Frist 16.03.2026: Velferdsteknologi i hjemmetjenesten");
  EXPECT_THAT(m->text, HasSubstr("Hei, Hjemmebasert omsorg."));
  EXPECT_THAT(m->text, HasSubstr("Fristen for dette tiltaket er om 14 dager."));
  EXPECT_THAT(m->text, HasSubstr("Frist:           16.03.2026 (om 14 dager)"));
  EXPECT_THAT(m->text, HasSubstr("Status:          pågår, 40 % fullført"));
  EXPECT_THAT(m->text, HasSubstr("Kvitter for varselet"));
  EXPECT_THAT(m->text, HasSubstr("Flytt fristen og skriv en kort begrunnelse"));
  EXPECT_THAT(m->html, HasSubstr("<html lang=\"nb\">"));
  EXPECT_THAT(m->html, HasSubstr("<h1"));
  EXPECT_THAT(m->html, HasSubstr("<th scope=\"row\""));
  EXPECT_EQ(m->to, (std::vector<std::string>{"enhetsleder.hbo@example.no"}));
}

TEST_F(RenderTest, DueTodayAndOverdueCountTheDaysFromTheSendingDay) {
  Load();
  Renderer renderer(config_, templates_);
  auto today = renderer.Render(Reminder("Kurs"), At("2026-03-16T08:00"));
  EXPECT_EQ(today->subject, "Frist i dag: Kurs");
  NoticeRecord overdue = Reminder("Kurs");
  overdue.kind = "overdue";
  auto late = renderer.Render(overdue, At("2026-03-19T08:00"));
  EXPECT_EQ(late->subject, "Over fristen: Kurs");
  EXPECT_THAT(late->text,
              HasSubstr("Fristen for dette tiltaket var 16.03.2026, for 3 dager siden"));
  EXPECT_THAT(late->text, HasSubstr("(3 dager over fristen)"));
}

TEST_F(RenderTest, InputIsEscapedInHtmlOnly) {
  Load();
  Renderer renderer(config_, templates_);
  auto m = renderer.Render(Reminder("A & <script>x</script>"), At("2026-03-02T08:00"));
  EXPECT_THAT(m->html, HasSubstr("A &amp; &lt;script&gt;x&lt;/script&gt;"));
  EXPECT_THAT(m->html, Not(HasSubstr("<script>")));
  EXPECT_THAT(m->text, HasSubstr("A & <script>x</script>"));
}

TEST_F(RenderTest, EnglishWhenConfigured) {
  Load();
  dir_.Write("fristvakt.yaml", "language: en\n");
  Config english;
  Diagnostics diag;
  LoadConfig(dir_.File("fristvakt.yaml"), ProcessEnvironment(), &english, &diag);
  Templates templates;
  Templates::Load("", Language::kEn, &templates, &diag);
  Renderer renderer(english, templates);
  auto m = renderer.Render(Reminder("Welfare technology"), At("2026-03-02T08:00"));
  EXPECT_EQ(m->subject, "Due 16.03.2026: Welfare technology");
  EXPECT_THAT(m->text, HasSubstr("This measure is due in 14 days."));
  EXPECT_THAT(m->html, HasSubstr("<html lang=\"en\">"));
}

TEST_F(RenderTest, OperatorTemplatesReplaceBuiltInOnes) {
  dir_.Write("maler/reminder.subject.mustache", "Husk {{measure_id}}: {{measure_title}}");
  dir_.Write("maler/beredskap.subject.mustache", "Beredskap: {{measure_title}}");
  dir_.Write("maler/beredskap.text.mustache", "Beredskap {{deadline}}");
  dir_.Write("maler/beredskap.html.mustache", "<p>{{measure_title}}</p>");
  Load("templates: maler/\n");
  Renderer renderer(config_, templates_);
  EXPECT_EQ(renderer.Render(Reminder("Kurs"), At("2026-03-02T08:00"))->subject, "Husk DIG-3: Kurs");
  EXPECT_TRUE(templates_.HasSet("beredskap"));
  EXPECT_FALSE(templates_.HasSet("finnes-ikke"));
}

TEST_F(RenderTest, BadTemplateFilesAreReported) {
  dir_.Write("maler/feil.mustache", "x");
  dir_.Write("maler/reminder.text.mustache", "{{#open}} never closed");
  Diagnostics diag;
  Templates templates;
  Templates::Load(dir_.File("maler"), Language::kNb, &templates, &diag);
  EXPECT_THAT(diag.ToString(),
              HasSubstr(dir_.File("maler/feil.mustache") + ": a template file is named"));
  EXPECT_THAT(diag.ToString(),
              HasSubstr(dir_.File("maler/reminder.text.mustache") + ": not a valid Mustache"));
}

TEST_F(RenderTest, RuleTemplatesMustExist) {
  Load();
  dir_.Write("rules/kompetanse.yaml", R"(focus_area: kompetanse
rules:
  - {name: egen, when: {on_deadline: true}, to: [responsible], template: beredskap}
)");
  Config config;
  Diagnostics load;
  LoadConfig(dir_.File("fristvakt.yaml"), ProcessEnvironment(), &config, &load);
  ASSERT_FALSE(load.has_errors()) << load.ToString();
  config_ = std::move(config);
  Diagnostics diag;
  CheckRuleTemplates(config_.rules, templates_, &diag);
  EXPECT_THAT(diag.ToString(), HasSubstr(dir_.File("rules/kompetanse.yaml") +
                                         ":3:5: rule 'egen': no template 'beredskap'"));
}

TEST_F(RenderTest, EventTextTellsWhatChanged) {
  Load();
  Renderer renderer(config_, templates_);
  NoticeRecord n = Reminder("Kurs");
  n.kind = "event";
  n.payload["event"] = {
      {"kind", "deadline_moved"},
      {"data", {{"old", "2026-03-16"}, {"new", "2026-03-30"}, {"reason", "Sykdom"}}}};
  auto m = renderer.Render(n, At("2026-03-10T08:00"));
  EXPECT_EQ(m->subject, "Endring: Kurs");
  EXPECT_THAT(m->text,
              HasSubstr("Fristen er flyttet fra 16.03.2026 til 30.03.2026. Begrunnelse: Sykdom"));
}

TEST_F(RenderTest, DigestIsGroupedByFocusArea) {
  Load();
  Renderer renderer(config_, templates_);
  auto item = [](const std::string& id, const std::string& area, int days) {
    return nlohmann::json{{"id", id},
                          {"focus_area", area},
                          {"title", "Tiltak " + id},
                          {"responsible", "hbo"},
                          {"deadline", "2026-03-01"},
                          {"updated_at", "2026-02-01T10:00:00+01:00"},
                          {"days", days},
                          {"moves", 0},
                          {"moves_total", 2}};
  };
  NoticeRecord n;
  n.key = "digest/ledermote/2026-03-03/ledergruppe/email";
  n.kind = "digest";
  n.rule = "ledermote";
  n.recipient = "ledergruppe";
  n.payload = {{"digest",
                {{"name", "ledermote"},
                 {"date", "2026-03-03"},
                 {"sections",
                  {{"overdue", {item("F-1", "folkehelse", 2), item("D-1", "digitalisering", 5)}},
                   {"due_soon", nlohmann::json::array()}}}}}};
  auto m = renderer.Render(n, At("2026-03-03T08:00"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Oversikt over tiltakene 03.03.2026");
  size_t digital = m->text.find("== Digitalisering ==");
  size_t folk = m->text.find("== Folkehelse ==");
  ASSERT_NE(digital, std::string::npos);
  ASSERT_NE(folk, std::string::npos);
  EXPECT_LT(digital, folk);
  EXPECT_THAT(m->text, HasSubstr("- D-1 Tiltak D-1; Hjemmebasert omsorg; Frist 01.03.2026; "
                                 "5 dager over fristen; Frist flyttet: 2"));
  EXPECT_THAT(m->html, HasSubstr("<th scope=\"row\""));
  EXPECT_THAT(m->html, HasSubstr("<h2"));
}

TEST_F(RenderTest, WebhookJsonFollowsTheSchema) {
  Load();
  Renderer renderer(config_, templates_);
  NoticeRecord n = Reminder("Kurs");
  auto body =
      renderer.WebhookJson(n, *config_.directory.Find("hbo"), "tekst", At("2026-03-02T08:00:03"));
  EXPECT_EQ(body["schema"], "fristvakt.notification/v1");
  EXPECT_EQ(body["sent_at"], "2026-03-02T08:00:03+01:00");
  EXPECT_EQ(body["measure"]["days_to_deadline"], 14);
  EXPECT_EQ(body["measure"]["status"], "in_progress");
  EXPECT_EQ(body["measure"]["progress"], 40);
  EXPECT_EQ(body["text"], "tekst");
  std::vector<std::string> keys;
  for (const auto& [key, value] : body.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "key", "kind", "sent_at", "rule", "severity",
                                            "recipient", "focus_area", "measure", "text"}));
}

TEST_F(RenderTest, TeamsCardsShowMarkdownInTitlesAsTextNotAsLinks) {
  Load();
  Renderer renderer(config_, templates_);
  NoticeRecord n = Reminder("[Logg inn](https://evil.example) **nå**");
  const std::string body =
      renderer.WebhookBody(n, *config_.directory.Find("hbo"), WebhookFormat::kTeams, "Emne [x](y)",
                           "- punkt\n1. liste", At("2026-03-02T08:00:03"));
  const auto card = nlohmann::json::parse(body)["attachments"][0]["content"];
  const std::string subject = card["body"][0]["text"];
  const std::string text = card["body"][1]["text"];
  const std::string measure = card["body"][2]["facts"][0]["value"];
  EXPECT_EQ(subject, "Emne \\[x\\]\\(y\\)");
  EXPECT_EQ(text, "\\- punkt\n1\\. liste");
  EXPECT_EQ(measure, "DIG-3 \\[Logg inn\\]\\(https://evil.example\\) \\*\\*nå\\*\\*");
}

}  // namespace
}  // namespace fristvakt

namespace fristvakt {
namespace {

// docs/answers.md: a notice to a unit carries its answer link in every format; what the reader
// is told to do matches who reads it and what the configuration allows.
TEST_F(RenderTest, AnswerLinkInBothMailPartsAndEveryWebhookFormat) {
  Load("public_url: https://fristvakt.example.no\nanswers: {approvers: [ledergruppe]}\n");
  Renderer renderer(config_, templates_);
  NoticeRecord n = Reminder("Kurs");
  n.action_url = "https://fristvakt.example.no/svar/abc";
  auto m = renderer.Render(n, At("2026-03-02T08:00"));
  ASSERT_TRUE(m);
  EXPECT_THAT(m->text, HasSubstr("Svar på varselet: https://fristvakt.example.no/svar/abc"));
  EXPECT_THAT(m->text, HasSubstr("be om ny frist"));
  EXPECT_THAT(m->text, Not(HasSubstr("Flytt fristen")));
  EXPECT_THAT(m->html, HasSubstr("<a href=\"https://fristvakt.example.no/svar/abc\""));
  const Recipient& hbo = *config_.directory.Find("hbo");
  const Timestamp now = At("2026-03-02T08:00:03");
  auto json = renderer.WebhookJson(n, hbo, "tekst", now);
  EXPECT_EQ(json["actions"][0]["id"], "answer");
  EXPECT_EQ(json["actions"][0]["url"], "https://fristvakt.example.no/svar/abc");
  auto teams = nlohmann::json::parse(renderer.WebhookBody(n, hbo, WebhookFormat::kTeams, "s", "t",
                                                          now))["attachments"][0]["content"];
  EXPECT_EQ(teams["actions"][0]["type"], "Action.OpenUrl");
  EXPECT_EQ(teams["actions"][0]["url"], "https://fristvakt.example.no/svar/abc");
  auto slack =
      nlohmann::json::parse(renderer.WebhookBody(n, hbo, WebhookFormat::kSlack, "s", "t", now));
  EXPECT_EQ(slack["blocks"].back()["type"], "actions");
  EXPECT_EQ(slack["blocks"].back()["elements"][0]["url"], "https://fristvakt.example.no/svar/abc");
  // Without a link, no actions at all (the schema's fields stay as they were).
  n.action_url.clear();
  EXPECT_FALSE(renderer.WebhookJson(n, hbo, "tekst", now).contains("actions"));
}

TEST_F(RenderTest, AGroupIsNeverOfferedWhatOnlyTheUnitCanDo) {
  Load("public_url: https://fristvakt.example.no\n");
  Renderer renderer(config_, templates_);
  NoticeRecord n = Reminder("Kurs");
  n.kind = "event";
  n.recipient = "ledergruppe";
  n.payload["event"] = {{"kind", "status_changed"},
                        {"data", {{"old", "planned"}, {"new", "done"}}}};
  auto m = renderer.Render(n, At("2026-03-02T08:00"));
  ASSERT_TRUE(m);
  EXPECT_THAT(m->text, HasSubstr("Ta saken opp med Hjemmebasert omsorg"));
  EXPECT_THAT(m->text, Not(HasSubstr("Kvitter for varselet")));
  EXPECT_THAT(m->text, Not(HasSubstr("/svar/")));
}

TEST_F(RenderTest, ApprovalAsksTheApproversToDecideThroughTheirLink) {
  Load("public_url: https://fristvakt.example.no\nanswers: {approvers: [ledergruppe]}\n");
  Renderer renderer(config_, templates_);
  NoticeRecord n = Reminder("Kurs");
  n.kind = "approval";
  n.rule = "approval";
  n.recipient = "ledergruppe";
  n.action_url = "https://fristvakt.example.no/godkjenn/xyz";
  n.payload["event"] = {{"kind", "deadline_move_requested"},
                        {"data", {{"new", "2026-06-01"}, {"reason", "Anbudet ble forsinket"}}}};
  auto m = renderer.Render(n, At("2026-03-02T08:00"));
  ASSERT_TRUE(m);
  EXPECT_THAT(m->subject, HasSubstr("Ønske om ny frist: Kurs"));
  EXPECT_THAT(m->text, HasSubstr("fra 16.03.2026 til 01.06.2026. Begrunnelse: Anbudet ble "
                                 "forsinket"));
  EXPECT_THAT(m->text,
              HasSubstr("Godkjenn eller avslå: https://fristvakt.example.no/godkjenn/xyz"));
  EXPECT_THAT(m->text, Not(HasSubstr("Ta saken opp")));
}

// `language: nn`: the built-in templates and every text put into them are nynorsk.
class NynorskRenderTest : public RenderTest {
 protected:
  void LoadNynorsk() {
    Load();
    dir_.Write("fristvakt.yaml",
               "timezone: Europe/Oslo\nlanguage: nn\npublic_url: https://fristvakt.example.no\n"
               "answers: {approvers: [ledergruppe]}\n");
    Config nynorsk;
    Diagnostics diag;
    LoadConfig(dir_.File("fristvakt.yaml"), ProcessEnvironment(), &nynorsk, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    ASSERT_EQ(nynorsk.language, Language::kNn);
    config_ = std::move(nynorsk);
    templates_ = Templates();
    Templates::Load("", Language::kNn, &templates_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
  }
};

TEST_F(NynorskRenderTest, ReminderIsNynorsk) {
  LoadNynorsk();
  Renderer renderer(config_, templates_);
  auto m = renderer.Render(Reminder("Velferdsteknologi"), At("2026-03-02T08:00"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Frist 16.03.2026: Velferdsteknologi");
  EXPECT_THAT(m->text, HasSubstr("Hei, Hjemmebasert omsorg."));
  EXPECT_THAT(m->text, HasSubstr("Fristen for dette tiltaket er om 14 dagar."));
  EXPECT_THAT(m->text, HasSubstr("Satsingsområde:  Digitalisering"));
  EXPECT_THAT(m->text, HasSubstr("Status:          pågår, 40 % fullført"));
  EXPECT_THAT(m->text, HasSubstr("Kva kan de gjere?"));
  EXPECT_THAT(m->text, HasSubstr("Treng de meir tid? Flytt fristen og skriv ei kort grunngiving."));
  EXPECT_THAT(m->text, HasSubstr("Venleg helsing\nfristvakt"));
  EXPECT_THAT(m->html, HasSubstr("<html lang=\"nn\">"));
  EXPECT_THAT(m->html, HasSubstr("Kva kan de gjere?"));
  EXPECT_THAT(m->html, HasSubstr("Venleg helsing<br>fristvakt"));
  EXPECT_THAT(m->text, HasSubstr("Dette er ein automatisk e-post. Referanse: DIG-3/varsel-14d/"));
  // Not bokmål: none of its words that nynorsk writes otherwise.
  for (const char* bokmal : {"ikke", "dager", "Hva kan", "Vennlig hilsen", "dere", "fra "}) {
    EXPECT_THAT(m->text, Not(HasSubstr(bokmal))) << bokmal;
  }
}

TEST_F(NynorskRenderTest, OverdueAndEscalationAreNynorsk) {
  LoadNynorsk();
  Renderer renderer(config_, templates_);
  NoticeRecord overdue = Reminder("Kurs");
  overdue.kind = "overdue";
  auto late = renderer.Render(overdue, At("2026-03-19T08:00"));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->subject, "Over fristen: Kurs");
  EXPECT_THAT(late->text, HasSubstr("for 3 dagar sidan, og tiltaket er ikkje registrert som "
                                    "fullført."));
  EXPECT_THAT(late->text, HasSubstr("(3 dagar over fristen)"));
  NoticeRecord escalation = Reminder("Kurs");
  escalation.kind = "escalation";
  escalation.recipient = "ledergruppe";
  auto up = renderer.Render(escalation, At("2026-03-19T08:00"));
  ASSERT_TRUE(up);
  EXPECT_EQ(up->subject, "Eskalering, over fristen: Kurs (Hjemmebasert omsorg)");
  EXPECT_THAT(up->text, HasSubstr("Hei, Sektorens ledergruppe HOV."));
  EXPECT_THAT(up->text, HasSubstr("Hjemmebasert omsorg har ansvaret."));
  EXPECT_THAT(up->text, HasSubstr("Kva kan de gjere?"));
  EXPECT_THAT(up->text, HasSubstr("Ta saka opp med Hjemmebasert omsorg, gjerne på neste "
                                  "leiarmøte."));
  EXPECT_THAT(up->text, Not(HasSubstr("ikke")));
}

TEST_F(NynorskRenderTest, UnitAnswerLinkAndApprovalNoticeAreNynorsk) {
  LoadNynorsk();
  Renderer renderer(config_, templates_);
  NoticeRecord answer = Reminder("Kurs");
  answer.action_url = "https://fristvakt.example.no/svar/abc";
  auto a = renderer.Render(answer, At("2026-03-02T08:00"));
  ASSERT_TRUE(a);
  EXPECT_THAT(a->text, HasSubstr("Svar på varselet med lenka"));
  EXPECT_THAT(a->text, HasSubstr("kan de be om ny frist med ei kort grunngiving"));
  EXPECT_THAT(a->text, HasSubstr("Ikkje send ho vidare."));
  NoticeRecord n = Reminder("Kurs");
  n.kind = "approval";
  n.rule = "approval";
  n.recipient = "ledergruppe";
  n.action_url = "https://fristvakt.example.no/godkjenn/xyz";
  n.payload["event"] = {{"kind", "deadline_move_requested"},
                        {"data", {{"new", "2026-06-01"}, {"reason", "Anbodet vart forseinka"}}}};
  auto m = renderer.Render(n, At("2026-03-02T08:00"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Ønske om ny frist: Kurs (Hjemmebasert omsorg)");
  EXPECT_THAT(m->text, HasSubstr("Hei, Sektorens ledergruppe HOV."));
  EXPECT_THAT(m->text, HasSubstr("ber om å flytte fristen for dette tiltaket frå 16.03.2026 til "
                                 "01.06.2026. Grunngiving: Anbodet vart forseinka"));
  EXPECT_THAT(m->text, HasSubstr("Kva kan de gjere?"));
  EXPECT_THAT(m->text, HasSubstr("Godkjenn eller avslå ønsket med lenka. Til de har avgjort, "
                                 "står fristen 16.03.2026."));
  EXPECT_THAT(m->text,
              HasSubstr("Godkjenn eller avslå: https://fristvakt.example.no/godkjenn/xyz"));
  auto json = renderer.WebhookJson(n, *config_.directory.Find("ledergruppe"), "tekst",
                                   At("2026-03-02T08:00"));
  EXPECT_EQ(json["actions"][0]["title"], "Godkjenn eller avslå");
}

TEST_F(NynorskRenderTest, DigestIsNynorsk) {
  LoadNynorsk();
  Renderer renderer(config_, templates_);
  auto item = [](const std::string& id, int days, int moves) {
    return nlohmann::json{{"id", id},
                          {"focus_area", "digitalisering"},
                          {"title", "Tiltak " + id},
                          {"responsible", "hbo"},
                          {"deadline", "2026-03-01"},
                          {"updated_at", "2026-02-01T10:00:00+01:00"},
                          {"days", days},
                          {"moves", moves},
                          {"moves_total", moves}};
  };
  NoticeRecord n;
  n.key = "digest/ledermote/2026-03-03/ledergruppe/email";
  n.kind = "digest";
  n.rule = "ledermote";
  n.recipient = "ledergruppe";
  n.payload = {{"digest",
                {{"name", "ledermote"},
                 {"date", "2026-03-03"},
                 {"sections",
                  {{"overdue", {item("D-1", 5, 0)}},
                   {"moved", {item("D-2", 0, 2)}},
                   {"stale", {item("D-3", 30, 0)}}}}}}};
  auto m = renderer.Render(n, At("2026-03-03T08:00"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Oversikt over tiltaka 03.03.2026");
  EXPECT_THAT(m->text, HasSubstr("Hei, Sektorens ledergruppe HOV."));
  EXPECT_THAT(m->text, HasSubstr("Her er oversikta over tiltaka per 03.03.2026."));
  EXPECT_THAT(m->text, HasSubstr("- D-1 Tiltak D-1; Hjemmebasert omsorg; Frist 01.03.2026; "
                                 "5 dagar over fristen"));
  EXPECT_THAT(m->text, HasSubstr("Fristen flytta sidan førre oversikt:"));
  EXPECT_THAT(m->text, HasSubstr("flytta 2 gonger; Frist flytta: 2"));
  EXPECT_THAT(m->text, HasSubstr("30 dagar utan oppdatering"));
  EXPECT_THAT(m->text, HasSubstr("Venleg helsing"));
  EXPECT_THAT(m->html, HasSubstr("<html lang=\"nn\">"));
  EXPECT_THAT(m->text, Not(HasSubstr("ikke")));
  EXPECT_THAT(m->text, Not(HasSubstr("dager")));
}

}  // namespace
}  // namespace fristvakt
