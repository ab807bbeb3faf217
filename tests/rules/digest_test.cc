#include "rules/digest.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

const date::time_zone* Oslo() { return date::locate_zone("Europe/Oslo"); }

Date D(int y, int m, int d) {
  return date::sys_days(date::year{y} / static_cast<unsigned>(m) / static_cast<unsigned>(d));
}

Timestamp At(int y, int m, int d, int hour) {
  return LocalMoment(D(y, m, d), std::chrono::hours(hour), Oslo());
}

Measure M(const std::string& id, Date deadline, MeasureStatus status, Date updated) {
  Measure m;
  m.id = id;
  m.responsible = "hbo";
  m.deadline = deadline;
  m.status = status;
  m.updated_at = LocalMoment(updated, std::chrono::hours(12), Oslo());
  return m;
}

class DigestTest : public ::testing::Test {
 protected:
  DigestTest() : calendar_(CalendarConfig{}) {
    directory_.Add({"ledergruppe", "Ledergruppa", {"leder@example.no"}, "teams", true});
    ctx_ = {&calendar_, &directory_, Oslo()};
    std::string error;
    digest_.name = "ledermote";
    digest_.cron = CronExpression::Parse("0 8 * * 2", &error);
    digest_.to = {"ledergruppe"};
  }

  Calendar calendar_;
  Directory directory_;
  EvaluationContext ctx_;
  DigestConfig digest_;
};

TEST_F(DigestTest, SixSectionsFromTheMeasuresAndTheirHistory) {
  const Date today = D(2026, 3, 3);
  std::vector<Measure> measures = {
      M("overdue", D(2026, 3, 2), MeasureStatus::kInProgress, D(2026, 3, 1)),
      M("today", D(2026, 3, 3), MeasureStatus::kPlanned, D(2026, 3, 1)),
      M("in14", D(2026, 3, 17), MeasureStatus::kPlanned, D(2026, 3, 1)),
      M("in15", D(2026, 3, 18), MeasureStatus::kPlanned, D(2026, 3, 1)),
      M("stale", D(2026, 6, 1), MeasureStatus::kInProgress, D(2026, 2, 1)),
      M("done", D(2026, 2, 1), MeasureStatus::kDone, D(2026, 3, 2)),
      M("cancelled", D(2026, 2, 1), MeasureStatus::kCancelled, D(2026, 1, 1)),
      M("cancelled-earlier", D(2026, 2, 1), MeasureStatus::kCancelled, D(2026, 1, 1)),
      M("reopened", D(2026, 9, 1), MeasureStatus::kPlanned, D(2026, 3, 2)),
  };
  DigestHistory history;
  history.moved["in15"] = 2;
  history.done.insert("done");
  history.cancelled.insert("cancelled");
  history.cancelled.insert("reopened");  // cancelled and then taken up again
  DigestContent c = BuildDigest(digest_, measures, history, today, ctx_);
  ASSERT_EQ(c.sections.size(), 6u);
  auto ids = [&](size_t i) {
    std::vector<std::string> out;
    for (const DigestItem& item : c.sections[i].second) out.push_back(item.measure.id);
    return out;
  };
  EXPECT_EQ(ids(0), (std::vector<std::string>{"overdue"}));
  EXPECT_EQ(c.sections[0].second[0].days, 1);
  EXPECT_EQ(ids(1), (std::vector<std::string>{"today", "in14"}));
  EXPECT_EQ(ids(2), (std::vector<std::string>{"in15"}));
  EXPECT_EQ(c.sections[2].second[0].moves, 2);
  EXPECT_EQ(ids(3), (std::vector<std::string>{"stale"}));
  EXPECT_EQ(c.sections[3].second[0].days, 30);
  EXPECT_EQ(ids(4), (std::vector<std::string>{"done"}));
  EXPECT_EQ(c.sections[5].first, DigestSection::kCancelled);
  EXPECT_EQ(ids(5), (std::vector<std::string>{"cancelled"}));
  EXPECT_FALSE(c.empty());
}

TEST_F(DigestTest, OnlyTheConfiguredSectionsInTheirOrder) {
  digest_.sections = {DigestSection::kStale, DigestSection::kOverdue};
  DigestContent c = BuildDigest(digest_, {}, {}, D(2026, 3, 3), ctx_);
  ASSERT_EQ(c.sections.size(), 2u);
  EXPECT_EQ(c.sections[0].first, DigestSection::kStale);
  EXPECT_TRUE(c.empty());
}

TEST_F(DigestTest, WorkingDaysOnlySkipsHolidays) {
  // Tuesday 26.05.2026 is a working day; the Tuesday after Easter (07.04) too; but with
  // 25.12.2029 (a Tuesday) as an example of a holiday.
  EXPECT_EQ(NextDigestTime(digest_, At(2026, 3, 2, 12), ctx_), At(2026, 3, 3, 8));
  EXPECT_EQ(NextDigestTime(digest_, At(2029, 12, 24, 12), ctx_), At(2030, 1, 8, 8));
  digest_.working_days_only = false;
  EXPECT_EQ(NextDigestTime(digest_, At(2029, 12, 24, 12), ctx_), At(2029, 12, 25, 8));
}

TEST_F(DigestTest, OneNoticePerChannelWithTheDateInTheKey) {
  auto notices = DigestNotices(digest_, "ledergruppe", At(2026, 3, 3, 8), ctx_);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0].key, "digest/ledermote/2026-03-03/ledergruppe/email");
  EXPECT_EQ(notices[1].key, "digest/ledermote/2026-03-03/ledergruppe/webhook");
  EXPECT_EQ(notices[0].kind, NoticeKind::kDigest);
}

TEST_F(DigestTest, DigestMissedThisMorningGoesOutAtStartUntilSendUntil) {
  // Tuesday 03.03.2026, cron 08:00, send_until 16:00.
  EXPECT_TRUE(SendMissedDigestAtStart(digest_, At(2026, 3, 3, 10), std::nullopt, ctx_));
  EXPECT_TRUE(SendMissedDigestAtStart(digest_, At(2026, 3, 3, 10), At(2026, 2, 24, 8), ctx_));
  EXPECT_FALSE(SendMissedDigestAtStart(digest_, At(2026, 3, 3, 16), std::nullopt, ctx_));
  EXPECT_FALSE(SendMissedDigestAtStart(digest_, At(2026, 3, 3, 7), std::nullopt, ctx_));
}

TEST_F(DigestTest, DigestThatRanSinceItsTimeIsNotSentAgainAtStart) {
  EXPECT_FALSE(SendMissedDigestAtStart(digest_, At(2026, 3, 3, 10), At(2026, 3, 3, 8), ctx_));
}

TEST_F(DigestTest, DigestMissedOnAnEarlierDayIsNotSentAtStart) {
  EXPECT_FALSE(SendMissedDigestAtStart(digest_, At(2026, 3, 4, 10), std::nullopt, ctx_));
}

TEST_F(DigestTest, DigestFoundDueOnAnEarlierDayIsOutOfDate) {
  EXPECT_FALSE(DigestOutOfDate(At(2026, 3, 3, 8), At(2026, 3, 3, 15), ctx_));
  EXPECT_TRUE(DigestOutOfDate(At(2026, 3, 3, 8), At(2026, 3, 4, 0), ctx_));
}

}  // namespace
}  // namespace fristvakt
