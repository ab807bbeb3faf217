#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

#include "db/store.h"
#include "testing/test_store.h"

// The Store's meaning, the same in every database (testing/test_store.h).
namespace fristvakt {
namespace {

using testing::ExecSql;
using testing::StoreKind;
using testing::TestDatabase;

Timestamp At(int64_t seconds) { return Timestamp(std::chrono::seconds(seconds)); }

Measure Sample() {
  Measure m;
  m.id = "DIG-3";
  m.focus_area = "digitalisering";
  m.title = "Velferdsteknologi i hjemmetjenesten";
  m.responsible = "hbo";
  m.deadline = date::sys_days(date::year{2026} / 3 / 16);
  m.status = MeasureStatus::kInProgress;
  m.progress = 40;
  m.updated_at = At(1000);
  m.tags = {"velferdsteknologi"};
  return m;
}

class StoreTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    Status s = database_.Open(&store_);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  void Insert(const Measure& m) {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->InsertMeasure(m, At(1000), "test", {{"source", "test"}}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  std::vector<Event> Events(const std::string& id) {
    std::vector<Event> events;
    EXPECT_TRUE(store_->EventsFor(id, &events).ok());
    return events;
  }

  TestDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, InsertedMeasureReadsBackWithItsCreatedEvent) {
  Insert(Sample());
  std::optional<Measure> m;
  ASSERT_TRUE(store_->GetMeasure("DIG-3", &m).ok());
  ASSERT_TRUE(m);
  Measure expected = Sample();
  expected.known_since = At(1000);  // the moment it was inserted
  EXPECT_EQ(*m, expected);
  auto events = Events("DIG-3");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "created");
  EXPECT_EQ(events[0].data["source"], "test");
}

TEST_P(StoreTest, SaveChangeRecordsEachKindOfChange) {
  Insert(Sample());
  Measure after = Sample();
  after.deadline = date::sys_days(date::year{2026} / 4 / 30);
  after.status = MeasureStatus::kDone;
  after.progress = 100;
  after.updated_at = At(2000);
  Transaction tx(*store_);
  int count = 0;
  ASSERT_TRUE(
      store_->SaveChange(Sample(), after, At(2000), "cli", "venter på leverandør", &count).ok());
  ASSERT_TRUE(tx.Commit().ok());
  EXPECT_EQ(count, 3);
  auto events = Events("DIG-3");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].kind, "deadline_moved");
  EXPECT_EQ(events[1].data["old"], "2026-03-16");
  EXPECT_EQ(events[1].data["new"], "2026-04-30");
  EXPECT_EQ(events[1].data["reason"], "venter på leverandør");
  EXPECT_EQ(events[2].kind, "status_changed");
  EXPECT_EQ(events[2].data["new"], "done");
  EXPECT_EQ(events[3].kind, "updated");
  EXPECT_EQ(events[3].data["changes"]["progress"], nlohmann::json::array({40, 100}));
  std::optional<Measure> m;
  ASSERT_TRUE(store_->GetMeasure("DIG-3", &m).ok());
  Measure expected = after;
  expected.known_since = At(1000);  // a change keeps when the measure became known
  EXPECT_EQ(*m, expected);
}

TEST_P(StoreTest, SaveWithoutChangeWritesNothing) {
  Insert(Sample());
  Transaction tx(*store_);
  int count = -1;
  ASSERT_TRUE(store_->SaveChange(Sample(), Sample(), At(3000), "cli", "", &count).ok());
  EXPECT_EQ(count, 0);
  EXPECT_EQ(Events("DIG-3").size(), 1u);
}

TEST_P(StoreTest, RolledBackChangeLeavesNeitherMeasureNorEvent) {
  Insert(Sample());
  {
    Transaction tx(*store_);
    Measure after = Sample();
    after.title = "Endret";
    ASSERT_TRUE(store_->SaveChange(Sample(), after, At(2000), "cli", "", nullptr).ok());
  }  // not committed
  std::optional<Measure> m;
  ASSERT_TRUE(store_->GetMeasure("DIG-3", &m).ok());
  EXPECT_EQ(m->title, Sample().title);
  EXPECT_EQ(Events("DIG-3").size(), 1u);
}

TEST_P(StoreTest, EventSequenceOnlyGrows) {
  Insert(Sample());
  Event e{0, At(5), "", "config_reloaded", "daemon", {}};
  ASSERT_TRUE(store_->AppendEvent(&e).ok());
  std::vector<Event> after_first;
  ASSERT_TRUE(store_->EventsAfter(1, 100, &after_first).ok());
  ASSERT_EQ(after_first.size(), 1u);
  EXPECT_EQ(after_first[0].seq, e.seq);
  EXPECT_GT(e.seq, 1);
  EXPECT_TRUE(after_first[0].measure_id.empty());
}

TEST_P(StoreTest, AcknowledgementIsKeptWithItsEvent) {
  Insert(Sample());
  Acknowledgement ack;
  ack.measure_id = "DIG-3";
  ack.at = At(4000);
  ack.until = date::sys_days(date::year{2026} / 3 / 30);
  ack.note = "Vi er på saken";
  ack.actor = "cli";
  ack.deadline = Sample().deadline;
  ack.status = Sample().status;
  Transaction tx(*store_);
  ASSERT_TRUE(store_->Acknowledge(ack).ok());
  ASSERT_TRUE(tx.Commit().ok());
  std::vector<Acknowledgement> acks;
  ASSERT_TRUE(store_->AcknowledgementsFor("DIG-3", &acks).ok());
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].until, ack.until);
  EXPECT_EQ(acks[0].note, "Vi er på saken");
  EXPECT_EQ(Events("DIG-3").back().kind, "acknowledged");
  EXPECT_EQ(Events("DIG-3").back().data["until"], "2026-03-30");
}

TEST_P(StoreTest, OutboxKeyIsUnique) {
  const char* insert =
      "INSERT INTO outbox (key, kind, measure_id, rule, recipient, channel, due_at, state, "
      "next_attempt_at, created_at) VALUES ('DIG-3/varsel-14d/2026-03-16/1/hbo/email', "
      "'reminder', 'DIG-3', 'varsel-14d', 'hbo', 'email', 1, 'queued', 1, 1)";
  ASSERT_TRUE(ExecSql(*store_, insert).ok());
  EXPECT_FALSE(ExecSql(*store_, insert).ok());
  std::vector<OutboxEntry> entries;
  ASSERT_TRUE(store_->OutboxFor("DIG-3", &entries).ok());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].state, "queued");
}

TEST_P(StoreTest, OldPayloadsOfSentNoticesAreEmptiedKeysStay) {
  Insert(Sample());
  auto notice = [](const std::string& rule) {
    Notice n;
    n.key = "DIG-3/" + rule + "/2026-03-16/1/hbo/email";
    n.measure_id = "DIG-3";
    n.rule = rule;
    n.recipient = "hbo";
    n.at = At(5000);
    return n;
  };
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_
                    ->QueueNotices(
                        {notice("old"), notice("new"), notice("dead")}, {},
                        [](const Notice&) {
                          return nlohmann::json{{"big", "x"}};
                        },
                        At(5000))
                    .ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  ASSERT_TRUE(store_->MarkSent("DIG-3/old/2026-03-16/1/hbo/email", At(6000)).ok());
  ASSERT_TRUE(store_->MarkSent("DIG-3/new/2026-03-16/1/hbo/email", At(9000)).ok());
  ASSERT_TRUE(ExecSql(*store_, "UPDATE outbox SET state = 'dead' WHERE rule = 'dead'").ok());
  int count = 0;
  ASSERT_TRUE(store_->ForgetOldPayloads(At(8000), &count).ok());
  EXPECT_EQ(count, 1);
  std::vector<OutboxEntry> entries;
  ASSERT_TRUE(store_->OutboxFor("DIG-3", &entries).ok());
  ASSERT_EQ(entries.size(), 3u);
  for (const OutboxEntry& e : entries) {
    EXPECT_EQ(e.payload, e.rule == "old" ? "{}" : R"({"big":"x"})") << e.key;
  }
  std::set<std::string> handled;
  ASSERT_TRUE(store_->HandledOccurrences("DIG-3", &handled).ok());
  EXPECT_EQ(handled.count("DIG-3/old/2026-03-16/1/"), 1u);  // still sent, at most once
}

// Two processes share the database: a writer waits for the other's transaction, and a wait
// that runs out fails as Unavailable (the daemon tries again later) rather than hanging.
TEST_P(StoreTest, AWriterWaitsForAnotherAndAWaitThatRunsOutIsUnavailable) {
  std::unique_ptr<Store> other;
  ASSERT_TRUE(database_.Open(&other).ok());
  Transaction first(*store_);
  ASSERT_TRUE(first.status().ok()) << first.status().message();
  other->SetLockWait(std::chrono::milliseconds(100));
  {
    Transaction second(*other);
    EXPECT_EQ(second.status().code(), Status::Code::kUnavailable);
  }
  ASSERT_TRUE(store_->InsertMeasure(Sample(), At(1000), "test", {}).ok());
  ASSERT_TRUE(first.Commit().ok());
}

TEST_P(StoreTest, TheOtherWriterGoesOnOnceTheFirstHasCommitted) {
  std::unique_ptr<Store> other;
  ASSERT_TRUE(database_.Open(&other).ok());
  {
    Transaction first(*store_);
    ASSERT_TRUE(store_->InsertMeasure(Sample(), At(1000), "test", {}).ok());
    ASSERT_TRUE(first.Commit().ok());
  }
  Transaction second(*other);
  ASSERT_TRUE(second.status().ok()) << second.status().message();
  std::optional<Measure> m;
  ASSERT_TRUE(other->GetMeasure("DIG-3", &m).ok());
  EXPECT_TRUE(m.has_value());
  ASSERT_TRUE(second.Commit().ok());
}

// Pages and ranges by id (MeasuresAfter, the *Between reads) rest on one order in every
// database: byte by byte, whatever the server's locale.
TEST_P(StoreTest, IdsSortByteByByte) {
  std::vector<std::string> ids = {"b-1", "B-2", "a-10", "a-9", "Å-1", "a_1", "A 1"};
  {
    Transaction tx(*store_);
    for (const std::string& id : ids) {
      Measure m = Sample();
      m.id = id;
      ASSERT_TRUE(store_->InsertMeasure(m, At(1000), "test", {}).ok());
    }
    ASSERT_TRUE(tx.Commit().ok());
  }
  std::sort(ids.begin(), ids.end());
  std::vector<Measure> all;
  ASSERT_TRUE(store_->AllMeasures(&all).ok());
  std::vector<std::string> read;
  for (const Measure& m : all) read.push_back(m.id);
  EXPECT_EQ(read, ids);
  std::vector<Measure> page;
  ASSERT_TRUE(store_->MeasuresAfter("B-2", 2, &page).ok());
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, "a-10");
  EXPECT_EQ(page[1].id, "a-9");
}

TEST_P(StoreTest, StateAndDigestRunsAndTokensReadBack) {
  ASSERT_TRUE(store_->SetState("k", "1").ok());
  ASSERT_TRUE(store_->SetState("k", "2").ok());
  std::optional<std::string> value;
  ASSERT_TRUE(store_->GetState("k", &value).ok());
  EXPECT_EQ(value, "2");
  ASSERT_TRUE(store_->GetState("none", &value).ok());
  EXPECT_FALSE(value);
  ASSERT_TRUE(store_->RecordDigestRun("uke", At(50)).ok());
  ASSERT_TRUE(store_->RecordDigestRun("uke", At(50)).ok());
  ASSERT_TRUE(store_->RecordDigestRun("uke", At(40)).ok());
  std::optional<Timestamp> last;
  ASSERT_TRUE(store_->LastDigestRun("uke", &last).ok());
  EXPECT_EQ(last, At(50));
  ASSERT_TRUE(store_->LastDigestRun("never", &last).ok());
  EXPECT_FALSE(last);
  ApiToken token;
  token.name = "teams";
  token.scope = "unit";
  token.unit = "hbo";
  token.created_at = At(60);
  int64_t id = 0;
  ASSERT_TRUE(store_->CreateToken(token, "hash", &id).ok());
  EXPECT_GT(id, 0);
  std::optional<ApiToken> found;
  ASSERT_TRUE(store_->FindToken("hash", &found).ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->unit, "hbo");
  EXPECT_FALSE(found->last_used);
  bool revoked = false;
  ASSERT_TRUE(store_->RevokeToken(id, At(70), &revoked).ok());
  EXPECT_TRUE(revoked);
  ASSERT_TRUE(store_->RevokeToken(id, At(80), &revoked).ok());
  EXPECT_FALSE(revoked);
  ASSERT_TRUE(store_->FindToken("hash", &found).ok());
  EXPECT_FALSE(found);
}

// The persisted schedule (ScheduleStore): one next moment per measure, read by moment.
TEST_P(StoreTest, ScheduleKeepsEachMeasuresNextMoment) {
  for (const char* id : {"A", "B", "C"}) {
    Measure m = Sample();
    m.id = id;
    Insert(m);
  }
  auto due = [&](int64_t now, int limit) {
    std::vector<std::string> ids;
    EXPECT_TRUE(store_->DueMeasures(At(now), limit, &ids).ok());
    return ids;
  };
  std::optional<Timestamp> earliest;
  ASSERT_TRUE(store_->EarliestEvaluation(&earliest).ok());
  EXPECT_FALSE(earliest);
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->SetNextEvaluation("A", At(300)).ok());
    ASSERT_TRUE(store_->SetNextEvaluation("B", At(200)).ok());
    ASSERT_TRUE(store_->SetNextEvaluation("C", At(200)).ok());
    ASSERT_TRUE(store_->SetNextEvaluation("A", At(100)).ok());  // replaces 300
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(99, 10), std::vector<std::string>{});
  EXPECT_EQ(due(200, 10), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(due(200, 2), (std::vector<std::string>{"A", "B"}));
  ASSERT_TRUE(store_->EarliestEvaluation(&earliest).ok());
  EXPECT_EQ(earliest, At(100));
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->SetNextEvaluation("A", std::nullopt).ok());  // no next moment: no entry
    ASSERT_TRUE(store_->SetNextEvaluation("X", std::nullopt).ok());  // none to remove
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(1000, 10), (std::vector<std::string>{"B", "C"}));
  // Many at once: set, replaced, unchanged, removed.
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_
                    ->SetNextEvaluations(
                        {{"A", At(400)}, {"B", At(500)}, {"C", std::nullopt}, {"X", std::nullopt}})
                    .ok());
    ASSERT_TRUE(store_->SetNextEvaluations({}).ok());
    ASSERT_TRUE(store_->SetNextEvaluations({{"A", At(400)}, {"C", At(50)}}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(1000, 10), (std::vector<std::string>{"C", "A", "B"}));
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->SetNextEvaluations({{"A", std::nullopt}, {"C", std::nullopt}}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(1000, 10), (std::vector<std::string>{"B"}));
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->SetNextEvaluations({{"C", At(200)}}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(1000, 10), (std::vector<std::string>{"C", "B"}));
  // A measure's entry goes with it.
  ASSERT_TRUE(ExecSql(*store_, "DELETE FROM measures WHERE id = 'B'").ok());
  EXPECT_EQ(due(1000, 10), std::vector<std::string>{"C"});
  // Rewritten: every entry goes, the new ones are found by moment once the rewrite ends, and a
  // rewrite rolled back leaves the schedule and its index as they were.
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->BeginScheduleRewrite().ok());
  }
  EXPECT_EQ(due(1000, 10), std::vector<std::string>{"C"});
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->BeginScheduleRewrite().ok());
    ASSERT_TRUE(store_->EndScheduleRewrite().ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(1000, 10), std::vector<std::string>{});
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->BeginScheduleRewrite().ok());
    ASSERT_TRUE(store_->SetNextEvaluations({{"A", At(300)}, {"C", At(100)}}).ok());
    ASSERT_TRUE(store_->EndScheduleRewrite().ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(1000, 10), (std::vector<std::string>{"C", "A"}));
  EXPECT_EQ(due(200, 10), std::vector<std::string>{"C"});
}

// A page of moments as a first start or a reload writes it: hundreds at once, new, replaced,
// unchanged and removed among them (SQLite writes them many rows to a statement).
TEST_P(StoreTest, ScheduleTakesAPageOfMomentsAtOnce) {
  constexpr int kMeasures = 1500;
  // Ids of different lengths, and some that are not ASCII: the store and this test must agree
  // on their order.
  auto id = [](int i) {
    if (i % 3 == 0) return "P-" + std::to_string(i);
    return (i % 3 == 1 ? "Å-" : "P-") + std::to_string(2000 + i);
  };
  {
    Transaction tx(*store_);
    for (int i = 0; i < kMeasures; ++i) {
      Measure m = Sample();
      m.id = id(i);
      ASSERT_TRUE(store_->InsertMeasure(m, At(1000), "test", {}).ok());
    }
    ASSERT_TRUE(tx.Commit().ok());
  }
  std::map<std::string, int64_t> model;  // what the schedule should hold
  std::vector<int> all(kMeasures);
  std::iota(all.begin(), all.end(), 0);
  auto write = [&](const std::function<std::optional<int64_t>(int)>& at,
                   const std::vector<int>& which) {
    std::vector<NextEvaluation> page;
    for (int i : which) {
      std::optional<int64_t> t = at(i);
      page.push_back({id(i), t ? std::optional<Timestamp>(At(*t)) : std::nullopt});
      if (t) {
        model[id(i)] = *t;
      } else {
        model.erase(id(i));
      }
    }
    Transaction tx(*store_);
    ASSERT_TRUE(store_->SetNextEvaluations(page).ok());
    ASSERT_TRUE(tx.Commit().ok());
  };
  auto check = [&](int64_t now) {
    std::vector<std::pair<int64_t, std::string>> expected;
    for (const auto& [measure, t] : model) {
      if (t <= now) expected.emplace_back(t, measure);
    }
    std::sort(expected.begin(), expected.end());
    std::vector<std::string> ids;
    EXPECT_TRUE(store_->DueMeasures(At(now), 10000, &ids).ok());
    ASSERT_EQ(ids.size(), expected.size()) << now;
    for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], expected[i].second) << now;
  };
  // Every third has none; the others are due at 10 + i % 7.
  write(
      [](int i) -> std::optional<int64_t> {
        if (i % 3 == 0) return std::nullopt;
        return 10 + i % 7;
      },
      all);
  for (int64_t now : {9, 12, 100}) check(now);
  // Then every fifth loses its moment, every even one moves to 50, every third that had none
  // gets 60, and the rest keep theirs.
  write(
      [](int i) -> std::optional<int64_t> {
        if (i % 5 == 0) return std::nullopt;
        if (i % 2 == 0) return 50;
        if (i % 3 == 0) return 60;
        return 10 + i % 7;
      },
      all);
  for (int64_t now : {12, 50, 55, 100}) check(now);
  EXPECT_EQ(model.size(), static_cast<size_t>(kMeasures - kMeasures / 5));
  // A page not in id order, of every second measure from the 101st on, backwards: every fourth
  // loses its moment, every third moves to 70 and the rest keep theirs; those around it stay.
  std::vector<int> some;
  for (int i = kMeasures - 1; i >= 100; i -= 2) some.push_back(i);
  write(
      [&](int i) -> std::optional<int64_t> {
        if (i % 4 == 1) return std::nullopt;
        if (i % 3 == 0) return 70;
        auto kept = model.find(id(i));
        return kept == model.end() ? std::nullopt : std::optional<int64_t>(kept->second);
      },
      some);
  for (int64_t now : {12, 50, 60, 70, 100}) check(now);
  // A page whose ids span many more stored moments than it holds (one focus area's among many):
  // every 13th measure, half of them losing their moment and the rest moving to 80.
  std::vector<int> sparse;
  for (int i = 0; i < kMeasures; i += 13) sparse.push_back(i);
  write(
      [](int i) -> std::optional<int64_t> {
        if (i % 2 == 0) return std::nullopt;
        return 80;
      },
      sparse);
  for (int64_t now : {12, 50, 60, 70, 80, 100}) check(now);
}

TEST_P(StoreTest, ScheduleEntryRolledBackWithItsTransaction) {
  Insert(Sample());
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->SetNextEvaluation("DIG-3", At(100)).ok());
  }
  std::optional<Timestamp> earliest;
  ASSERT_TRUE(store_->EarliestEvaluation(&earliest).ok());
  EXPECT_FALSE(earliest);
}

TEST_P(StoreTest, APageReadOverAnotherKeepsNothingOfIt) {
  // A reload reads each page into the objects of the page before: every field is the new one.
  Measure full = Sample();
  full.id = "A-1";
  full.description = std::string(300, 'x');
  full.tags = {"helse", "skole"};
  full.owner = "Kari";
  full.comment = "Ventar pa budsjett";
  full.plan = "Plan A";
  full.priority = "hoy";
  Insert(full);
  Measure bare = Sample();
  bare.id = "B-1";
  bare.title = "Kort";
  bare.description = "";
  bare.tags = {};
  bare.owner = "";
  bare.comment = "";
  bare.plan = "";
  bare.priority = "";
  bare.progress = 0;
  bare.deadline = full.deadline + std::chrono::days(3);
  Insert(bare);

  std::vector<Measure> page;
  ASSERT_TRUE(store_->OpenMeasuresAfter("", "", 1, &page).ok());
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].tags, full.tags);
  ASSERT_TRUE(store_->OpenMeasuresAfter("", "A-1", 1, &page).ok());
  ASSERT_EQ(page.size(), 1u);
  std::optional<Measure> fresh;
  ASSERT_TRUE(store_->GetMeasure("B-1", &fresh).ok());
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(page[0], *fresh);
  EXPECT_TRUE(page[0].tags.empty());
  EXPECT_EQ(page[0].description, "");
  // A shorter page leaves no measure of the longer one behind, and the end is an empty page.
  ASSERT_TRUE(store_->OpenMeasuresAfter("", "", 2, &page).ok());
  ASSERT_EQ(page.size(), 2u);
  ASSERT_TRUE(store_->OpenMeasuresAfter("", "A-1", 2, &page).ok());
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, "B-1");
  ASSERT_TRUE(store_->OpenMeasuresAfter("", "B-1", 2, &page).ok());
  EXPECT_TRUE(page.empty());
}

TEST_P(StoreTest, OpenMeasuresOfOneAreaOrAllReadAPageAtATime) {
  for (const char* id : {"D-2", "F-1", "D-1", "F-2", "D-3", "D-15", "D-25"}) {
    Measure m = Sample();
    m.id = id;
    m.focus_area = id[0] == 'D' ? "digitalisering" : "folkehelse";
    // Closed measures get no time rule's notice: no page holds them.
    if (std::string(id) == "D-15") m.status = MeasureStatus::kDone;
    if (std::string(id) == "D-25") m.status = MeasureStatus::kCancelled;
    if (std::string(id) == "D-3") m.status = MeasureStatus::kPlanned;
    Insert(m);
  }
  std::vector<Measure> page;
  ASSERT_TRUE(store_->OpenMeasuresAfter("digitalisering", "", 2, &page).ok());
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, "D-1");
  EXPECT_EQ(page[1].id, "D-2");
  EXPECT_EQ(page[1].title, Sample().title);
  page.clear();
  ASSERT_TRUE(store_->OpenMeasuresAfter("digitalisering", "D-2", 2, &page).ok());
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, "D-3");
  page.clear();
  ASSERT_TRUE(store_->OpenMeasuresAfter("kompetanse", "", 2, &page).ok());
  EXPECT_TRUE(page.empty());
  ASSERT_TRUE(store_->OpenMeasuresAfter("", "D-2", 10, &page).ok());
  std::vector<std::string> ids;
  for (const Measure& m : page) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"D-3", "F-1", "F-2"}));
}

// A page of one area's measures: their acknowledgements and handled occurrences read by their
// ids, not the others' between them.
TEST_P(StoreTest, AcknowledgementsAndHandledOccurrencesOfAListOfIds) {
  for (const char* id : {"D-1", "F-1", "D-2"}) {
    Measure m = Sample();
    m.id = id;
    Insert(m);
    Acknowledgement ack;
    ack.measure_id = id;
    ack.at = At(4000);
    ack.until = date::sys_days(date::year{2026} / 3 / 30);
    ack.actor = "cli";
    ack.deadline = m.deadline;
    ack.status = m.status;
    Notice n;
    n.key = std::string(id) + "/forfall/2026-03-16/1/hbo/email";
    n.measure_id = id;
    n.rule = "forfall";
    n.recipient = "hbo";
    n.at = At(5000);
    Transaction tx(*store_);
    ASSERT_TRUE(store_->Acknowledge(ack).ok());
    ASSERT_TRUE(store_
                    ->QueueNotices(
                        {}, {n}, [](const Notice&) { return nlohmann::json(); }, At(5000))
                    .ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  std::map<std::string, std::vector<Acknowledgement>> acks;
  ASSERT_TRUE(store_->AcknowledgementsOf({"D-1", "D-2", "X-9"}, &acks).ok());
  EXPECT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks.count("F-1"), 0u);
  EXPECT_EQ(acks["D-2"].size(), 1u);
  std::map<std::string, std::set<std::string>> handled;
  ASSERT_TRUE(store_->HandledOccurrencesOf({"D-1", "D-2", "X-9"}, &handled).ok());
  EXPECT_EQ(handled.size(), 2u);
  EXPECT_EQ(handled["D-1"], std::set<std::string>{"D-1/forfall/2026-03-16/1/"});
  handled.clear();
  ASSERT_TRUE(store_->HandledOccurrencesOf({}, &handled).ok());
  EXPECT_TRUE(handled.empty());
}

// A measure's rows are found by their keys (schema 9): an id that another starts with, followed
// by a byte that sorts before '/' (" ", "-", "."), and a measure called "digest" beside a digest,
// each keep their own.
TEST_P(StoreTest, EachMeasureFindsItsOwnRowsWhateverItsIdStartsWith) {
  const std::vector<std::string> ids = {"A", "A 1", "A-3", "A.2", "A0", "AB", "digest"};
  std::vector<Notice> notices;
  for (const std::string& id : ids) {
    Notice n;
    n.key = id + "/forfall/2026-03-16/1/hbo/email";
    n.measure_id = id;
    n.rule = "forfall";
    n.recipient = "hbo";
    n.at = At(5000);
    notices.push_back(n);
  }
  Notice digest;
  digest.key = "digest/ukentlig/2026-03-16/ledergruppe/email";
  digest.kind = NoticeKind::kDigest;
  digest.rule = "ukentlig";
  digest.recipient = "ledergruppe";
  digest.at = At(5000);
  notices.push_back(digest);
  {
    Transaction tx(*store_);
    ASSERT_TRUE(
        store_
            ->QueueNotices(
                notices, {}, [](const Notice&) { return nlohmann::json::object(); }, At(5000))
            .ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto prefix = [](const std::string& id) { return id + "/forfall/2026-03-16/1/"; };
  for (const std::string& id : ids) {
    std::set<std::string> one;
    ASSERT_TRUE(store_->HandledOccurrences(id, &one).ok());
    EXPECT_EQ(one, std::set<std::string>{prefix(id)}) << id;
    std::vector<OutboxEntry> rows;
    ASSERT_TRUE(store_->OutboxFor(id, &rows).ok());
    ASSERT_EQ(rows.size(), 1u) << id;
    EXPECT_EQ(rows[0].key, id + "/forfall/2026-03-16/1/hbo/email");
  }
  std::map<std::string, std::set<std::string>> handled;
  ASSERT_TRUE(store_->HandledOccurrencesBetween("A 1", "A.2", &handled).ok());
  EXPECT_EQ(handled.size(), 3u);
  EXPECT_EQ(handled["A-3"], std::set<std::string>{prefix("A-3")});
  EXPECT_EQ(handled.count("A"), 0u);
  EXPECT_EQ(handled.count("A0"), 0u);
  handled.clear();
  // "A" sorts before "A.2", its keys ("A/...") after it.
  ASSERT_TRUE(store_->HandledOccurrencesBetween("A", "A.2", &handled).ok());
  EXPECT_EQ(handled.size(), 4u);
  EXPECT_EQ(handled["A"], std::set<std::string>{prefix("A")});
  handled.clear();
  ASSERT_TRUE(store_->HandledOccurrencesBetween("A", "A", &handled).ok());
  EXPECT_EQ(handled.size(), 1u);
  EXPECT_EQ(handled["A"], std::set<std::string>{prefix("A")});
  handled.clear();
  ASSERT_TRUE(store_->HandledOccurrencesBetween("A", "digest", &handled).ok());
  EXPECT_EQ(handled.size(), ids.size());
  EXPECT_EQ(handled["digest"], std::set<std::string>{prefix("digest")});
  handled.clear();
  ASSERT_TRUE(store_->HandledOccurrencesOf({"A", "A.2", "digest"}, &handled).ok());
  EXPECT_EQ(handled.size(), 3u);
  EXPECT_EQ(handled["A"], std::set<std::string>{prefix("A")});
  EXPECT_EQ(handled["digest"], std::set<std::string>{prefix("digest")});
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, ::testing::ValuesIn(testing::kStoreKinds),
                         testing::StoreKindName);

}  // namespace
}  // namespace fristvakt
