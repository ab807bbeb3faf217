#ifndef FRISTVAKT_RULES_DIGEST_H_
#define FRISTVAKT_RULES_DIGEST_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/config.h"
#include "rules/evaluate.h"

// Digests: a summary per focus area before each leadership meeting (SPEC §3). Pure.
namespace fristvakt {

// What happened since the previous digest of the same name.
struct DigestHistory {
  std::map<std::string, int> moved;        // measure id -> deadline moves since the previous digest
  std::map<std::string, int> moved_total;  // measure id -> deadline moves ever
  std::set<std::string> done;              // measures completed since the previous digest
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

// One notice per recipient and channel: digest/NAME/DATE/RECIPIENT/CHANNEL.
std::vector<Notice> DigestNotices(const DigestConfig& digest, const std::string& recipient,
                                  Timestamp at, const EvaluationContext& ctx);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_DIGEST_H_
