#include "db/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

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

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(SqliteStore::Open(":memory:", &store_).ok()); }

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

  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, InsertedMeasureReadsBackWithItsCreatedEvent) {
  Insert(Sample());
  std::optional<Measure> m;
  ASSERT_TRUE(store_->GetMeasure("DIG-3", &m).ok());
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, Sample());
  auto events = Events("DIG-3");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "created");
  EXPECT_EQ(events[0].data["source"], "test");
}

TEST_F(SqliteStoreTest, SaveChangeRecordsEachKindOfChange) {
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
  EXPECT_EQ(*m, after);
}

TEST_F(SqliteStoreTest, SaveWithoutChangeWritesNothing) {
  Insert(Sample());
  Transaction tx(*store_);
  int count = -1;
  ASSERT_TRUE(store_->SaveChange(Sample(), Sample(), At(3000), "cli", "", &count).ok());
  EXPECT_EQ(count, 0);
  EXPECT_EQ(Events("DIG-3").size(), 1u);
}

TEST_F(SqliteStoreTest, RolledBackChangeLeavesNeitherMeasureNorEvent) {
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

TEST_F(SqliteStoreTest, EventSequenceOnlyGrows) {
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

TEST_F(SqliteStoreTest, AcknowledgementIsKeptWithItsEvent) {
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

TEST_F(SqliteStoreTest, OutboxKeyIsUnique) {
  const char* insert =
      "INSERT INTO outbox (key, kind, measure_id, rule, recipient, channel, due_at, state, "
      "next_attempt_at, created_at) VALUES ('DIG-3/varsel-14d/2026-03-16/1/hbo/email', "
      "'reminder', 'DIG-3', 'varsel-14d', 'hbo', 'email', 1, 'queued', 1, 1)";
  ASSERT_TRUE(store_->db().Exec(insert).ok());
  EXPECT_FALSE(store_->db().Exec(insert).ok());
  std::vector<OutboxEntry> entries;
  ASSERT_TRUE(store_->OutboxFor("DIG-3", &entries).ok());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].state, "queued");
}

TEST_F(SqliteStoreTest, OldPayloadsOfSentNoticesAreEmptiedKeysStay) {
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
  ASSERT_TRUE(store_->db().Exec("UPDATE outbox SET state = 'dead' WHERE rule = 'dead'").ok());
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

// The persisted schedule (ScheduleStore): one next moment per measure, read by moment.
TEST_F(SqliteStoreTest, ScheduleKeepsEachMeasuresNextMoment) {
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
  // A measure's entry goes with it.
  ASSERT_TRUE(store_->db().Exec("DELETE FROM measures WHERE id = 'B'").ok());
  EXPECT_EQ(due(1000, 10), std::vector<std::string>{"C"});
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->ClearSchedule().ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(due(1000, 10), std::vector<std::string>{});
}

TEST_F(SqliteStoreTest, ScheduleEntryRolledBackWithItsTransaction) {
  Insert(Sample());
  {
    Transaction tx(*store_);
    ASSERT_TRUE(store_->SetNextEvaluation("DIG-3", At(100)).ok());
  }
  std::optional<Timestamp> earliest;
  ASSERT_TRUE(store_->EarliestEvaluation(&earliest).ok());
  EXPECT_FALSE(earliest);
}

TEST_F(SqliteStoreTest, MeasuresOfOneAreaReadAPageAtATime) {
  for (const char* id : {"D-2", "F-1", "D-1", "F-2", "D-3"}) {
    Measure m = Sample();
    m.id = id;
    m.focus_area = id[0] == 'D' ? "digitalisering" : "folkehelse";
    Insert(m);
  }
  std::vector<Measure> page;
  ASSERT_TRUE(store_->MeasuresInAreaAfter("digitalisering", "", 2, &page).ok());
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, "D-1");
  EXPECT_EQ(page[1].id, "D-2");
  EXPECT_EQ(page[1].title, Sample().title);
  page.clear();
  ASSERT_TRUE(store_->MeasuresInAreaAfter("digitalisering", "D-2", 2, &page).ok());
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, "D-3");
  page.clear();
  ASSERT_TRUE(store_->MeasuresInAreaAfter("kompetanse", "", 2, &page).ok());
  EXPECT_TRUE(page.empty());
}

}  // namespace
}  // namespace fristvakt
