// The leadership sees the unit's answer (SPEC §9): escalations carry it, digests carry it per
// measure and list the measures cancelled since the previous digest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config/config_file.h"
#include "daemon/service/scheduler.h"
#include "db/measure_changes.h"
#include "db/open_store.h"
#include "notifiers/render.h"
#include "testing/measure_change.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using testing::Commented;
using testing::Moved;
using testing::StatusSet;

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

class SchedulerAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = testing::WriteSmallConfig(
        dir_,
        "digests:\n  - {name: ledermote, cron: \"0 8 * * 2\", to: [ledergruppe], "
        "send_empty: true}\n");
    dir_.Write("rules/00-defaults.yaml", R"(focus_area: "*"
rules:
  - {name: eskalering, when: {after_deadline: 1d}, to: [ledergruppe]}
  - {name: forsinket, when: {after_deadline: 1d}, to: [responsible]}
)");
    Diagnostics diag;
    LoadConfig(path, ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    Templates::Load("", config_.language, &templates_, &diag);
    ASSERT_TRUE(OpenStore(":memory:", &store_).ok());
    Measure m;
    m.id = "DIG-3";
    m.focus_area = "digitalisering";
    m.title = "Velferdsteknologi i hjemmetjenesten";
    m.responsible = "hbo";
    m.deadline = *ParseDate("01.03.2026");
    m.status = MeasureStatus::kInProgress;
    m.updated_at = At("2026-02-01 10:00");
    Transaction tx(*store_);
    ASSERT_TRUE(store_->InsertMeasure(m, m.updated_at, "import", {}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  Timestamp At(const std::string& text) const { return *ParseTimestamp(text, config_.timezone); }

  void Change(const std::string& when, const std::string& actor, MeasureChange change) {
    int events = 0;
    ASSERT_TRUE(
        ChangeMeasure(store_.get(), "DIG-3", change, actor, At(when), Language::kNb, &events).ok());
  }

  // The unit's answer: a moved deadline, a comment, and its own acknowledgement.
  void Answer() {
    Change("2026-02-20 09:00", "cli", Moved("2026-03-16", "Anbudet er forsinket"));
    Change("2026-03-02 11:30", "api:hbo-leder", Commented("Forsinket pga. anbudsprosess"));
    ASSERT_TRUE(AcknowledgeMeasure(store_.get(), "DIG-3", "2026-03-31", "Venter på leverandør",
                                   "api:hbo-leder", {"hbo", *ParseDate("2026-04-16")},
                                   At("2026-03-17 07:00"), *ParseDate("2026-03-17"), Language::kNb)
                    .ok());
  }

  NoticeRecord Record(const OutboxEntry& e) const {
    NoticeRecord n;
    n.key = e.key;
    n.kind = e.kind;
    n.rule = e.rule;
    n.recipient = e.recipient;
    n.at = e.due_at;
    n.payload = nlohmann::json::parse(e.payload);
    return n;
  }

  nlohmann::json Digest(Scheduler& scheduler, const std::string& at) {
    std::vector<std::pair<Notice, nlohmann::json>> built;
    EXPECT_TRUE(scheduler.BuildDigestNotices(config_.digests[0], At(at), false, &built).ok());
    EXPECT_FALSE(built.empty());
    return built.empty() ? nlohmann::json() : built[0].second["digest"]["sections"];
  }

  TempDir dir_;
  Config config_;
  Templates templates_;
  std::unique_ptr<Store> store_;
};

TEST_F(SchedulerAnswersTest, EscalationTellsTheGroupWhatTheUnitSaid) {
  Answer();
  Scheduler scheduler(config_, store_.get());
  std::vector<Notice> queued;
  ASSERT_TRUE(scheduler.Start(At("2026-03-17 09:00"), &queued).ok());
  std::vector<OutboxEntry> outbox;
  ASSERT_TRUE(store_->OutboxFor("DIG-3", &outbox).ok());
  const OutboxEntry* escalation = nullptr;
  for (const OutboxEntry& e : outbox) {
    if (e.recipient == "ledergruppe" && e.state == "queued") escalation = &e;
    // The unit's own acknowledgement holds back its reminder, not the escalation.
    EXPECT_FALSE(e.recipient == "hbo" && e.state == "queued") << e.key;
  }
  ASSERT_NE(escalation, nullptr);
  EXPECT_EQ(escalation->kind, "escalation");
  Renderer renderer(config_, templates_);
  auto m = renderer.Render(Record(*escalation), At("2026-03-17 09:00"));
  ASSERT_TRUE(m);
  EXPECT_THAT(m->text, HasSubstr("Hva har enheten sagt?"));
  EXPECT_THAT(m->text, HasSubstr("- Kommentar: «Forsinket pga. anbudsprosess» (hbo-leder, "
                                 "02.03.2026)"));
  EXPECT_THAT(m->text, HasSubstr("- Kvittert: til og med 31.03.2026: «Venter på leverandør» "
                                 "(Hjemmebasert omsorg, 17.03.2026)"));
  EXPECT_THAT(m->text, HasSubstr("- Frist flyttet: 01.03.2026 → 16.03.2026: «Anbudet er "
                                 "forsinket»"));
  EXPECT_THAT(m->text, HasSubstr("- Ta saken opp med Hjemmebasert omsorg"));
  // Nothing the group cannot do.
  EXPECT_THAT(m->text, Not(HasSubstr("Kvitter for varselet")));
  EXPECT_THAT(m->text, Not(HasSubstr("Flytt fristen")));
  EXPECT_THAT(m->html, HasSubstr("<strong>Kommentar:</strong> «Forsinket pga. anbudsprosess»"));
}

TEST_F(SchedulerAnswersTest, CancelledMeasureIsInTheNextDigestAndNotTheOneAfter) {
  Change("2026-03-05 10:00", "api:hbo-leder",
         StatusSet("avbrutt", "Erstattet av nasjonal løsning"));
  Scheduler scheduler(config_, store_.get());
  nlohmann::json first = Digest(scheduler, "2026-03-10 08:00");
  ASSERT_EQ(first["cancelled"].size(), 1u);
  EXPECT_EQ(first["cancelled"][0]["id"], "DIG-3");
  EXPECT_EQ(first["cancelled"][0]["comment"], "Erstattet av nasjonal løsning");
  EXPECT_EQ(first["cancelled"][0]["comment_by"], "api:hbo-leder");
  {
    Transaction tx(*store_);
    std::vector<Notice> queued;
    ASSERT_TRUE(
        scheduler.RunDigest(config_.digests[0], At("2026-03-10 08:00"), false, &queued).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  nlohmann::json second = Digest(scheduler, "2026-03-17 08:00");
  EXPECT_TRUE(second["cancelled"].empty());
}

TEST_F(SchedulerAnswersTest, DigestMeasuresCarryTheAnswer) {
  Answer();
  Scheduler scheduler(config_, store_.get());
  nlohmann::json sections = Digest(scheduler, "2026-03-17 08:00");
  ASSERT_EQ(sections["overdue"].size(), 1u);
  const nlohmann::json& item = sections["overdue"][0];
  EXPECT_EQ(item["comment"], "Forsinket pga. anbudsprosess");
  EXPECT_EQ(item["comment_at"], "2026-03-02T11:30:00+01:00");
  EXPECT_EQ(item["acknowledgement"]["until"], "2026-03-31");
  EXPECT_EQ(item["acknowledgement"]["unit"], "hbo");
  ASSERT_EQ(item["deadline_moves"].size(), 1u);
  EXPECT_EQ(item["deadline_moves"][0]["old"], "2026-03-01");
  EXPECT_EQ(item["deadline_moves"][0]["new"], "2026-03-16");
  EXPECT_EQ(item["deadline_moves"][0]["reason"], "Anbudet er forsinket");
  EXPECT_TRUE(item["pending_request"].is_null());
  EXPECT_EQ(item["moves_total"], 1);  // what was there stays
}

}  // namespace
}  // namespace fristvakt
