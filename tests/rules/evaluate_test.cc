#include "rules/evaluate.h"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/rule_epochs.h"

namespace fristvakt {
namespace {

using ::testing::ElementsAre;

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

Date D(int y, int m, int d) {
  return date::sys_days(date::year{y} / static_cast<unsigned>(m) / static_cast<unsigned>(d));
}

// A local time in Oslo: At(2026, 3, 2, 8) is 02.03.2026 08:00.
Timestamp At(int y, int m, int d, int hour, int minute = 0) {
  return LocalMoment(D(y, m, d), std::chrono::minutes(hour * 60 + minute), Oslo());
}

Duration Days(int n) { return {n, Duration::Unit::kDays}; }
Duration WorkingDays(int n) { return {n, Duration::Unit::kWorkingDays}; }

Rule MakeRule(const std::string& name, Trigger trigger, Duration offset = {},
              std::vector<std::string> to = {"responsible"}) {
  Rule r;
  r.name = name;
  r.trigger = trigger;
  r.offset = offset;
  r.to = std::move(to);
  r.unless_acknowledged = trigger == Trigger::kAfterDeadline || trigger == Trigger::kNoUpdateFor;
  return r;
}

class EvaluateTest : public ::testing::Test {
 protected:
  EvaluateTest() : calendar_(CalendarConfig{}) {
    directory_.Add({"hbo", "Hjemmebasert omsorg", {"hbo@example.no"}, "teams", false});
    directory_.Add({"kff", "Stab", {"kff@example.no"}, "", false});
    directory_.Add({"ledergruppe", "Ledergruppa", {"leder@example.no"}, "", true});
    ctx_ = {&calendar_, &directory_, Oslo()};
    measure_.id = "DIG-3";
    measure_.focus_area = "digitalisering";
    measure_.title = "Velferdsteknologi";
    measure_.responsible = "kff";
    measure_.deadline = D(2026, 3, 16);
    measure_.status = MeasureStatus::kInProgress;
    measure_.updated_at = At(2026, 3, 1, 12);
  }

  void UseCalendar(CalendarConfig config) { calendar_ = Calendar(std::move(config)); }

  // Evaluates at `now`, then records what was sent or dropped, as the daemon does.
  Evaluation Run(const Rule& rule, Timestamp now) {
    std::vector<const Rule*> rules = {&rule};
    Evaluation e = EvaluateTimeRules(measure_, rules, acks_, ctx_, now, [&](const std::string& p) {
      for (const std::string& k : handled_) {
        if (k.rfind(p, 0) == 0) return true;
      }
      return false;
    });
    for (const Notice& n : e.send) handled_.insert(n.key);
    for (const Notice& n : e.drop) handled_.insert(n.key);
    return e;
  }

  // Every notice a rule sends between two moments, waking only when told to.
  std::vector<Notice> RunBetween(const Rule& rule, Timestamp from, Timestamp to) {
    std::vector<Notice> sent;
    Timestamp now = from;
    while (now <= to) {
      Evaluation e = Run(rule, now);
      sent.insert(sent.end(), e.send.begin(), e.send.end());
      if (!e.next) break;
      EXPECT_GT(*e.next, now);
      now = *e.next;
    }
    return sent;
  }

  static std::vector<std::string> Keys(const std::vector<Notice>& notices) {
    std::vector<std::string> keys;
    for (const Notice& n : notices) keys.push_back(n.key);
    return keys;
  }

  Calendar calendar_;
  Directory directory_;
  EvaluationContext ctx_;
  Measure measure_;
  std::vector<Acknowledgement> acks_;
  std::set<std::string> handled_;
};

TEST_F(EvaluateTest, BeforeDeadlineFiresOnItsDayAtSendTime) {
  Rule rule = MakeRule("varsel-14d", Trigger::kBeforeDeadline, Days(14));
  Evaluation early = Run(rule, At(2026, 3, 1, 12));
  EXPECT_TRUE(early.send.empty());
  EXPECT_EQ(early.next, At(2026, 3, 2, 8));
  Evaluation due = Run(rule, At(2026, 3, 2, 8));
  ASSERT_EQ(due.send.size(), 1u);
  EXPECT_EQ(due.send[0].key, "DIG-3/varsel-14d/2026-03-16/1/kff/email");
  EXPECT_EQ(due.send[0].kind, NoticeKind::kReminder);
  EXPECT_EQ(due.send[0].at, At(2026, 3, 2, 8));
  EXPECT_FALSE(due.send[0].late);
  EXPECT_FALSE(due.next);
}

TEST_F(EvaluateTest, EveryChannelOfEveryRecipientOnce) {
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline, {}, {"responsible", "hbo", "kff"});
  measure_.responsible = "hbo";
  Evaluation e = Run(rule, At(2026, 3, 16, 8));
  EXPECT_THAT(Keys(e.send), ElementsAre("DIG-3/forfall/2026-03-16/1/hbo/email",
                                        "DIG-3/forfall/2026-03-16/1/hbo/webhook",
                                        "DIG-3/forfall/2026-03-16/1/kff/email"));
  rule.channels = {Channel::kWebhook};
  handled_.clear();
  EXPECT_THAT(Keys(Run(rule, At(2026, 3, 16, 8)).send),
              ElementsAre("DIG-3/forfall/2026-03-16/1/hbo/webhook"));
}

// A deadline on each kind of non-working day: the reminder comes on the working day before.
TEST_F(EvaluateTest, OnDeadlineMovesToThePreviousWorkingDay) {
  CalendarConfig config;
  config.closed = {D(2026, 12, 23)};
  UseCalendar(config);
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  const std::pair<Date, Timestamp> kCases[] = {
      {D(2026, 3, 14), At(2026, 3, 13, 8)},    // Saturday
      {D(2026, 3, 15), At(2026, 3, 13, 8)},    // Sunday
      {D(2026, 5, 14), At(2026, 5, 13, 8)},    // Ascension Day
      {D(2026, 5, 17), At(2026, 5, 15, 8)},    // 17 May, a Sunday
      {D(2026, 4, 6), At(2026, 4, 1, 8)},      // Easter Monday, after the Easter weekend
      {D(2026, 12, 23), At(2026, 12, 22, 8)},  // a closed day
  };
  for (const auto& [deadline, expected] : kCases) {
    measure_.deadline = deadline;
    handled_.clear();
    auto sent = RunBetween(rule, At(2026, 1, 1, 0), At(2027, 1, 1, 0));
    ASSERT_EQ(sent.size(), 1u) << FormatIsoDate(deadline);
    EXPECT_EQ(sent[0].at, expected) << FormatIsoDate(deadline);
  }
}

TEST_F(EvaluateTest, OverdueNoticeMovesToNextWorkingDayAfterEaster) {
  measure_.deadline = D(2026, 4, 1);  // Wednesday before Maundy Thursday
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  auto sent = RunBetween(rule, At(2026, 3, 1, 0), At(2026, 6, 1, 0));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at, At(2026, 4, 7, 8));
  EXPECT_EQ(sent[0].kind, NoticeKind::kOverdue);
}

TEST_F(EvaluateTest, WorkingDayOffsetsSkipHolidays) {
  measure_.deadline = D(2026, 3, 31);  // Tuesday
  Rule rule = MakeRule("eskalering", Trigger::kAfterDeadline, WorkingDays(2), {"ledergruppe"});
  // Working days after 31.03: 01.04 (1), then Maundy Thursday to Easter Monday are closed,
  // so the second is Tuesday 07.04.
  auto sent = RunBetween(rule, At(2026, 3, 1, 0), At(2026, 6, 1, 0));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at, At(2026, 4, 7, 8));
  EXPECT_EQ(sent[0].kind, NoticeKind::kEscalation);
  EXPECT_EQ(sent[0].key, "DIG-3/eskalering/2026-03-31/1/ledergruppe/email");
}

TEST_F(EvaluateTest, RepeatStopsAtMaxTimes) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  rule.repeat = Days(7);
  rule.max_times = 4;
  auto sent = RunBetween(rule, At(2026, 3, 1, 0), At(2026, 12, 31, 0));
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[0].at, At(2026, 3, 17, 8));
  EXPECT_EQ(sent[1].at, At(2026, 3, 24, 8));
  EXPECT_EQ(sent[2].at, At(2026, 3, 31, 8));
  EXPECT_EQ(sent[3].at, At(2026, 4, 7, 8));  // 07.04 is a working day again
  EXPECT_EQ(sent[3].key, "DIG-3/forsinket/2026-03-16/4/kff/email");
}

TEST_F(EvaluateTest, RepeatWithoutMaxTimesGoesOnWhileOpen) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  rule.repeat = Days(7);
  auto sent = RunBetween(rule, At(2026, 3, 1, 0), At(2026, 5, 1, 0));
  EXPECT_EQ(sent.size(), 7u);
  measure_.status = MeasureStatus::kDone;
  EXPECT_TRUE(Run(rule, At(2026, 5, 5, 8)).send.empty());
}

TEST_F(EvaluateTest, RepeatsThatLandOnOneSlotGoOutOnce) {
  // Daily reminders the last week before a deadline on Tuesday after Easter: Thursday to
  // Monday are closed and move back to Wednesday 01.04, once.
  measure_.deadline = D(2026, 4, 7);
  Rule rule = MakeRule("daglig", Trigger::kBeforeDeadline, Days(7));
  rule.repeat = Days(1);
  auto sent = RunBetween(rule, At(2026, 3, 1, 0), At(2026, 5, 1, 0));
  std::vector<Timestamp> times;
  for (const Notice& n : sent) times.push_back(n.at);
  EXPECT_THAT(times, ElementsAre(At(2026, 3, 31, 8), At(2026, 4, 1, 8), At(2026, 4, 7, 8)));
}

// Daily overdue notices from Friday 13.03: Saturday, Sunday and Monday all land on Monday's
// slot, which is one occurrence; max_times counts the notices, so four still go out.
TEST_F(EvaluateTest, MaxTimesCountsDistinctSlots) {
  measure_.deadline = D(2026, 3, 13);
  Rule rule = MakeRule("daglig", Trigger::kAfterDeadline, Days(1));
  rule.repeat = Days(1);
  rule.max_times = 4;
  auto sent = RunBetween(rule, At(2026, 3, 1, 0), At(2026, 5, 1, 0));
  std::vector<std::string> keys;
  std::vector<Timestamp> times;
  for (const Notice& n : sent) times.push_back(n.at);
  EXPECT_THAT(times, ElementsAre(At(2026, 3, 16, 8), At(2026, 3, 17, 8), At(2026, 3, 18, 8),
                                 At(2026, 3, 19, 8)));
  EXPECT_EQ(sent[3].key, "DIG-3/daglig/2026-03-13/4/kff/email");
}

TEST_F(EvaluateTest, MissedReminderIsDroppedAfterItsDay) {
  Rule rule = MakeRule("varsel-14d", Trigger::kBeforeDeadline, Days(14));
  Evaluation e = Run(rule, At(2026, 3, 3, 9));
  EXPECT_TRUE(e.send.empty());
  ASSERT_EQ(e.drop.size(), 1u);
  EXPECT_EQ(e.drop[0].reason, "missed");
  EXPECT_FALSE(e.next);
}

TEST_F(EvaluateTest, LateReminderGoesOutWithinItsOwnWindow) {
  Rule rule = MakeRule("varsel-14d", Trigger::kBeforeDeadline, Days(14));
  Evaluation e = Run(rule, At(2026, 3, 2, 11, 30));
  ASSERT_EQ(e.send.size(), 1u);
  EXPECT_EQ(e.send[0].at, At(2026, 3, 2, 11, 30));
  EXPECT_TRUE(e.send[0].late);
  handled_.clear();
  Evaluation after_window = Run(rule, At(2026, 3, 2, 16, 0));
  EXPECT_TRUE(after_window.send.empty());
  EXPECT_EQ(after_window.drop.size(), 1u);
}

// Stopped for a month: of the missed overdue notices only the latest goes out, once, at the
// first moment inside the sending window.
TEST_F(EvaluateTest, MissedOverdueNoticesCatchUpWithTheLatestOnly) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  rule.repeat = Days(7);
  rule.max_times = 4;
  Evaluation evening = Run(rule, At(2026, 4, 20, 20));  // k=1..4 all passed
  EXPECT_TRUE(evening.send.empty());
  EXPECT_TRUE(evening.drop.empty());
  EXPECT_EQ(evening.next, At(2026, 4, 21, 8));
  Evaluation morning = Run(rule, At(2026, 4, 21, 8));
  ASSERT_EQ(morning.send.size(), 1u);
  EXPECT_EQ(morning.send[0].key, "DIG-3/forsinket/2026-03-16/4/kff/email");
  EXPECT_TRUE(morning.send[0].late);
  EXPECT_EQ(morning.drop.size(), 3u);
  EXPECT_FALSE(morning.next);
  EXPECT_TRUE(Run(rule, At(2026, 4, 22, 8)).send.empty());
}

// A rule that came into force after some of its occurrences (docs/rules.md, "Rules added
// later"): those were never owed, so they are not missed notices, but catch-up still sends what
// it would for a measure that became known then.
TEST_F(EvaluateTest, OccurrencesBeforeTheRuleCameIntoForceAreNoMissedNotices) {
  RuleEpochs epochs;
  ctx_.epochs = &epochs;
  Rule reminder = MakeRule("varsel-14d", Trigger::kBeforeDeadline, Days(14));  // 02.03 08:00
  epochs.since["digitalisering"]["varsel-14d"] = At(2026, 3, 2, 10);
  EXPECT_TRUE(Run(reminder, At(2026, 3, 3, 9)).drop.empty());
  EXPECT_TRUE(Run(reminder, At(2026, 3, 2, 9)).send.empty());  // a clock before it came in
  RulePlan plan = PlanTimeRule(measure_, reminder, acks_, ctx_, At(2026, 3, 1, 0),
                               At(2026, 3, 20, 0), [](const std::string&) { return false; });
  ASSERT_EQ(plan.occurrences.size(), 1u);
  EXPECT_EQ(plan.occurrences[0].verdict, Verdict::kBeforeRule);  // as `explain` shows it
  ASSERT_EQ(Run(reminder, At(2026, 3, 2, 11)).send.size(), 1u);  // its own day: late, as before
  handled_.clear();
  epochs.since["digitalisering"]["varsel-14d"] = At(2026, 3, 2, 7);
  EXPECT_EQ(Run(reminder, At(2026, 3, 3, 9)).drop.size(), 1u);  // missed after it came in

  Rule overdue = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  overdue.repeat = Days(7);
  overdue.max_times = 4;  // 17.03, 24.03, 31.03, 07.04
  epochs.since["digitalisering"]["forsinket"] = At(2026, 3, 30, 12);
  Evaluation e = Run(overdue, At(2026, 4, 21, 8));
  ASSERT_EQ(e.send.size(), 1u);
  EXPECT_EQ(e.send[0].key, "DIG-3/forsinket/2026-03-16/4/kff/email");
  ASSERT_EQ(e.drop.size(), 1u);  // 31.03, after it came in
  EXPECT_EQ(e.drop[0].key, "DIG-3/forsinket/2026-03-16/3/kff/email");
  // Another area's epochs are its own.
  EXPECT_EQ(epochs.Since("folkehelse", "forsinket"), Timestamp{});
}

// A measure imported after some of its occurrences (docs/rules.md, "Late and missed notices"):
// catch-up sends what it always sent, but the occurrences before the import were not missed,
// so they are not recorded as dropped; those after it, while the daemon was stopped, are.
TEST_F(EvaluateTest, OccurrencesBeforeTheMeasureBecameKnownAreNoMissedNotices) {
  Rule reminder = MakeRule("varsel-14d", Trigger::kBeforeDeadline, Days(14));  // 02.03 08:00
  measure_.known_since = At(2026, 3, 2, 10);
  EXPECT_TRUE(Run(reminder, At(2026, 3, 3, 9)).drop.empty());
  ASSERT_EQ(Run(reminder, At(2026, 3, 2, 11)).send.size(), 1u);  // its own day: late, as before
  handled_.clear();
  RulePlan plan = PlanTimeRule(measure_, reminder, acks_, ctx_, At(2026, 3, 1, 0),
                               At(2026, 3, 20, 0), [](const std::string&) { return false; });
  ASSERT_EQ(plan.occurrences.size(), 1u);
  EXPECT_EQ(plan.occurrences[0].verdict, Verdict::kBeforeKnown);  // as `explain` shows it
  measure_.known_since = At(2026, 3, 2, 7);
  EXPECT_EQ(Run(reminder, At(2026, 3, 3, 9)).drop.size(), 1u);  // known, then missed

  Rule overdue = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  overdue.repeat = Days(7);
  overdue.max_times = 4;  // 17.03, 24.03, 31.03, 07.04
  measure_.known_since = At(2026, 3, 30, 12);
  Evaluation e = Run(overdue, At(2026, 4, 21, 8));
  ASSERT_EQ(e.send.size(), 1u);
  EXPECT_EQ(e.send[0].key, "DIG-3/forsinket/2026-03-16/4/kff/email");
  EXPECT_TRUE(e.send[0].late);
  ASSERT_EQ(e.drop.size(), 1u);  // 31.03, after it became known
  EXPECT_EQ(e.drop[0].key, "DIG-3/forsinket/2026-03-16/3/kff/email");
  EXPECT_TRUE(Run(overdue, At(2026, 4, 28, 8)).send.empty());  // the series is over
}

TEST(RuleEpochsTest, NewRulesComeIntoForceNowAndKnownOnesKeepTheirMoment) {
  Config config;
  config.rules.areas.emplace_back();
  config.rules.areas.back().id = "helse";
  config.rules.areas.back().rules.push_back(MakeRule("a", Trigger::kBeforeDeadline, Days(3)));
  config.rules.areas.back().rules.push_back(MakeRule("b", Trigger::kAfterDeadline, Days(1)));
  const Timestamp first = At(2026, 3, 2, 9);
  RuleEpochs initial = UpdateRuleEpochs(config, std::nullopt, first);
  EXPECT_EQ(initial.Since("helse", "a"), Timestamp{});  // a first start: from the beginning
  std::optional<RuleEpochs> stored = RuleEpochs::Parse(initial.ToString());
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, initial);
  config.rules.areas.back().rules.push_back(MakeRule("c", Trigger::kAfterDeadline, Days(2)));
  config.rules.areas.back().rules.erase(config.rules.areas.back().rules.begin());
  RuleEpochs later = UpdateRuleEpochs(config, stored, At(2026, 3, 3, 9));
  EXPECT_EQ(later.Since("helse", "b"), Timestamp{});
  EXPECT_EQ(later.Since("helse", "c"), At(2026, 3, 3, 9));
  EXPECT_FALSE(later.since.at("helse").contains("a"));  // gone, and new again if it comes back
  EXPECT_FALSE(RuleEpochs::Parse("[1]"));
  EXPECT_FALSE(RuleEpochs::Parse(R"({"helse": {"a": "x"}})"));
}

TEST_F(EvaluateTest, RegularOccurrenceOnTheCatchUpSlotIsTheOneSent) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  rule.repeat = Days(7);
  // Started Monday 23.03 at 20:00: k=1 (17.03) was missed; k=2 is regular at 24.03 08:00,
  // the very moment the catch-up would use.
  Evaluation evening = Run(rule, At(2026, 3, 23, 20));
  EXPECT_EQ(evening.next, At(2026, 3, 24, 8));
  Evaluation morning = Run(rule, At(2026, 3, 24, 8));
  ASSERT_EQ(morning.send.size(), 1u);
  EXPECT_EQ(morning.send[0].occurrence, 2);
  EXPECT_FALSE(morning.send[0].late);
  ASSERT_EQ(morning.drop.size(), 1u);
  EXPECT_EQ(morning.drop[0].occurrence, 1);
}

TEST_F(EvaluateTest, StaleNoticeCountsFromTheLastUpdate) {
  Rule rule = MakeRule("stille", Trigger::kNoUpdateFor, Days(30));
  measure_.deadline = D(2026, 12, 1);
  auto sent = RunBetween(rule, At(2026, 3, 1, 13), At(2026, 6, 1, 0));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].key, "DIG-3/stille/2026-03-01/1/kff/email");
  EXPECT_EQ(sent[0].at, At(2026, 3, 31, 8));
  EXPECT_EQ(sent[0].kind, NoticeKind::kStale);
}

TEST_F(EvaluateTest, AcknowledgementSuppressesOverdueNoticesUntilItsDate) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  rule.repeat = Days(7);
  Acknowledgement ack;
  ack.at = At(2026, 3, 16, 12);
  ack.until = D(2026, 3, 25);
  ack.deadline = measure_.deadline;
  ack.status = measure_.status;
  acks_.push_back(ack);
  Evaluation first = Run(rule, At(2026, 3, 17, 8));
  EXPECT_TRUE(first.send.empty());
  ASSERT_EQ(first.drop.size(), 1u);
  EXPECT_EQ(first.drop[0].reason, "acknowledged");
  EXPECT_TRUE(Run(rule, At(2026, 3, 24, 8)).send.empty());
  EXPECT_EQ(Run(rule, At(2026, 3, 31, 8)).send.size(), 1u);
}

TEST_F(EvaluateTest, UnitsAcknowledgementSilencesOnlyItsOwnNoticesNotTheEscalation) {
  Rule rule =
      MakeRule("forsinket", Trigger::kAfterDeadline, Days(1), {"responsible", "ledergruppe"});
  Acknowledgement ack;
  ack.at = At(2026, 3, 16, 12);
  ack.until = D(2026, 4, 15);
  ack.deadline = measure_.deadline;
  ack.status = measure_.status;
  ack.unit = "kff";  // the responsible unit, by its own token
  acks_.push_back(ack);
  Evaluation e = Run(rule, At(2026, 3, 17, 8));
  ASSERT_EQ(e.send.size(), 1u);
  EXPECT_EQ(e.send[0].recipient, "ledergruppe");
  ASSERT_EQ(e.drop.size(), 1u);
  EXPECT_EQ(e.drop[0].recipient, "kff");
  EXPECT_EQ(e.drop[0].reason, "acknowledged");
}

TEST_F(EvaluateTest, AdministratorsAcknowledgementSilencesEveryRecipient) {
  Rule rule =
      MakeRule("forsinket", Trigger::kAfterDeadline, Days(1), {"responsible", "ledergruppe"});
  Acknowledgement ack;
  ack.at = At(2026, 3, 16, 12);
  ack.deadline = measure_.deadline;
  ack.status = measure_.status;
  acks_.push_back(ack);
  Evaluation e = Run(rule, At(2026, 3, 17, 8));
  EXPECT_TRUE(e.send.empty());
  EXPECT_EQ(e.drop.size(), 2u);
}

TEST_F(EvaluateTest, AcknowledgementEndsWhenTheDeadlineMoves) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  Acknowledgement ack;
  ack.at = At(2026, 3, 16, 12);
  ack.deadline = measure_.deadline;
  ack.status = measure_.status;
  acks_.push_back(ack);
  EXPECT_TRUE(Run(rule, At(2026, 3, 17, 8)).send.empty());
  measure_.deadline = D(2026, 3, 20);
  Evaluation moved = Run(rule, At(2026, 3, 23, 8));
  ASSERT_EQ(moved.send.size(), 1u);
  EXPECT_EQ(moved.send[0].key, "DIG-3/forsinket/2026-03-20/1/kff/email");
}

TEST_F(EvaluateTest, RemindersAreNotSuppressedByAcknowledgementByDefault) {
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  acks_.push_back({0, "DIG-3", At(2026, 3, 1, 12), std::nullopt, "", "", measure_.deadline,
                   measure_.status, ""});
  EXPECT_EQ(Run(rule, At(2026, 3, 16, 8)).send.size(), 1u);
}

TEST_F(EvaluateTest, FiltersMustAllMatch) {
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  measure_.priority = "Høy";
  measure_.tags = {"beredskap"};
  rule.filter.priority = {"høy"};
  rule.filter.tags = {"beredskap", "annet"};
  rule.filter.units = {"kff"};
  rule.filter.status = {MeasureStatus::kInProgress};
  EXPECT_EQ(Run(rule, At(2026, 3, 16, 8)).send.size(), 1u);
  handled_.clear();
  rule.filter.units = {"hbo"};
  EXPECT_TRUE(Run(rule, At(2026, 3, 16, 8)).send.empty());
}

TEST_F(EvaluateTest, ClosedMeasuresGetNoTimeNotices) {
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  for (MeasureStatus s : {MeasureStatus::kDone, MeasureStatus::kCancelled}) {
    measure_.status = s;
    Evaluation e = Run(rule, At(2026, 3, 16, 8));
    EXPECT_TRUE(e.send.empty());
    EXPECT_FALSE(e.next);
  }
}

TEST_F(EvaluateTest, MovedDeadlineStartsANewSeries) {
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  EXPECT_EQ(Run(rule, At(2026, 3, 16, 8)).send.size(), 1u);
  measure_.deadline = D(2026, 4, 30);
  Evaluation e = Run(rule, At(2026, 3, 16, 9));
  EXPECT_TRUE(e.send.empty());
  EXPECT_EQ(e.next, At(2026, 4, 30, 8));
  EXPECT_THAT(Keys(Run(rule, At(2026, 4, 30, 8)).send),
              ElementsAre("DIG-3/forfall/2026-04-30/1/kff/email"));
}

TEST_F(EvaluateTest, EventNoticesWaitForTheSendingWindow) {
  Rule rule = MakeRule("frist-flyttet", Trigger::kEvent, {}, {"ledergruppe"});
  rule.event = EventKind::kDeadlineMoved;
  std::vector<const Rule*> rules = {&rule};
  // Saturday evening: Monday 08:00.
  auto notices = EvaluateEvent(measure_, rules, acks_, EventKind::kDeadlineMoved, 42,
                               At(2026, 3, 14, 19), ctx_, At(2026, 3, 14, 19));
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].key, "DIG-3/frist-flyttet/42/1/ledergruppe/email");
  EXPECT_EQ(notices[0].at, At(2026, 3, 16, 8));
  EXPECT_EQ(notices[0].kind, NoticeKind::kEvent);
  // Inside the window: at once. Another event kind: nothing.
  EXPECT_EQ(EvaluateEvent(measure_, rules, acks_, EventKind::kDeadlineMoved, 43,
                          At(2026, 3, 17, 10), ctx_, At(2026, 3, 17, 10))[0]
                .at,
            At(2026, 3, 17, 10));
  EXPECT_TRUE(EvaluateEvent(measure_, rules, acks_, EventKind::kCreated, 44, At(2026, 3, 17, 10),
                            ctx_, At(2026, 3, 17, 10))
                  .empty());
}

TEST_F(EvaluateTest, WindowOpensOnTheNextWorkingDay) {
  EXPECT_EQ(NextWindowMoment(At(2026, 4, 1, 16), ctx_), At(2026, 4, 7, 8));
  EXPECT_EQ(NextWindowMoment(At(2026, 4, 1, 15, 59), ctx_), At(2026, 4, 1, 15, 59));
  EXPECT_EQ(NextWindowMoment(At(2026, 4, 1, 6), ctx_), At(2026, 4, 1, 8));
}

TEST_F(EvaluateTest, SendTimeHoldsOnBothDstDays) {
  CalendarConfig config;
  config.workdays.fill(true);
  UseCalendar(config);
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  measure_.deadline = D(2026, 3, 29);
  EXPECT_EQ(RunBetween(rule, At(2026, 3, 1, 0), At(2026, 4, 1, 0))[0].at,
            *ParseTimestamp("2026-03-29T08:00:00+02:00", Oslo()));
  measure_.deadline = D(2026, 10, 25);
  EXPECT_EQ(RunBetween(rule, At(2026, 10, 1, 0), At(2026, 11, 1, 0))[0].at,
            *ParseTimestamp("2026-10-25T08:00:00+01:00", Oslo()));
}

class PlanTimeRuleTest : public EvaluateTest {
 protected:
  RulePlan Plan(const Rule& rule, Timestamp from, Timestamp until) {
    return PlanTimeRule(measure_, rule, acks_, ctx_, from, until,
                        [&](const std::string& p) { return handled_.count(p) > 0; });
  }
};

TEST_F(PlanTimeRuleTest, ClosedMeasureAndUnmatchedFilterSayWhyNothingComes) {
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  rule.filter.units = {"hbo"};
  EXPECT_EQ(Plan(rule, At(2026, 3, 1, 0), At(2026, 4, 1, 0)).applies, RuleApplies::kFilteredOut);
  measure_.status = MeasureStatus::kDone;
  EXPECT_EQ(Plan(rule, At(2026, 3, 1, 0), At(2026, 4, 1, 0)).applies, RuleApplies::kMeasureNotOpen);
}

TEST_F(PlanTimeRuleTest, OccurrencesInThePeriodWithTheirVerdicts) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  rule.repeat = Days(7);
  rule.max_times = 3;
  handled_.insert("DIG-3/forsinket/2026-03-16/1/");
  Acknowledgement ack;
  ack.at = At(2026, 3, 16, 12);
  ack.until = D(2026, 3, 24);
  ack.deadline = measure_.deadline;
  ack.status = measure_.status;
  acks_.push_back(ack);
  RulePlan plan = Plan(rule, At(2026, 3, 1, 0), At(2026, 5, 1, 0));
  ASSERT_EQ(plan.applies, RuleApplies::kYes);
  ASSERT_EQ(plan.occurrences.size(), 3u);
  EXPECT_EQ(plan.occurrences[0].verdict, Verdict::kHandled);
  EXPECT_EQ(plan.occurrences[1].occurrence.at, At(2026, 3, 24, 8));
  EXPECT_EQ(plan.occurrences[1].verdict, Verdict::kAcknowledged);
  EXPECT_EQ(plan.occurrences[2].verdict, Verdict::kSend);
}

TEST_F(PlanTimeRuleTest, PeriodIncludesItsStartAndExcludesItsEnd) {
  Rule rule = MakeRule("forfall", Trigger::kOnDeadline);
  EXPECT_EQ(Plan(rule, At(2026, 3, 16, 8), At(2026, 3, 17, 0)).occurrences.size(), 1u);
  EXPECT_TRUE(Plan(rule, At(2026, 3, 1, 0), At(2026, 3, 16, 8)).occurrences.empty());
}

TEST_F(PlanTimeRuleTest, AcknowledgedVerdictIsWhatEvaluationDecidesAtTheSlot) {
  Rule rule = MakeRule("forsinket", Trigger::kAfterDeadline, Days(1));
  acks_.push_back({0, "DIG-3", At(2026, 3, 16, 12), D(2026, 3, 17), "", "", measure_.deadline,
                   measure_.status, ""});
  RulePlan plan = Plan(rule, At(2026, 3, 1, 0), At(2026, 4, 1, 0));
  ASSERT_EQ(plan.occurrences.size(), 1u);
  EXPECT_EQ(plan.occurrences[0].verdict, Verdict::kAcknowledged);
  Evaluation e = Run(rule, plan.occurrences[0].occurrence.at);
  ASSERT_EQ(e.drop.size(), 1u);
  EXPECT_EQ(e.drop[0].reason, "acknowledged");
}

}  // namespace
}  // namespace fristvakt
