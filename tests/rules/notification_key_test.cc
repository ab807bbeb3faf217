#include "rules/notification_key.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

TEST(NotificationKeyTest, RuleNoticeKeyIsSpelledMeasureRuleSeriesOccurrenceRecipientChannel) {
  NotificationKey key{"FH-2", "forsinket", "2026-02-01", 4, "kff", Channel::kEmail};
  EXPECT_EQ(key.ToString(), "FH-2/forsinket/2026-02-01/4/kff/email");
}

TEST(NotificationKeyTest, DigestKeyIsSpelledDigestNameDateRecipientChannel) {
  NotificationKey key =
      NotificationKey::ForDigest("enhetsoversikt", "2026-03-02", "kff", Channel::kWebhook);
  EXPECT_TRUE(key.is_digest());
  EXPECT_EQ(key.ToString(), "digest/enhetsoversikt/2026-03-02/kff/webhook");
}

TEST(NotificationKeyTest, KeyRoundTripsThroughParse) {
  for (const char* text :
       {"FH-2/forsinket/2026-02-01/4/kff/email", "K3-6/frist-flyttet/37/1/ledergruppe/webhook",
        "digest/enhetsoversikt/2026-03-02/kff/email",
        "digest/ledermote/2026-03-02T10:15:00/ledergruppe/email"}) {
    std::optional<NotificationKey> key = NotificationKey::Parse(text);
    ASSERT_TRUE(key) << text;
    EXPECT_EQ(key->ToString(), text);
  }
}

TEST(NotificationKeyTest, ParseGivesEveryPart) {
  std::optional<NotificationKey> key =
      NotificationKey::Parse("K3-6/frist-flyttet/37/12/ledergruppe/webhook");
  ASSERT_TRUE(key);
  EXPECT_EQ(*key,
            (NotificationKey{"K3-6", "frist-flyttet", "37", 12, "ledergruppe", Channel::kWebhook}));
  EXPECT_FALSE(key->is_digest());
}

TEST(NotificationKeyTest, MeasureNamedDigestIsStillAMeasureKey) {
  std::optional<NotificationKey> key =
      NotificationKey::Parse("digest/forfall/2026-03-02/1/a/email");
  ASSERT_TRUE(key);
  EXPECT_FALSE(key->is_digest());
  EXPECT_EQ(key->measure, "digest");
}

TEST(NotificationKeyTest, ParseRefusesWhatIsNoKey) {
  for (const char* text :
       {"", "FH-2", "FH-2/forsinket/2026-02-01/4/kff", "FH-2/forsinket/2026-02-01/4/kff/sms",
        "FH-2/forsinket/2026-02-01/0/kff/email", "FH-2/forsinket/2026-02-01/x/kff/email",
        "FH-2//2026-02-01/1/kff/email", "FH-2/forsinket/2026-02-01/1/kff/email/more",
        "report/enhetsoversikt/2026-03-02/kff/email"}) {
    EXPECT_FALSE(NotificationKey::Parse(text)) << text;
  }
}

TEST(NotificationKeyTest, OccurrencePrefixIsSharedByEveryRecipientAndChannel) {
  auto a = NotificationKey::Parse("FH-2/forsinket/2026-02-01/4/kff/email");
  auto b = NotificationKey::Parse("FH-2/forsinket/2026-02-01/4/ledergruppe/webhook");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->OccurrencePrefix(), "FH-2/forsinket/2026-02-01/4/");
  EXPECT_EQ(a->OccurrencePrefix(), b->OccurrencePrefix());
  EXPECT_EQ(a->SeriesPrefix(), "FH-2/forsinket/2026-02-01");
}

TEST(NotificationKeyTest, OccurrencePrefixDoesNotMatchALongerOccurrenceNumber) {
  NotificationKey k1{"FH-2", "forsinket", "2026-02-01", 1, "kff", Channel::kEmail};
  NotificationKey k12 = k1;
  k12.occurrence = 12;
  EXPECT_NE(k12.ToString().rfind(k1.OccurrencePrefix(), 0), 0u);
}

TEST(NotificationKeyTest, DigestOccurrencePrefixDropsRecipientAndChannel) {
  auto key = NotificationKey::Parse("digest/enhetsoversikt/2026-03-02/kff/email");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->OccurrencePrefix(), "digest/enhetsoversikt/2026-03-02/");
}

TEST(NotificationKeyTest, OnlyReminderOverdueEscalationAndStaleAreTimeKinds) {
  EXPECT_TRUE(IsTimeKind(NoticeKind::kReminder));
  EXPECT_TRUE(IsTimeKind(NoticeKind::kOverdue));
  EXPECT_TRUE(IsTimeKind(NoticeKind::kEscalation));
  EXPECT_TRUE(IsTimeKind(NoticeKind::kStale));
  EXPECT_FALSE(IsTimeKind(NoticeKind::kEvent));
  EXPECT_FALSE(IsTimeKind(NoticeKind::kDigest));
  EXPECT_TRUE(IsTimeKind("stale"));
  EXPECT_FALSE(IsTimeKind("digest"));
  EXPECT_FALSE(IsTimeKind("Stale"));
  EXPECT_FALSE(IsTimeKind(""));
}

TEST(NotificationKeyTest, KindNamesRoundTrip) {
  for (NoticeKind k : {NoticeKind::kReminder, NoticeKind::kOverdue, NoticeKind::kEscalation,
                       NoticeKind::kStale, NoticeKind::kEvent, NoticeKind::kDigest}) {
    EXPECT_EQ(ParseNoticeKind(NoticeKindName(k)), k);
  }
  EXPECT_FALSE(ParseNoticeKind("late"));
}

TEST(NotificationKeyTest, KeysOfMeasuresLieInARangeOfBytes) {
  EXPECT_EQ(NotificationKey::MeasureOf("S-1/forfall/2026-03-16/1/hbo/email"), "S-1");
  EXPECT_EQ(NotificationKey::MeasureOf("digest/forfall/2026-03-16/1/hbo/email"), "digest");
  EXPECT_EQ(NotificationKey::MeasureOf("digest/ukentlig/2026-03-16/ledergruppe/email"), "");
  EXPECT_EQ(NotificationKey::MeasureKeysBegin("S-1"), "S-1/");
  // One measure: exactly its keys.
  EXPECT_EQ(NotificationKey::KeysEnd("S-1", "S-1"), "S-10");
  EXPECT_EQ(NotificationKey::KeysEnd("S1", "S1"), "S10");
  // "A" sorts before "A.2" and its keys ("A/...") after: the range ends past them.
  EXPECT_EQ(NotificationKey::KeysEnd("A", "A.2"), "A0");
  EXPECT_GT(NotificationKey::KeysEnd("A", "A.2"), "A/forfall/2026-03-16/1/hbo/email");
  EXPECT_EQ(NotificationKey::KeysEnd("A 1", "A.2"), "A.20");
  // No wider than the ids between: a page of S-1 to S-10003 does not reach on to S-2, S-3, ...
  // (a range ending at "S0" read half the outbox for every due measure).
  EXPECT_EQ(NotificationKey::KeysEnd("S-1", "S-10003"), "S-100030");
  EXPECT_EQ(NotificationKey::KeysEnd("S-1", "S-5"), "S-50");
  EXPECT_EQ(NotificationKey::KeysEnd("S-1", "S-5.1"), "S-50");
}

}  // namespace
}  // namespace fristvakt
