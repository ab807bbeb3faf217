#include "daemon/cli/simulate.h"
#include "daemon/config/config_file.h"
#include "db/open_store.h"

#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/plan_import.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::ElementsAreArray;
using testing::TempDir;

// Units: hbo (e-mail and webhook), kff (e-mail); the group ledergruppe (e-mail). Weekdays,
// Norwegian holidays, window 08:00-16:00, Europe/Oslo.
constexpr const char* kUnits = R"(units:
  - {id: hbo, name: Hjemmebasert omsorg, email: [hbo@example.no], webhook: teams}
  - {id: kff, name: Stab, email: [kff@example.no]}
groups:
  - {id: ledergruppe, name: Ledergruppa, email: [leder@example.no]}
)";

constexpr const char* kDefaults = R"(focus_area: "*"
rules:
  - {name: varsel-14d, when: {before_deadline: 14d}, to: [responsible]}
  - {name: forfall, when: {on_deadline: true}, to: [responsible]}
  - {name: forsinket, when: {after_deadline: 1d}, repeat: 7d, max_times: 3, to: [responsible]}
  - {name: eskalering, when: {after_deadline: 10wd}, to: [ledergruppe]}
  - {name: stille, when: {no_update_for: 30d}, to: [responsible]}
  - {name: frist-flyttet, when: {event: deadline_moved}, to: [ledergruppe]}
)";

class SimulateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("units.yaml", kUnits);
    dir_.Write("rules/00.yaml", kDefaults);
    dir_.Write("rules/folkehelse.yaml", "focus_area: folkehelse\ntitle: Folkehelse\n");
    std::string path = dir_.Write("fristvakt.yaml",
                                  "webhooks:\n  teams: {url: \"http://127.0.0.1:9/x\"}\n" + extra_);
    Diagnostics diag;
    LoadConfig(path, ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
  }

  Timestamp Midnight(const std::string& day) const {
    return LocalMoment(*ParseDate(day), {}, config_.timezone);
  }

  // A fresh state holding the plan, imported at `from` 00:00, as `simulate --plan` makes it.
  std::unique_ptr<Store> StoreWithPlan(const std::string& csv, const std::string& from) {
    std::unique_ptr<Store> store;
    EXPECT_TRUE(OpenStore(":memory:", &store).ok());
    Diagnostics diag;
    PlanFile plan;
    ReadPlan(dir_.Write("plan.csv", csv),
             {&config_.rules, &config_.directory, config_.timezone, Language::kNb}, &plan, &diag);
    EXPECT_FALSE(diag.has_errors()) << diag.ToString();
    ImportSummary summary;
    EXPECT_TRUE(ApplyPlan(plan, "plan.csv", Midnight(from), false, store.get(), &summary).ok());
    EXPECT_TRUE(store->SetState("event_watermark", "0").ok());
    return store;
  }

  std::vector<std::string> Lines(const std::vector<Notice>& notices) const {
    std::vector<std::string> lines;
    for (const Notice& n : notices) {
      lines.push_back(FormatIsoTimestamp(n.at, config_.timezone) + " " + n.key);
    }
    return lines;
  }

  TempDir dir_;
  std::string extra_;
  Config config_;
};

// The expected lines are derived by hand from docs/rules.md, "Time":
// A-1 (hbo, deadline Mon 16.03.2026, updated 20.02.2026):
//   varsel-14d: 16.03 - 14d = Mon 02.03.            forfall: 16.03.
//   forsinket: 17.03, 24.03, 31.03 (max_times 3).   stille: 20.02 + 30d = Sun 22.03 -> Mon 23.03.
//   eskalering: 10th working day after 16.03 = 30.03 (after the switch to summer time: +02:00).
// A-2 (kff, deadline Thu 02.04.2026 = Maundy Thursday, updated Sun 01.03.2026):
//   varsel-14d: Thu 19.03.                          forfall: holiday -> previous working day 01.04.
//   forsinket: 03.04 (Good Friday) -> next working day Tue 07.04; then 10.04, 17.04.
//   eskalering: working days after 02.04 are 07.04 (1) ... 17.04 (9), 20.04 (10) -> 20.04.
//   stille: 01.03 + 30d = Tue 31.03.
// A-3 is done: no time notices.
// A-4 (kff, deadline Tue 10.02.2026, updated Sun 01.02.2026) is already overdue at --from
// (Sun 01.03 00:00), so the catch-up rules apply; the first window moment is Mon 02.03 08:00:
//   varsel-14d (27.01) and forfall (10.02) were missed and would be false now: dropped.
//   forsinket 11.02, 18.02, 25.02 were missed: only the latest (k=3) goes out, late, 02.03.
//   eskalering (10th working day after 10.02 = 24.02) was missed: late, 02.03.
//   stille: 01.02 + 30d = Tue 03.03, regular.
TEST_F(SimulateTest, HalfYearGolden) {
  auto store = StoreWithPlan(
      "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Oppdatert\r\n"
      "A-1;folkehelse;Første;hbo;16.03.2026;pågår;20.02.2026\r\n"
      "A-2;folkehelse;Andre;kff;02.04.2026;planlagt;01.03.2026\r\n"
      "A-3;folkehelse;Tredje;kff;01.03.2026;fullført;01.03.2026\r\n"
      "A-4;folkehelse;Fjerde;kff;10.02.2026;planlagt;01.02.2026\r\n",
      "2026-03-01");
  std::vector<Notice> notices;
  ASSERT_TRUE(Simulate(config_, store.get(), Midnight("2026-03-01"),
                       Midnight("2026-09-01") - std::chrono::seconds(1), &notices)
                  .ok());
  EXPECT_THAT(Lines(notices),
              ElementsAreArray({
                  "2026-03-02T08:00:00+01:00 A-1/varsel-14d/2026-03-16/1/hbo/email",
                  "2026-03-02T08:00:00+01:00 A-1/varsel-14d/2026-03-16/1/hbo/webhook",
                  "2026-03-02T08:00:00+01:00 A-4/forsinket/2026-02-10/3/kff/email",
                  "2026-03-02T08:00:00+01:00 A-4/eskalering/2026-02-10/1/ledergruppe/email",
                  "2026-03-03T08:00:00+01:00 A-4/stille/2026-02-01/1/kff/email",
                  "2026-03-16T08:00:00+01:00 A-1/forfall/2026-03-16/1/hbo/email",
                  "2026-03-16T08:00:00+01:00 A-1/forfall/2026-03-16/1/hbo/webhook",
                  "2026-03-17T08:00:00+01:00 A-1/forsinket/2026-03-16/1/hbo/email",
                  "2026-03-17T08:00:00+01:00 A-1/forsinket/2026-03-16/1/hbo/webhook",
                  "2026-03-19T08:00:00+01:00 A-2/varsel-14d/2026-04-02/1/kff/email",
                  "2026-03-23T08:00:00+01:00 A-1/stille/2026-02-20/1/hbo/email",
                  "2026-03-23T08:00:00+01:00 A-1/stille/2026-02-20/1/hbo/webhook",
                  "2026-03-24T08:00:00+01:00 A-1/forsinket/2026-03-16/2/hbo/email",
                  "2026-03-24T08:00:00+01:00 A-1/forsinket/2026-03-16/2/hbo/webhook",
                  "2026-03-30T08:00:00+02:00 A-1/eskalering/2026-03-16/1/ledergruppe/email",
                  "2026-03-31T08:00:00+02:00 A-1/forsinket/2026-03-16/3/hbo/email",
                  "2026-03-31T08:00:00+02:00 A-1/forsinket/2026-03-16/3/hbo/webhook",
                  "2026-03-31T08:00:00+02:00 A-2/stille/2026-03-01/1/kff/email",
                  "2026-04-01T08:00:00+02:00 A-2/forfall/2026-04-02/1/kff/email",
                  "2026-04-07T08:00:00+02:00 A-2/forsinket/2026-04-02/1/kff/email",
                  "2026-04-10T08:00:00+02:00 A-2/forsinket/2026-04-02/2/kff/email",
                  "2026-04-17T08:00:00+02:00 A-2/forsinket/2026-04-02/3/kff/email",
                  "2026-04-20T08:00:00+02:00 A-2/eskalering/2026-04-02/1/ledergruppe/email",
              }));
  EXPECT_TRUE(notices[2].late);
  EXPECT_TRUE(notices[3].late);
  EXPECT_FALSE(notices[4].late);
}

// A year of notices for many measures, in random but fixed shapes.
std::string RandomPlan(unsigned seed, int count) {
  std::mt19937 rng(seed);
  std::string csv = "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Oppdatert\r\n";
  const char* statuses[] = {"planlagt", "pågår", "pågår", "fullført"};
  for (int i = 0; i < count; ++i) {
    Date deadline = *ParseDate("2026-01-01") + date::days(rng() % 365);
    Date updated = *ParseDate("2025-12-01") + date::days(rng() % 60);
    csv += "R-" + std::to_string(i) + ";folkehelse;Tiltak;" + (rng() % 2 ? "hbo" : "kff") + ";" +
           FormatNorwegianDate(deadline) + ";" + statuses[rng() % 4] + ";" +
           FormatNorwegianDate(updated) + "\r\n";
  }
  return csv;
}

TEST_F(SimulateTest, NoNoticeOnANonWorkingDayOrOutsideTheWindow) {
  auto store = StoreWithPlan(RandomPlan(7, 60), "2026-01-01");
  std::vector<Notice> notices;
  ASSERT_TRUE(
      Simulate(config_, store.get(), Midnight("2026-01-01"), Midnight("2027-01-01"), &notices)
          .ok());
  ASSERT_GT(notices.size(), 100u);
  Calendar calendar(config_.calendar);
  for (const Notice& n : notices) {
    Date day = LocalDate(n.at, config_.timezone);
    EXPECT_TRUE(calendar.IsWorkingDay(day)) << n.key;
    EXPECT_GE(n.at, LocalMoment(day, config_.calendar.send_time, config_.timezone)) << n.key;
    EXPECT_LT(n.at, LocalMoment(day, config_.calendar.send_until, config_.timezone)) << n.key;
  }
}

TEST_F(SimulateTest, SimulatingTwiceGivesTheSameNotices) {
  std::vector<std::string> runs[2];
  for (auto& lines : runs) {
    auto store = StoreWithPlan(RandomPlan(11, 40), "2026-01-01");
    std::vector<Notice> notices;
    ASSERT_TRUE(
        Simulate(config_, store.get(), Midnight("2026-01-01"), Midnight("2027-01-01"), &notices)
            .ok());
    lines = Lines(notices);
  }
  EXPECT_EQ(runs[0], runs[1]);
}

// Stopping at midnight and starting again with the sent history changes nothing: no notice is
// due at midnight, so the catch-up rules have nothing to do.
TEST_F(SimulateTest, TwoHalvesGiveTheSameNoticesAsOneRun) {
  auto whole = StoreWithPlan(RandomPlan(13, 40), "2026-01-01");
  std::vector<Notice> one_run;
  ASSERT_TRUE(Simulate(config_, whole.get(), Midnight("2026-01-01"),
                       Midnight("2027-01-01") - std::chrono::seconds(1), &one_run)
                  .ok());
  auto halves = StoreWithPlan(RandomPlan(13, 40), "2026-01-01");
  std::vector<Notice> first;
  std::vector<Notice> second;
  ASSERT_TRUE(Simulate(config_, halves.get(), Midnight("2026-01-01"),
                       Midnight("2026-07-01") - std::chrono::seconds(1), &first)
                  .ok());
  ASSERT_TRUE(Simulate(config_, halves.get(), Midnight("2026-07-01"),
                       Midnight("2027-01-01") - std::chrono::seconds(1), &second)
                  .ok());
  first.insert(first.end(), second.begin(), second.end());
  EXPECT_EQ(Lines(first), Lines(one_run));
}

// Stopped on a Wednesday at 10:00 and started again the next Monday at 12:00: the stale
// measure's reminder from Thursday is dropped, its overdue notices come once, late.
TEST_F(SimulateTest, RestartAfterAStopCatchesUpPerSpec) {
  auto store = StoreWithPlan(
      "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Oppdatert\r\n"
      "B-1;folkehelse;Tiltak;kff;05.03.2026;pågår;01.03.2026\r\n",
      "2026-03-01");
  std::vector<Notice> before;
  ASSERT_TRUE(Simulate(config_, store.get(), Midnight("2026-03-01"),
                       Midnight("2026-03-04") + std::chrono::hours(10), &before)
                  .ok());
  std::vector<Notice> after;
  Timestamp restart = Midnight("2026-03-09") + std::chrono::hours(12);
  ASSERT_TRUE(Simulate(config_, store.get(), restart, Midnight("2026-03-20"), &after).ok());
  EXPECT_THAT(Lines(after),
              ElementsAreArray({
                  "2026-03-09T12:00:00+01:00 B-1/forsinket/2026-03-05/1/kff/email",
                  "2026-03-13T08:00:00+01:00 B-1/forsinket/2026-03-05/2/kff/email",
                  "2026-03-19T08:00:00+01:00 B-1/eskalering/2026-03-05/1/ledergruppe/email",
              }));
}

class DigestScheduleTest : public SimulateTest {
 protected:
  DigestScheduleTest() {
    extra_ = R"(digests:
  - {name: ledermote, cron: "0 8 * * 2", to: [ledergruppe], sections: [overdue, moved]}
  - {name: enheter, cron: "0 9 * * 1", to: [each_unit], sections: [due_soon], due_soon: 7d}
  - {name: tom, cron: "0 10 * * 3", to: [kff], sections: [done_recently], send_empty: true}
)";
  }

  std::vector<std::string> DigestLines(const std::vector<Notice>& notices) const {
    std::vector<std::string> lines;
    for (const Notice& n : notices) {
      if (n.kind == NoticeKind::kDigest) {
        lines.push_back(FormatIsoTimestamp(n.at, config_.timezone) + " " + n.key);
      }
    }
    return lines;
  }
};

// Tuesdays for ledermote (the one after Easter Monday too); Mondays for each unit with its own
// measures due within 7 days, except Easter Monday; Wednesdays an empty digest, sent anyway.
TEST_F(DigestScheduleTest, DigestsFollowTheirCronOnWorkingDays) {
  auto store = StoreWithPlan(
      "Nr;Satsningsområde;Tiltak;Ansvar;Frist\r\n"
      "C-1;folkehelse;Forsinket;kff;27.03.2026\r\n"
      "C-2;folkehelse;Snart;hbo;09.04.2026\r\n",
      "2026-03-30");
  std::vector<Notice> notices;
  ASSERT_TRUE(
      Simulate(config_, store.get(), Midnight("2026-03-30"), Midnight("2026-04-09"), &notices)
          .ok());
  EXPECT_THAT(DigestLines(notices),
              ElementsAreArray({
                  "2026-03-31T08:00:00+02:00 digest/ledermote/2026-03-31/ledergruppe/email",
                  "2026-04-01T10:00:00+02:00 digest/tom/2026-04-01/kff/email",
                  "2026-04-07T08:00:00+02:00 digest/ledermote/2026-04-07/ledergruppe/email",
                  "2026-04-08T10:00:00+02:00 digest/tom/2026-04-08/kff/email",
              }));
  // Monday 30.03: nothing is due within 7 days (C-2 is 10 days on); Easter Monday is skipped.
  // A later plan: on Monday 13.04 C-2 is due in two days, and only its unit hears of it.
  std::vector<Notice> april;
  auto second = StoreWithPlan(
      "Nr;Satsningsområde;Tiltak;Ansvar;Frist\r\n"
      "C-2;folkehelse;Snart;hbo;15.04.2026\r\n",
      "2026-04-10");
  ASSERT_TRUE(
      Simulate(config_, second.get(), Midnight("2026-04-10"), Midnight("2026-04-14"), &april).ok());
  EXPECT_THAT(
      DigestLines(april),
      ElementsAreArray({"2026-04-13T09:00:00+02:00 digest/enheter/2026-04-13/hbo/email",
                        "2026-04-13T09:00:00+02:00 digest/enheter/2026-04-13/hbo/webhook"}));
}

}  // namespace
}  // namespace fristvakt
