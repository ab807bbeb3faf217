// What the leadership reads of the unit's answer (SPEC §9), in mails, cards and JSON, and
// digests that read well on a phone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config/config_file.h"
#include "db/export.h"
#include "notifiers/render.h"
#include "notifiers/render_data.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

class RenderAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path = testing::WriteSmallConfig(
        dir_, "webhooks:\n  teams: {url: \"https://hooks.example.no/x\", format: teams}\n");
    dir_.Write("units.yaml", R"(units:
  - {id: hbo, name: Hjemmebasert omsorg, email: [hbo@example.no], webhook: teams}
groups:
  - {id: ledergruppe, name: Sektorens ledergruppe HOV, email: [leder@example.no], webhook: teams}
)");
    Diagnostics diag;
    config_ = Config{};
    LoadConfig(path, ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    templates_ = std::make_unique<Templates>();
    Templates::Load("", config_.language, templates_.get(), &diag);
  }

  Timestamp At(const std::string& text) const { return *ParseTimestamp(text, config_.timezone); }

  // A measure's JSON with the unit's answer, as the scheduler writes it.
  static json Answered(json m) {
    m["comment"] = "Forsinket pga. anbudsprosess";
    m["comment_by"] = "api:hbo-leder";
    m["comment_at"] = "2026-03-02T11:30:00+01:00";
    m["acknowledgement"] = {{"at", "2026-03-03T08:00:00+01:00"},
                            {"by", "api:hbo-leder"},
                            {"unit", "hbo"},
                            {"until", "2026-03-31"},
                            {"note", "Venter på leverandør"}};
    m["deadline_moves"] = json::array({{{"at", "2026-02-20T09:00:00+01:00"},
                                        {"by", "cli"},
                                        {"old", "2026-02-01"},
                                        {"new", "2026-03-01"},
                                        {"reason", "Anbud [se](https://x)"}}});
    m["pending_request"] = nullptr;
    return m;
  }

  static json Item(const std::string& id, const std::string& area, int days) {
    return {{"id", id},
            {"focus_area", area},
            {"title", "Tiltak " + id},
            {"responsible", "hbo"},
            {"deadline", "2026-03-01"},
            {"updated_at", "2026-02-01T10:00:00+01:00"},
            {"status", "in_progress"},
            {"comment", ""},
            {"days", days},
            {"moves", 0},
            {"moves_total", 1}};
  }

  NoticeRecord DigestNotice(Channel channel = Channel::kEmail) const {
    NoticeRecord n;
    n.key = std::string("digest/ledermote/2026-03-03/ledergruppe/") +
            (channel == Channel::kEmail ? "email" : "webhook");
    n.kind = "digest";
    n.rule = "ledermote";
    n.recipient = "ledergruppe";
    n.channel = channel;
    json cancelled = Item("F-2", "folkehelse", 0);
    cancelled["status"] = "cancelled";
    cancelled["comment"] = "Erstattet av nasjonal løsning";
    n.payload = {{"digest",
                  {{"name", "ledermote"},
                   {"date", "2026-03-03"},
                   {"sections",
                    {{"overdue", {Answered(Item("D-1", "digitalisering", 5))}},
                     {"due_soon", json::array()},
                     {"cancelled", {cancelled}}}}}}};
    return n;
  }

  NoticeRecord MeasureNotice(const std::string& kind, const std::string& recipient) const {
    Measure m;
    m.id = "DIG-3";
    m.focus_area = "digitalisering";
    m.title = "Velferdsteknologi";
    m.responsible = "hbo";
    m.deadline = *ParseDate("01.03.2026");
    m.status = MeasureStatus::kInProgress;
    m.progress = 40;
    m.updated_at = At("2026-02-20T10:00");
    NoticeRecord n;
    n.key = "DIG-3/x/2026-03-01/1/" + recipient + "/email";
    n.kind = kind;
    n.rule = "x";
    n.recipient = recipient;
    n.payload = {{"severity", "warning"},
                 {"late", false},
                 {"measure", MeasureToJson(m, config_.timezone)},
                 {"focus_area", {{"id", "digitalisering"}, {"title", "Digitalisering"}}}};
    return n;
  }

  json Webhook(const NoticeRecord& n, WebhookFormat format) const {
    Renderer renderer(config_, *templates_);
    auto m = renderer.Render(n, At("2026-03-03T08:00"));
    return json::parse(renderer.WebhookBody(n, *config_.directory.Find(n.recipient), format,
                                            m->subject, m->text, At("2026-03-03T08:00")));
  }

  TempDir dir_;
  Config config_;
  std::unique_ptr<Templates> templates_;
};

TEST_F(RenderAnswersTest, DigestViewHasTheAnswerAndTheCancelledSection) {
  DigestView view = BuildDigestView(DigestNotice().payload, "ledermote", config_);
  ASSERT_EQ(view.areas.size(), 2u);  // the rule files' order: digitalisering, folkehelse
  EXPECT_EQ(view.areas[0].title, "Digitalisering");
  const DigestItemView& item = view.areas[0].sections[0].items[0];
  ASSERT_EQ(item.answer_lines.size(), 3u);
  EXPECT_EQ(item.answer_lines[0].label, "Kommentar");
  EXPECT_EQ(item.answer_lines[0].text, "«Forsinket pga. anbudsprosess» (hbo-leder, 02.03.2026)");
  EXPECT_EQ(item.answer_lines[1].label, "Kvittert");
  EXPECT_EQ(item.answer_lines[1].text,
            "til og med 31.03.2026: «Venter på leverandør» (Hjemmebasert omsorg, 03.03.2026)");
  EXPECT_EQ(item.answer_lines[2].label, "Frist flyttet");
  EXPECT_EQ(item.answer_lines[2].text,
            "01.02.2026 → 01.03.2026: «Anbud [se](https://x)» (administrator (kommandolinjen), "
            "20.02.2026)");
  const DigestSectionView& cancelled = view.areas[1].sections[0];
  EXPECT_EQ(cancelled.name, "cancelled");
  EXPECT_EQ(cancelled.title, "Avbrutt siden forrige oversikt");
  EXPECT_EQ(cancelled.items[0].note, "avbrutt");
  EXPECT_EQ(cancelled.items[0].answer_lines[0].text, "«Erstattet av nasjonal løsning»");
}

TEST_F(RenderAnswersTest, DigestMailShowsEachMeasureAsABlockWithTheAnswer) {
  Renderer renderer(config_, *templates_);
  auto m = renderer.Render(DigestNotice(), At("2026-03-03T08:00"));
  ASSERT_TRUE(m);
  EXPECT_THAT(m->text, HasSubstr("- D-1 Tiltak D-1; Hjemmebasert omsorg; Frist 01.03.2026; "
                                 "5 dager over fristen; Frist flyttet: 1\n"
                                 "  Kommentar: «Forsinket pga. anbudsprosess» (hbo-leder, "
                                 "02.03.2026)\n  Kvittert: til og med 31.03.2026"));
  EXPECT_THAT(m->text, HasSubstr("Avbrutt siden forrige oversikt:\n- F-2 Tiltak F-2"));
  // No six-column table that a phone cuts off: a heading and label-value rows per measure.
  EXPECT_THAT(m->html, Not(HasSubstr("scope=\"col\"")));
  EXPECT_THAT(m->html,
              HasSubstr("<h4 style=\"font-size:16px;margin:0 0 4px\">D-1 Tiltak D-1</h4>"));
  EXPECT_THAT(m->html, HasSubstr(">Kommentar</th><td"));
  EXPECT_THAT(m->html, HasSubstr("«Anbud [se](https://x)»"));
  EXPECT_THAT(m->html, HasSubstr("width=device-width"));
}

TEST_F(RenderAnswersTest, InputInTheAnswerIsEscapedInHtml) {
  NoticeRecord n = DigestNotice();
  n.payload["digest"]["sections"]["overdue"][0]["comment"] = "<b>x</b> & y";
  Renderer renderer(config_, *templates_);
  auto m = renderer.Render(n, At("2026-03-03T08:00"));
  EXPECT_THAT(m->html, HasSubstr("&lt;b&gt;x&lt;/b&gt; &amp; y"));
  EXPECT_THAT(m->html, Not(HasSubstr("<b>x</b>")));
}

TEST_F(RenderAnswersTest, TeamsDigestIsACardWithAHeadingPerSectionAndFactsPerMeasure) {
  json card =
      Webhook(DigestNotice(Channel::kWebhook), WebhookFormat::kTeams)["attachments"][0]["content"];
  EXPECT_EQ(card["type"], "AdaptiveCard");
  const json& body = card["body"];
  std::vector<std::string> texts;
  const json* container = nullptr;
  for (const json& block : body) {
    if (block["type"] == "TextBlock") texts.push_back(block["text"]);
    if (block["type"] == "Container" && container == nullptr) container = &block;
    EXPECT_THAT(block.dump(), Not(HasSubstr("== ")));
  }
  EXPECT_THAT(texts, ::testing::Contains("Digitalisering"));
  EXPECT_THAT(texts, ::testing::Contains("Over fristen \\(1\\)"));
  EXPECT_THAT(texts, ::testing::Contains("Avbrutt siden forrige oversikt \\(1\\)"));
  ASSERT_NE(container, nullptr);
  EXPECT_EQ((*container)["items"][0]["text"], "D-1 Tiltak D-1");
  const json& facts = (*container)["items"][1]["facts"];
  std::map<std::string, std::string> by_title;
  for (const json& f : facts) by_title[f["title"]] = f["value"];
  EXPECT_EQ(by_title["Ansvar"], "Hjemmebasert omsorg");
  EXPECT_EQ(by_title["Merknad"], "5 dager over fristen");
  EXPECT_EQ(by_title["Kommentar"], "«Forsinket pga. anbudsprosess» \\(hbo-leder, 02.03.2026\\)");
  // Markdown from input stays text.
  EXPECT_THAT(by_title["Frist flyttet"], HasSubstr("«Anbud \\[se\\]\\(https://x\\)»"));
}

TEST_F(RenderAnswersTest, SlackDigestHasAHeaderPerAreaAndASectionPerMeasure) {
  json message = Webhook(DigestNotice(Channel::kWebhook), WebhookFormat::kSlack);
  const json& blocks = message["blocks"];
  ASSERT_GE(blocks.size(), 6u);
  EXPECT_EQ(blocks[0]["type"], "header");
  EXPECT_EQ(blocks[1]["type"], "header");
  EXPECT_EQ(blocks[1]["text"]["text"], "Digitalisering");
  EXPECT_EQ(blocks[2]["text"]["text"], "*Over fristen*");
  const std::string measure = blocks[3]["text"]["text"];
  EXPECT_THAT(measure, HasSubstr("*D-1 Tiltak D-1*\nAnsvar: Hjemmebasert omsorg"));
  EXPECT_THAT(measure, HasSubstr("\nKvittert: til og med 31.03.2026"));
  EXPECT_THAT(message.dump(), Not(HasSubstr("== Digitalisering ==")));
}

TEST_F(RenderAnswersTest, SlackDigestKeepsToFiftyBlocks) {
  NoticeRecord n = DigestNotice(Channel::kWebhook);
  json many = json::array();
  for (int i = 0; i < 80; ++i) many.push_back(Item("D-" + std::to_string(i), "digitalisering", 3));
  n.payload["digest"]["sections"]["overdue"] = many;
  json message = Webhook(n, WebhookFormat::kSlack);
  EXPECT_LE(message["blocks"].size(), 50u);
  EXPECT_THAT(message["blocks"].back()["text"]["text"].get<std::string>(),
              HasSubstr("tiltak til; se e-posten eller oversiktssiden"));
}

TEST_F(RenderAnswersTest, JsonDigestCarriesTheAnswerFieldsBesideTheOldOnes) {
  json body = Webhook(DigestNotice(Channel::kWebhook), WebhookFormat::kJson);
  const json& item = body["sections"]["overdue"][0];
  EXPECT_EQ(item["moves_total"], 1);
  EXPECT_EQ(item["comment"], "Forsinket pga. anbudsprosess");
  EXPECT_EQ(item["acknowledgement"]["until"], "2026-03-31");
  EXPECT_EQ(item["deadline_moves"][0]["reason"], "Anbud [se](https://x)");
  EXPECT_EQ(body["sections"]["cancelled"][0]["id"], "F-2");
}

TEST_F(RenderAnswersTest, NoticeToAUnitStillOffersItsActions) {
  Renderer renderer(config_, *templates_);
  NoticeRecord n = MeasureNotice("overdue", "hbo");
  n.payload["measure"] = Answered(n.payload["measure"]);
  auto m = renderer.Render(n, At("2026-03-03T08:00"));
  // As it always read: one blank line before and after what the unit can do.
  EXPECT_THAT(m->text, HasSubstr("40 % fullført\n\nHva kan dere gjøre?\n- Oppdater status og "
                                 "fremdrift når noe er gjort.\n- Kvitter for varselet"));
  EXPECT_THAT(m->text, HasSubstr("Flytt fristen og skriv en kort begrunnelse.\n\nVennlig hilsen"));
  EXPECT_THAT(m->text, Not(HasSubstr("Hva har enheten sagt?")));
}

TEST_F(RenderAnswersTest, NoticeToAGroupSaysWhenTheUnitHasSaidNothing) {
  Renderer renderer(config_, *templates_);
  NoticeRecord n = MeasureNotice("escalation", "ledergruppe");
  n.payload["measure"]["comment_by"] = nullptr;
  n.payload["measure"]["deadline_moves"] = json::array();
  auto m = renderer.Render(n, At("2026-03-03T08:00"));
  EXPECT_THAT(m->text, HasSubstr("Hva har enheten sagt?\n- Hjemmebasert omsorg har ikke skrevet en "
                                 "kommentar, kvittert for varslene eller flyttet fristen.\n\nHva "
                                 "kan dere gjøre?\n"));
  EXPECT_THAT(m->text, Not(HasSubstr("Kvitter for varselet")));
  EXPECT_THAT(m->html, HasSubstr("<p>Hjemmebasert omsorg har ikke skrevet en kommentar"));
}

TEST_F(RenderAnswersTest, PendingDeadlineRequestIsShownToTheGroup) {
  Renderer renderer(config_, *templates_);
  NoticeRecord n = MeasureNotice("escalation", "ledergruppe");
  n.payload["measure"] = Answered(n.payload["measure"]);
  n.payload["measure"]["pending_request"] = {{"at", "2026-03-02T10:00:00+01:00"},
                                             {"by", "api:hbo-leder"},
                                             {"new_deadline", "2026-05-01"},
                                             {"reason", "Lokalene er forsinket"}};
  auto m = renderer.Render(n, At("2026-03-03T08:00"));
  EXPECT_THAT(m->text, HasSubstr("40 % fullført\n\nHva har enheten sagt?\n- Kommentar: "));
  EXPECT_THAT(m->text, HasSubstr("- Ber om ny frist: 01.05.2026: «Lokalene er forsinket» "
                                 "(hbo-leder, 02.03.2026), venter på svar\n"));
  EXPECT_THAT(m->text, HasSubstr("(administrator (kommandolinjen), 20.02.2026)\n\nHva kan dere "
                                 "gjøre?\n- Ta saken opp med Hjemmebasert omsorg, gjerne i neste "
                                 "ledermøte.\n\nVennlig hilsen"));
  json body = Webhook(n, WebhookFormat::kJson);
  EXPECT_EQ(body["measure"]["pending_request"]["new_deadline"], "2026-05-01");
  EXPECT_EQ(body["measure"]["acknowledgement"]["note"], "Venter på leverandør");
}

TEST_F(RenderAnswersTest, EnglishGroupNoticeTellsTheAnswerInEnglish) {
  config_.language = Language::kEn;
  Templates english;
  Diagnostics diag;
  Templates::Load("", Language::kEn, &english, &diag);
  Renderer renderer(config_, english);
  NoticeRecord n = MeasureNotice("escalation", "ledergruppe");
  n.payload["measure"] = Answered(n.payload["measure"]);
  auto m = renderer.Render(n, At("2026-03-03T08:00"));
  EXPECT_THAT(m->text, HasSubstr("What has the unit said?"));
  EXPECT_THAT(m->text, HasSubstr("- Acknowledged: until 31.03.2026: 'Venter på leverandør'"));
  EXPECT_THAT(m->text, HasSubstr("- Deadline moved: 01.02.2026 → 01.03.2026"));
}

}  // namespace
}  // namespace fristvakt
