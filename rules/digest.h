#ifndef FRISTVAKT_RULES_DIGEST_H_
#define FRISTVAKT_RULES_DIGEST_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/classify.h"
#include "rules/config.h"
#include "rules/evaluate.h"
#include "rules/notification_key.h"

// Digests: a summary per focus area before each leadership meeting (docs/configuration.md;
// docs/rules.md, "Digests"). Pure.
namespace fristvakt {

// What happened since the previous digest of the same name.
struct DigestHistory {
  std::map<std::string, int> moved;        // measure id -> deadline moves since the previous digest
  std::map<std::string, int> moved_total;  // measure id -> deadline moves ever
  std::set<std::string> done;              // measures completed since the previous digest
  std::set<std::string> cancelled;         // measures cancelled since the previous digest
};

struct DigestItem {
  Measure measure;
  int days = 0;   // overdue: days past; due_soon: days left; stale: days since the last update
  int moves = 0;  // moved: how many times since the previous digest
  int moves_total = 0;  // how many times the deadline has moved in all
};

struct DigestContent {
  std::string name;
  std::string recipient;
  Date date;
  // In the configured order; every configured section is present, perhaps empty.
  std::vector<std::pair<DigestSection, std::vector<DigestItem>>> sections;

  bool empty() const;
};

// The sections for `measures` (all of them, or one unit's) on `today`.
DigestContent BuildDigest(const DigestConfig& digest, const std::vector<Measure>& measures,
                          const DigestHistory& history, Date today, const EvaluationContext& ctx);

// The digest's next time strictly after `after`; with working_days_only, cron times on
// non-working days are skipped.
std::optional<Timestamp> NextDigestTime(const DigestConfig& digest, Timestamp after,
                                        const EvaluationContext& ctx);

// The catch-up of a digest (docs/rules.md "Digests"). At start, a digest whose first cron time
// today has passed, that has not run since (`last_run`, its last run if any), goes out at once,
// dated today, if it is still before send_until: it still helps the meeting it is for. One
// missed on an earlier day is not sent; the next cron time follows.
bool SendMissedDigestAtStart(const DigestConfig& digest, Timestamp now,
                             std::optional<Timestamp> last_run, const EvaluationContext& ctx);
// Whether a running daemon that finds a digest due at `due` only at `now` (the machine was
// suspended, say) should skip it: a digest of an earlier day than today is out of date, and
// sending a backlog would help no one.
bool DigestOutOfDate(Timestamp due, Timestamp now, const EvaluationContext& ctx);

// One notice per recipient and channel: digest/NAME/DATE/RECIPIENT/CHANNEL.
std::vector<Notice> DigestNotices(const DigestConfig& digest, const std::string& recipient,
                                  Timestamp at, const EvaluationContext& ctx);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_DIGEST_H_
