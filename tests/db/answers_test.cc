#include "db/answers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/open_store.h"
#include "testing/test_store.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

Date D(int y, unsigned m, unsigned d) { return date::sys_days(date::year{y} / m / d); }

// A form with the named fields filled in, as the page posts it.
AnswerForm Form(const std::map<std::string, std::string>& fields) {
  AnswerForm f;
  std::map<std::string, std::string*> by_name = {
      {"status", &f.status},       {"progress", &f.progress}, {"comment", &f.comment},
      {"ack_until", &f.ack_until}, {"ack_note", &f.ack_note}, {"new_deadline", &f.new_deadline},
      {"reason", &f.reason}};
  for (const auto& [name, value] : fields) *by_name.at(name) = value;
  return f;
}

// docs/answers.md: what a unit's answer through its link may change, all of it or nothing, and
// what the approvers' decision does.
class AnswersTest : public ::testing::TestWithParam<testing::StoreKind> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.Open(&store_).ok());
    config_.timezone = date::locate_zone("Europe/Oslo");
    config_.language = Language::kEn;
    config_.public_url = "https://fristvakt.example.no";
    config_.answers.approvers = {"ledergruppe"};
    for (const char* id : {"DIG-3", "DIG-4"}) {
      Measure m;
      m.id = id;
      m.focus_area = "digitalisering";
      m.title = "Velferdsteknologi";
      m.responsible = "hbo";
      m.deadline = D(2026, 3, 16);
      m.status = MeasureStatus::kInProgress;
      m.progress = 40;
      m.updated_at = now_ - std::chrono::hours(24 * 5);
      Transaction tx(*store_);
      ASSERT_TRUE(store_->InsertMeasure(m, now_, "test", {}).ok());
      ASSERT_TRUE(tx.Commit().ok());
    }
    link_.page = "svar";
    link_.measure = "DIG-3";
    link_.holder = "hbo";
  }

  Measure Get(const std::string& id) {
    std::optional<Measure> m;
    EXPECT_TRUE(store_->GetMeasure(id, &m).ok());
    return *m;
  }

  std::vector<Event> Events(const std::string& id) {
    std::vector<Event> events;
    EXPECT_TRUE(store_->EventsFor(id, &events).ok());
    return events;
  }

  AnswerOutcome Answer(const AnswerForm& form) {
    AnswerOutcome out;
    EXPECT_TRUE(RecordAnswer(store_.get(), config_, link_, form, now_, &out).ok());
    return out;
  }

  const Timestamp now_ =
      LocalMoment(D(2026, 3, 20), std::chrono::hours(10), date::locate_zone("Europe/Oslo"));
  Config config_;
  AnswerLink link_;
  testing::TestDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
};

TEST_P(AnswersTest, AnAnswerIsRecordedAsTheUnitsEventsOnItsMeasureAlone) {
  AnswerOutcome out =
      Answer(Form({{"status", "done"}, {"progress", "100"}, {"comment", "Ferdig"}}));
  EXPECT_THAT(out.errors, IsEmpty());
  EXPECT_GT(out.changes, 0);
  Measure m = Get("DIG-3");
  EXPECT_EQ(m.status, MeasureStatus::kDone);
  EXPECT_EQ(m.progress, 100);
  EXPECT_EQ(m.comment, "Ferdig");
  EXPECT_EQ(Events("DIG-3").back().actor, "hbo (via link)");
  EXPECT_EQ(Get("DIG-4").progress, 40);
}

TEST_P(AnswersTest, EveryBadFieldIsNamedAndNothingIsWritten) {
  AnswerOutcome out = Answer(Form({{"status", "ferdig-ish"},
                                   {"progress", "140"},
                                   {"comment", "Skal ikke lagres"},
                                   {"ack_until", "2099-01-01"},
                                   {"new_deadline", "2026-05-01"}}));
  EXPECT_EQ(out.errors.size(), 4u);  // status, progress, ack_until, and the new deadline's reason
  EXPECT_TRUE(out.errors.count("status"));
  EXPECT_TRUE(out.errors.count("progress"));
  EXPECT_THAT(out.errors["ack_until"], HasSubstr("a unit may acknowledge up to"));
  EXPECT_THAT(out.errors["reason"], HasSubstr("needs a reason"));
  EXPECT_EQ(Get("DIG-3").comment, "");
  EXPECT_EQ(Events("DIG-3").size(), 1u);  // created
}

TEST_P(AnswersTest, AUnitsAcknowledgementIsBoundedAndHoldsForItAlone) {
  AnswerOutcome out = Answer(Form({{"ack_until", "2026-04-10"}, {"ack_note", "Venter på anbud"}}));
  EXPECT_TRUE(out.acknowledged);
  EXPECT_EQ(out.changes, 0);
  EXPECT_EQ(Get("DIG-3").updated_at, now_ - std::chrono::hours(24 * 5));  // not an update
  std::vector<Acknowledgement> acks;
  ASSERT_TRUE(store_->AcknowledgementsFor("DIG-3", &acks).ok());
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].unit, "hbo");
  EXPECT_EQ(*acks[0].until, D(2026, 4, 10));
  EXPECT_THAT(Answer(Form({{"ack_until", "2026-03-19"}})).errors["ack_until"],
              HasSubstr("the date has passed"));
  EXPECT_TRUE(Answer(Form({{"ack_note", "Bare en merknad"}})).errors.count("ack_until"));
}

TEST_P(AnswersTest, ADeadlineRequestWaitsForTheApproversAndTheirDecisionMovesIt) {
  AnswerOutcome out =
      Answer(Form({{"new_deadline", "2026-06-01"}, {"reason", "Anbudet ble forsinket"}}));
  EXPECT_TRUE(out.requested);
  EXPECT_EQ(Get("DIG-3").deadline, D(2026, 3, 16));  // until decided, the deadline stands
  std::optional<DeadlineRequest> pending;
  ASSERT_TRUE(store_->PendingRequestFor("DIG-3", &pending).ok());
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->new_deadline, D(2026, 6, 1));
  EXPECT_EQ(Events("DIG-3").back().kind, "deadline_move_requested");

  AnswerLink decide{"godkjenn", "DIG-3", "ledergruppe", pending->id, now_, now_};
  bool decided = false;
  EXPECT_EQ(DecideRequest(store_.get(), config_, decide, "maybe", "", now_, &decided).code(),
            Status::Code::kBadInput);
  ASSERT_TRUE(DecideRequest(store_.get(), config_, decide, "approve", "OK", now_, &decided).ok());
  EXPECT_TRUE(decided);
  EXPECT_EQ(Get("DIG-3").deadline, D(2026, 6, 1));
  auto events = Events("DIG-3");
  EXPECT_EQ(events.back().kind, "deadline_move_approved");
  EXPECT_EQ(events[events.size() - 2].kind, "deadline_moved");
  EXPECT_EQ(events[events.size() - 2].data.value("reason", ""), "Anbudet ble forsinket");
  EXPECT_EQ(events[events.size() - 2].actor, "ledergruppe (via link)");
  // A second decision finds nothing pending and changes nothing.
  ASSERT_TRUE(DecideRequest(store_.get(), config_, decide, "reject", "", now_, &decided).ok());
  EXPECT_FALSE(decided);
  EXPECT_EQ(Get("DIG-3").deadline, D(2026, 6, 1));
}

TEST_P(AnswersTest, ARejectedRequestLeavesTheDeadline) {
  Answer(Form({{"new_deadline", "2026-06-01"}, {"reason", "Tid"}}));
  std::optional<DeadlineRequest> pending;
  ASSERT_TRUE(store_->PendingRequestFor("DIG-3", &pending).ok() && pending);
  AnswerLink decide{"godkjenn", "DIG-3", "ledergruppe", pending->id, now_, now_};
  bool decided = false;
  ASSERT_TRUE(DecideRequest(store_.get(), config_, decide, "reject", "Nei", now_, &decided).ok());
  EXPECT_EQ(Get("DIG-3").deadline, D(2026, 3, 16));
  EXPECT_EQ(Events("DIG-3").back().kind, "deadline_move_rejected");
}

TEST_P(AnswersTest, DirectMovesAtOnceAndNoneRefuses) {
  config_.answers.deadline_moves = "direct";
  EXPECT_TRUE(Answer(Form({{"new_deadline", "2026-06-01"}, {"reason", "Tid"}})).moved);
  EXPECT_EQ(Get("DIG-3").deadline, D(2026, 6, 1));
  config_.answers.deadline_moves = "none";
  EXPECT_TRUE(Answer(Form({{"new_deadline", "2026-07-01"}, {"reason", "Tid"}}))
                  .errors.count("new_deadline"));
  EXPECT_EQ(Get("DIG-3").deadline, D(2026, 6, 1));
  // Requests without approvers would wait for no one: none may be made.
  config_.answers.deadline_moves = "request";
  config_.answers.approvers.clear();
  EXPECT_EQ(config_.answers.moves(), DeadlineMoves::kNone);
}

TEST_P(AnswersTest, LinksAreStoredHashedAndWorkUntilTheyExpireForTheirPageOnly) {
  std::string url;
  ASSERT_TRUE(IssueLink(store_.get(), config_, "svar", "DIG-3", "hbo", 0, now_, &url).ok());
  const std::string prefix = "https://fristvakt.example.no/svar/";
  ASSERT_EQ(url.rfind(prefix, 0), 0u);
  const std::string secret = url.substr(prefix.size());
  EXPECT_EQ(secret.size(), 43u);  // 256 random bits
  std::optional<AnswerLink> link;
  ASSERT_TRUE(FindLiveLink(store_.get(), "svar", secret, now_, &link).ok());
  ASSERT_TRUE(link);
  EXPECT_EQ(link->measure, "DIG-3");
  EXPECT_EQ(link->holder, "hbo");
  // Only the hash is kept.
  std::optional<AnswerLink> raw;
  ASSERT_TRUE(store_->FindLink(secret, &raw).ok());
  EXPECT_FALSE(raw);
  ASSERT_TRUE(FindLiveLink(store_.get(), "godkjenn", secret, now_, &link).ok());
  EXPECT_FALSE(link);
  ASSERT_TRUE(FindLiveLink(store_.get(), "svar", secret, now_ + date::days(30), &link).ok());
  EXPECT_FALSE(link);  // link_valid is 30 days
  ASSERT_TRUE(FindLiveLink(store_.get(), "svar", secret + "A", now_, &link).ok());
  EXPECT_FALSE(link);
  int forgotten = 0;
  ASSERT_TRUE(store_->ForgetExpiredLinks(now_ + date::days(31), &forgotten).ok());
  EXPECT_EQ(forgotten, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, AnswersTest, ::testing::ValuesIn(testing::kStoreKinds),
                         testing::StoreKindName);

}  // namespace
}  // namespace fristvakt
