// The persisted schedule (issue 15): a start evaluates only the measures that are due and those
// whose rules changed, and queues exactly what evaluating every measure would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "daemon/config/config_file.h"
#include "daemon/service/scheduler.h"
#include "db/open_store.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::TempDir;

constexpr const char* kFolkehelseRules = R"(focus_area: folkehelse
title: Folkehelse
rules:
  - name: forsinket
    when: {after_deadline: 1d}
    repeat: 7d
    max_times: 4
    to: [responsible]
)";

struct Sample {
  const char* id;
  const char* area;
  const char* deadline;
  const char* unit;
};

// Three in folkehelse and two in digitalisering; varsel-14d (14 days before) applies to all,
// forsinket (a day after, weekly, four times) to folkehelse's.
constexpr Sample kSamples[] = {
    {"FH-1", "folkehelse", "16.03.2026", "hbo"},
    {"FH-2", "folkehelse", "23.03.2026", "kff"},
    {"FH-3", "folkehelse", "13.04.2026", "helse-familie"},
    {"DIG-1", "digitalisering", "30.03.2026", "hbo"},
    {"DIG-2", "digitalisering", "06.04.2026", "kff"},
};

class ScheduleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_path_ = testing::WriteSmallConfig(dir_);
    dir_.Write("rules/folkehelse.yaml", kFolkehelseRules);
    Load(&config_);
    for (auto* store : {&store_, &reference_}) {
      ASSERT_TRUE(OpenStore(":memory:", store).ok());
      for (const Sample& s : kSamples) Insert(store->get(), s);
    }
  }

  void Load(Config* config) {
    Diagnostics diag;
    LoadConfig(config_path_, ProcessEnvironment(), config, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
  }

  Timestamp At(const std::string& text) const { return *ParseTimestamp(text, config_.timezone); }

  Measure Make(const Sample& s) const {
    Measure m;
    m.id = s.id;
    m.focus_area = s.area;
    m.title = std::string("Tiltak ") + s.id;
    m.responsible = s.unit;
    m.deadline = *ParseDate(s.deadline);
    m.status = MeasureStatus::kInProgress;
    m.updated_at = At("2026-02-20 10:00");
    return m;
  }

  void Insert(Store* store, const Sample& s) {
    Measure m = Make(s);
    Transaction tx(*store);
    ASSERT_TRUE(store->InsertMeasure(m, m.updated_at, "test", {}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  // A restart at `now`: a new scheduler of `config` on `store`.
  std::vector<std::string> Start(const Config& config, Store* store, const std::string& now,
                                 Scheduler::StartMode mode = Scheduler::StartMode::kPersisted,
                                 size_t* evaluated = nullptr) {
    Scheduler scheduler(config, store);
    std::vector<Notice> queued;
    EXPECT_TRUE(scheduler.Start(At(now), &queued, mode).ok());
    if (evaluated != nullptr) *evaluated = scheduler.started_measures();
    return Sorted(queued);
  }

  size_t Evaluated(const Config& config, const std::string& now) {
    size_t evaluated = 0;
    Start(config, store_.get(), now, Scheduler::StartMode::kPersisted, &evaluated);
    return evaluated;
  }

  static std::vector<std::string> Sorted(const std::vector<Notice>& notices) {
    std::vector<std::string> keys;
    for (const Notice& n : notices) keys.push_back(n.key);
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  // Every notice in the outbox, as "KEY state".
  static std::vector<std::string> Outbox(Store* store) {
    std::vector<std::string> out;
    for (const Sample& s : kSamples) {
      std::vector<OutboxEntry> entries;
      EXPECT_TRUE(store->OutboxFor(s.id, &entries).ok());
      for (const OutboxEntry& e : entries) out.push_back(e.key + " " + e.state);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void Move(Store* store, const std::string& id, const std::function<void(Measure*)>& change,
            const std::string& now) {
    std::optional<Measure> before;
    ASSERT_TRUE(store->GetMeasure(id, &before).ok());
    ASSERT_TRUE(before);
    Measure after = *before;
    change(&after);
    Transaction tx(*store);
    ASSERT_TRUE(store->SaveChange(*before, after, At(now), "test", "", nullptr).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  TempDir dir_;
  std::string config_path_;
  Config config_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Store> reference_;  // the same measures, every start evaluating every one
};

TEST_F(ScheduleTest, FirstStartEvaluatesEveryMeasureAndARestartOnlyTheDueOnes) {
  EXPECT_EQ(Evaluated(config_, "2026-03-01 12:00"), 5u);
  EXPECT_EQ(Evaluated(config_, "2026-03-01 13:00"), 0u);
  Scheduler scheduler(config_, store_.get());
  std::vector<Notice> queued;
  ASSERT_TRUE(scheduler.Start(At("2026-03-01 13:00"), &queued).ok());
  // FH-1's reminder, 14 days before 16.03, known from the schedule alone.
  EXPECT_EQ(scheduler.NextWake(), At("2026-03-02 08:00"));

  // On 09.03 at 09:00 FH-1's reminder (02.03) and FH-2's (09.03, today) are due: two
  // measures evaluated; FH-2's goes out late, FH-1's is a day too late and is dropped.
  size_t evaluated = 0;
  EXPECT_THAT(Start(config_, store_.get(), "2026-03-09 09:00", Scheduler::StartMode::kPersisted,
                    &evaluated),
              ElementsAre("FH-2/varsel-14d/2026-03-23/1/kff/email"));
  EXPECT_EQ(evaluated, 2u);
}

TEST_F(ScheduleTest, RestartsQueueExactlyWhatEvaluatingEveryMeasureQueues) {
  // Restarts at moments spread over two months, some after long stops (the clock jumped), with
  // changes of measures in between.
  const std::vector<std::string> restarts = {
      "2026-03-01 12:00", "2026-03-02 08:00", "2026-03-02 15:00", "2026-03-17 09:30",
      "2026-03-25 07:00", "2026-04-20 10:00", "2026-05-11 08:15"};
  for (size_t i = 0; i < restarts.size(); ++i) {
    if (i == 3) {
      for (Store* store : {store_.get(), reference_.get()}) {
        Move(
            store, "DIG-2", [](Measure* m) { m->deadline = *ParseDate("20.04.2026"); },
            restarts[i]);
        Move(
            store, "FH-3", [](Measure* m) { m->status = MeasureStatus::kDone; }, restarts[i]);
      }
    }
    auto persisted = Start(config_, store_.get(), restarts[i]);
    auto every = Start(config_, reference_.get(), restarts[i], Scheduler::StartMode::kEvaluateAll);
    EXPECT_EQ(persisted, every) << restarts[i];
    EXPECT_EQ(Outbox(store_.get()), Outbox(reference_.get())) << restarts[i];
  }
  EXPECT_THAT(Outbox(store_.get()),
              ::testing::Contains("FH-1/forsinket/2026-03-16/1/hbo/email queued"));
}

TEST_F(ScheduleTest, RulesChangedInOneAreaEvaluateOnlyThatAreasMeasures) {
  EXPECT_EQ(Evaluated(config_, "2026-03-01 12:00"), 5u);
  dir_.Write("rules/folkehelse.yaml", std::string(kFolkehelseRules) +
                                          "  - name: stille\n    when: {no_update_for: 7d}\n"
                                          "    to: [responsible]\n");
  Config changed;
  Load(&changed);
  EXPECT_EQ(Evaluated(changed, "2026-03-01 12:30"), 3u);
  EXPECT_EQ(Evaluated(changed, "2026-03-01 12:40"), 0u);

  // The defaults every area uses: all five.
  dir_.Write("rules/00-defaults.yaml",
             "focus_area: \"*\"\nrules:\n  - name: varsel-14d\n    when: {before_deadline: 10d}\n"
             "    to: [responsible]\n");
  Config defaults;
  Load(&defaults);
  EXPECT_EQ(Evaluated(defaults, "2026-03-01 12:50"), 5u);

  // The calendar is shared by every area: all five again.
  Config closed = defaults;
  closed.calendar.closed.push_back(*ParseDate("06.03.2026"));
  EXPECT_EQ(Evaluated(closed, "2026-03-01 13:00"), 5u);
  EXPECT_EQ(Evaluated(closed, "2026-03-01 13:10"), 0u);
}

// When every area's rules changed (the defaults they share), the measures are read in one pass
// in id order, with each page's acknowledgements and handled occurrences read as a range, and
// the schedule is rewritten in place: what is queued and recorded, then and at each later
// start, is what evaluating every measure gives.
TEST_F(ScheduleTest, DefaultsChangedQueueWhatEvaluatingEveryMeasureQueues) {
  auto both = [&](const Config& config, const std::string& now, size_t* evaluated = nullptr) {
    auto persisted = Start(config, store_.get(), now, Scheduler::StartMode::kPersisted, evaluated);
    auto every = Start(config, reference_.get(), now, Scheduler::StartMode::kEvaluateAll);
    EXPECT_EQ(persisted, every) << now;
    EXPECT_EQ(Outbox(store_.get()), Outbox(reference_.get())) << now;
    return persisted;
  };
  both(config_, "2026-03-01 12:00");
  // hbo acknowledges DIG-1: its own reminders wait until 25.03.
  for (Store* store : {store_.get(), reference_.get()}) {
    Acknowledgement ack;
    ack.measure_id = "DIG-1";
    ack.at = At("2026-03-01 12:10");
    ack.until = *ParseDate("25.03.2026");
    ack.actor = "hbo";
    ack.unit = "hbo";
    ack.deadline = *ParseDate("30.03.2026");
    ack.status = MeasureStatus::kInProgress;
    Transaction tx(*store);
    ASSERT_TRUE(store->Acknowledge(ack).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  // The defaults: the reminder 10 days before instead of 14, and one on the deadline.
  dir_.Write("rules/00-defaults.yaml",
             "focus_area: \"*\"\nrules:\n  - name: varsel-14d\n    when: {before_deadline: 10d}\n"
             "    to: [responsible]\n  - name: forfall\n    when: {on_deadline: true}\n"
             "    to: [responsible]\n");
  Config defaults;
  Load(&defaults);
  size_t evaluated = 0;
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  spdlog::default_logger()->sinks().push_back(sink);
  EXPECT_THAT(both(defaults, "2026-03-06 09:00", &evaluated),
              ElementsAre("FH-1/varsel-14d/2026-03-16/1/hbo/email"));
  spdlog::default_logger()->sinks().pop_back();
  EXPECT_EQ(evaluated, std::size(kSamples));
  // One pass, not one for each area.
  EXPECT_THAT(log.str(), HasSubstr("every focus area's rules changed"));
  EXPECT_THAT(log.str(), Not(HasSubstr("focus area folkehelse: its rules changed")));
  for (const std::string now : {"2026-03-13 08:30", "2026-03-16 09:00", "2026-03-24 10:00",
                                "2026-03-30 08:00", "2026-04-07 08:30", "2026-04-20 12:00"}) {
    both(defaults, now);
  }
  EXPECT_THAT(Outbox(store_.get()),
              ::testing::Contains("DIG-1/forfall/2026-03-30/1/hbo/email queued"));
}

TEST_F(ScheduleTest, ManyPagesOfMeasuresAreEachEvaluatedOnceAndInFull) {
  // Pages of 5,000: a page is decided on a second thread while the next is read and the one
  // before recorded. 12,001 measures, half in each of two areas.
  constexpr int kMany = 12001;
  {
    Transaction tx(*store_);
    for (int i = 0; i < kMany; ++i) {
      Measure m = Make({"", i % 2 == 1 ? "folkehelse" : "digitalisering", "16.03.2026", "hbo"});
      m.id = "P-" + std::to_string(i);
      ASSERT_TRUE(store_->InsertMeasure(m, m.updated_at, "test", {}).ok());
    }
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto ours = [](const std::vector<std::string>& keys) {
    std::set<std::string> out;
    for (const std::string& k : keys) {
      if (k.rfind("P-", 0) == 0) out.insert(k);
    }
    return out;
  };
  // 02.03 at 09:00: each one's reminder of 08:00 (14 days before 16.03) is due, once; and
  // folkehelse's tidlig (20 days before: 24.02), there from the first start, was missed by its
  // 6,000 measures and three samples, each recorded as not sent (the log names the first few).
  const std::string rules = std::string(kFolkehelseRules) +
                            "  - name: tidlig\n    when: {before_deadline: 20d}\n"
                            "    to: [responsible]\n";
  dir_.Write("rules/folkehelse.yaml", rules);
  Config first;
  Load(&first);
  size_t evaluated = 0;
  auto queued =
      Start(first, store_.get(), "2026-03-02 09:00", Scheduler::StartMode::kPersisted, &evaluated);
  EXPECT_EQ(evaluated, kMany + std::size(kSamples));
  EXPECT_EQ(ours(queued).size(), static_cast<size_t>(kMany));
  EXPECT_EQ(ours(queued).count("P-12000/varsel-14d/2026-03-16/1/hbo/email"), 1u);
  for (const std::string id : {"P-1", "P-5001", "P-11999"}) {
    std::vector<OutboxEntry> entries;
    ASSERT_TRUE(store_->OutboxFor(id, &entries).ok());
    std::vector<std::string> states;
    for (const OutboxEntry& e : entries) states.push_back(e.key + " " + e.state);
    EXPECT_THAT(states,
                ::testing::UnorderedElementsAre(id + "/varsel-14d/2026-03-16/1/hbo/email queued",
                                                id + "/tidlig/2026-03-16/1/hbo/email dropped"));
  }

  // A rule added to folkehelse whose one occurrence (06.03) is to come: its 6,000 measures and
  // three samples are read a page of ids at a time, nothing is queued again, and each one's
  // next moment is the new occurrence.
  dir_.Write("rules/folkehelse.yaml", rules +
                                          "  - name: ekstra\n    when: {before_deadline: 10d}\n"
                                          "    to: [responsible]\n");
  Config changed;
  Load(&changed);
  queued = Start(changed, store_.get(), "2026-03-02 09:30", Scheduler::StartMode::kPersisted,
                 &evaluated);
  EXPECT_EQ(evaluated, kMany / 2 + 3u);
  EXPECT_THAT(queued, IsEmpty());
  queued = Start(changed, store_.get(), "2026-03-06 09:00", Scheduler::StartMode::kPersisted,
                 &evaluated);
  EXPECT_EQ(ours(queued).size(), static_cast<size_t>(kMany / 2));
  for (const std::string id : {"P-1", "P-5001", "P-11999"}) {
    EXPECT_EQ(ours(queued).count(id + "/ekstra/2026-03-16/1/hbo/email"), 1u);
  }
}

// A rule added later (docs/rules.md, "Rules added later"): an occurrence that passed before the
// rule came into force was never owed, so it is not recorded as missed, at that start or any
// later one, while what catch-up sends late still goes out, and an occurrence missed after the
// rule came into force is recorded as before. Recording the first kind was most of the time a
// reload that adds a rule took on a large plan.
TEST_F(ScheduleTest, ARuleAddedLaterRecordsNoMissedNoticeFromBeforeIt) {
  auto has = [](const std::vector<std::string>& rows, const std::string& prefix) {
    return std::any_of(rows.begin(), rows.end(),
                       [&](const std::string& row) { return row.rfind(prefix, 0) == 0; });
  };
  Start(config_, store_.get(), "2026-03-02 09:00");
  // ekstra: 20 days before, so FH-1's (24.02) has passed and FH-2's (03.03) is to come;
  // samme-dag: FH-1's (02.03 08:00) is today, and goes out late as a new measure's would.
  const std::string added = std::string(kFolkehelseRules) +
                            "  - name: ekstra\n    when: {before_deadline: 20d}\n"
                            "    to: [responsible]\n"
                            "  - name: samme-dag\n    when: {before_deadline: 14d}\n"
                            "    to: [responsible]\n";
  dir_.Write("rules/folkehelse.yaml", added);
  Config changed;
  Load(&changed);
  // FH-1 changed meanwhile: its event is handled first, with the new rules in force too.
  Move(
      store_.get(), "FH-1", [](Measure* m) { m->title = "Nytt navn"; }, "2026-03-02 09:20");
  EXPECT_THAT(Start(changed, store_.get(), "2026-03-02 09:30"),
              ElementsAre("FH-1/samme-dag/2026-03-16/1/hbo/email"));
  EXPECT_FALSE(has(Outbox(store_.get()), "FH-1/ekstra/"));

  // Stopped until Friday 20.03; then purring (daily after the deadline) is added: of FH-1's
  // occurrences (17.03 to 20.03) the latest goes out late, and the three before it, which
  // passed before the rule came into force, are not recorded. FH-2's ekstra (03.03) passed
  // while the daemon was stopped, after the rule came into force: recorded as not sent.
  dir_.Write("rules/folkehelse.yaml", added +
                                          "  - name: purring\n    when: {after_deadline: 1d}\n"
                                          "    repeat: 1d\n    to: [responsible]\n");
  Config later;
  Load(&later);
  EXPECT_THAT(Start(later, store_.get(), "2026-03-20 09:30"),
              ::testing::Contains("FH-1/purring/2026-03-16/4/hbo/email"));
  std::vector<std::string> rows = Outbox(store_.get());
  EXPECT_FALSE(has(rows, "FH-1/purring/2026-03-16/1/"));
  EXPECT_FALSE(has(rows, "FH-1/purring/2026-03-16/3/"));
  EXPECT_THAT(rows, ::testing::Contains("FH-2/ekstra/2026-03-23/1/kff/email dropped"));

  // Every measure evaluated again later (the clock, say): still nothing recorded from before.
  Start(later, store_.get(), "2026-03-23 09:30", Scheduler::StartMode::kEvaluateAll);
  rows = Outbox(store_.get());
  EXPECT_FALSE(has(rows, "FH-1/ekstra/"));
  EXPECT_FALSE(has(rows, "FH-1/purring/2026-03-16/1/"));
  EXPECT_THAT(rows, ::testing::Contains("FH-1/purring/2026-03-16/5/hbo/email queued"));

  // The same rules from a first start: everything missed is recorded, as it always was.
  dir_.Write("rules/folkehelse.yaml", added);
  Config first;
  Load(&first);
  Start(first, reference_.get(), "2026-03-02 09:30");
  EXPECT_THAT(Outbox(reference_.get()),
              ::testing::Contains("FH-1/ekstra/2026-03-16/1/hbo/email dropped"));
}

// A measure imported after some of its occurrences (docs/rules.md, "Late and missed notices"):
// catch-up sends what it sends for any measure that became known late, but what passed before
// the import was never missed, so it is not recorded as dropped, at the first start or any
// later one; an occurrence that passed while the daemon was stopped after the import is.
// Recording the first kind was most of what a first start on a large imported plan wrote.
TEST_F(ScheduleTest, AMeasureImportedLateRecordsNoMissedNoticeFromBeforeIt) {
  auto rows_of = [](Store* store, const std::string& id) {
    std::vector<OutboxEntry> entries;
    EXPECT_TRUE(store->OutboxFor(id, &entries).ok());
    std::vector<std::string> rows;
    for (const OutboxEntry& e : entries) rows.push_back(e.key + " " + e.state);
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  // Due Monday 16.03: varsel-14d was 02.03, forsinket 17.03, 24.03, 31.03 and 07.04.
  Measure m = Make({"FH-9", "folkehelse", "16.03.2026", "hbo"});
  for (Store* store : {store_.get(), reference_.get()}) {
    Transaction tx(*store);
    ASSERT_TRUE(store->InsertMeasure(m, At("2026-03-18 12:00"), "import", {}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  // Started right after the import: the overdue notice goes out late, as it always did.
  EXPECT_THAT(Start(config_, store_.get(), "2026-03-18 12:30"),
              ::testing::Contains("FH-9/forsinket/2026-03-16/1/hbo/email"));
  EXPECT_THAT(rows_of(store_.get(), "FH-9"),
              ElementsAre("FH-9/forsinket/2026-03-16/1/hbo/email queued"));
  // Every measure evaluated again later: still nothing recorded from before the import.
  Start(config_, store_.get(), "2026-03-20 09:30", Scheduler::StartMode::kEvaluateAll);
  EXPECT_THAT(rows_of(store_.get(), "FH-9"),
              ElementsAre("FH-9/forsinket/2026-03-16/1/hbo/email queued"));

  // Stopped from the import until 31.03: 17.03 passed before it, 24.03 after it, while the
  // daemon was stopped (recorded as not sent), and 31.03 is the latest, sent late.
  EXPECT_THAT(Start(config_, reference_.get(), "2026-03-31 09:30"),
              ::testing::Contains("FH-9/forsinket/2026-03-16/3/hbo/email"));
  EXPECT_THAT(rows_of(reference_.get(), "FH-9"),
              ElementsAre("FH-9/forsinket/2026-03-16/2/hbo/email dropped",
                          "FH-9/forsinket/2026-03-16/3/hbo/email queued"));
}

// The daemon keeps only a few of what a start queues (a first start inside the sending window
// on a large imported plan queues a million late notices); the outbox gets every one, and the
// tally counts them all.
TEST_F(ScheduleTest, KeepAtMostBoundsWhatIsHeldNotWhatIsQueued) {
  std::vector<Notice> all;
  Scheduler reference(config_, reference_.get());
  ASSERT_TRUE(reference.Start(At("2026-04-21 09:00"), &all).ok());
  ASSERT_GT(all.size(), 2u);
  const size_t late = std::count_if(all.begin(), all.end(), [](const Notice& n) { return n.late; });
  EXPECT_EQ(reference.tally().queued, all.size());
  EXPECT_EQ(reference.tally().late, late);

  std::vector<Notice> kept;
  Scheduler scheduler(config_, store_.get());
  scheduler.KeepAtMost(2);
  ASSERT_TRUE(scheduler.Start(At("2026-04-21 09:00"), &kept).ok());
  EXPECT_EQ(kept.size(), 2u);
  EXPECT_EQ(scheduler.tally().queued, all.size());
  EXPECT_EQ(scheduler.tally().late, late);
  EXPECT_EQ(Outbox(store_.get()), Outbox(reference_.get()));
  // A due run starts its tally afresh.
  kept.clear();
  ASSERT_TRUE(scheduler.RunDue(At("2026-04-21 09:01"), &kept).ok());
  EXPECT_EQ(scheduler.tally().queued, 0u);
}

TEST_F(ScheduleTest, AMeasureMovedToAnotherAreaFollowsThatAreasRules) {
  EXPECT_EQ(Evaluated(config_, "2026-03-01 12:00"), 5u);
  Move(
      store_.get(), "DIG-1", [](Measure* m) { m->focus_area = "folkehelse"; }, "2026-03-01 12:10");
  // The change's event is handled first, then the four measures now in folkehelse.
  dir_.Write("rules/folkehelse.yaml", std::string(kFolkehelseRules) + "    severity: warning\n");
  Config changed;
  Load(&changed);
  EXPECT_EQ(Evaluated(changed, "2026-03-01 12:20"), 4u);
  // DIG-1 now gets forsinket, a day after its deadline 30.03.
  EXPECT_THAT(Start(changed, store_.get(), "2026-03-31 09:00"),
              ::testing::Contains("DIG-1/forsinket/2026-03-30/1/hbo/email"));
}

TEST_F(ScheduleTest, ClockSetBackEvaluatesEveryMeasure) {
  EXPECT_EQ(Evaluated(config_, "2026-03-05 12:00"), 5u);
  EXPECT_EQ(Evaluated(config_, "2026-03-05 13:00"), 0u);
  EXPECT_EQ(Evaluated(config_, "2026-03-04 12:00"), 5u);
}

TEST_F(ScheduleTest, ClosedMeasuresHaveNoNextMoment) {
  for (const Sample& s : kSamples) {
    Move(
        store_.get(), s.id, [](Measure* m) { m->status = MeasureStatus::kDone; },
        "2026-02-21 10:00");
  }
  Scheduler scheduler(config_, store_.get());
  std::vector<Notice> queued;
  ASSERT_TRUE(scheduler.Start(At("2026-03-01 12:00"), &queued).ok());
  EXPECT_THAT(queued, IsEmpty());
  std::optional<Timestamp> next;
  ASSERT_TRUE(store_->EarliestEvaluation(&next).ok());
  EXPECT_FALSE(next);
  EXPECT_FALSE(scheduler.NextWake());
}

TEST_F(ScheduleTest, AnEventMovesTheScheduleWithTheWatermark) {
  Scheduler scheduler(config_, store_.get());
  std::vector<Notice> queued;
  ASSERT_TRUE(scheduler.Start(At("2026-03-01 12:00"), &queued).ok());
  EXPECT_EQ(scheduler.NextWake(), At("2026-03-02 08:00"));
  Move(
      store_.get(), "FH-1", [](Measure* m) { m->deadline = *ParseDate("18.05.2026"); },
      "2026-03-01 12:05");
  ASSERT_TRUE(scheduler.RunDue(At("2026-03-01 12:10"), &queued).ok());
  // FH-2's reminder on 09.03 is now the first; a restart reads it from the store.
  EXPECT_EQ(scheduler.NextWake(), At("2026-03-09 08:00"));
  Scheduler restarted(config_, store_.get());
  ASSERT_TRUE(restarted.Start(At("2026-03-01 12:20"), &queued).ok());
  EXPECT_EQ(restarted.started_measures(), 0u);
  EXPECT_EQ(restarted.NextWake(), At("2026-03-09 08:00"));
  EXPECT_THAT(queued, IsEmpty());
}

TEST_F(ScheduleTest, AMeasureAddedWhileStoppedIsEvaluatedAtTheNextStart) {
  // The first start saw no event; the measure added after it has no entry in the schedule and
  // is found through its event.
  EXPECT_EQ(Evaluated(config_, "2026-03-01 12:00"), 5u);
  Insert(store_.get(), {"FH-9", "folkehelse", "17.03.2026", "hbo"});
  EXPECT_THAT(Start(config_, store_.get(), "2026-03-03 09:00"),
              ElementsAre("FH-9/varsel-14d/2026-03-17/1/hbo/email"));
}

}  // namespace
}  // namespace fristvakt
