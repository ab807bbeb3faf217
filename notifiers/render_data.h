#ifndef FRISTVAKT_NOTIFIERS_RENDER_DATA_H_
#define FRISTVAKT_NOTIFIERS_RENDER_DATA_H_

#include <string>
#include <vector>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "notifiers/answer.h"
#include "rules/config.h"

// What a message shows, worded in the configured language, built from a notice's payload: the
// values that the templates (docs/messages.md, "Your own templates") and the Teams and Slack
// cards are made of, so that a mail and a card say the same.
namespace fristvakt {

// "3 dager", "1 day".
std::string Days(int n, Language lang);
// "om 14 dager", "i dag", "3 dager over fristen"; `status` for a closed measure.
std::string DaysNote(int to_deadline, bool open, const std::string& status, Language lang);
// An English status name as the language writes it: "in_progress" -> "pågår".
std::string StatusText(const std::string& name, Language lang);

// One measure of a digest's section.
struct DigestItemView {
  std::string id;
  std::string title;
  std::string responsible;  // the unit's name
  std::string deadline;     // dd.mm.yyyy
  std::string note;         // "5 dager over fristen", "flyttet 2 ganger", "avbrutt"
  std::string updated;      // dd.mm.yyyy
  int moves_total = 0;
  UnitAnswer answer;
  std::vector<AnswerLine> answer_lines;  // AnswerLines(answer)
};

struct DigestSectionView {
  std::string name;  // overdue, due_soon, moved, stale, done_recently, cancelled
  std::string title;
  std::vector<DigestItemView> items;
};

struct DigestAreaView {
  std::string title;
  std::vector<DigestSectionView> sections;  // only those with measures
};

struct DigestView {
  std::string date;                   // dd.mm.yyyy
  std::vector<DigestAreaView> areas;  // in the rule files' order, only those with measures

  bool empty() const { return areas.empty(); }
};

// The digest of a notice's payload ({"digest": {name, date, sections}}), per focus area, in
// the sections' configured order.
DigestView BuildDigestView(const nlohmann::json& payload, const std::string& digest_name,
                           const Config& config);

// The facts a card shows for a digest's measure: unit, deadline, note, last update, moves,
// then the unit's answer.
std::vector<AnswerLine> DigestItemFacts(const DigestItemView& item, Language lang);

// Adds the answer's template values to `d`: comment_by, comment_at, acknowledgement,
// deadline_moves, pending_request, answer (a list of {label, text}) and answered.
void SetAnswerData(const UnitAnswer& answer, const Config& config, kainjow::mustache::data* d);

// The template values of a digest: empty, areas [{title, sections [{name, title, items}]}].
void SetDigestData(const DigestView& view, const Config& config, kainjow::mustache::data* d);

}  // namespace fristvakt

#endif  // FRISTVAKT_NOTIFIERS_RENDER_DATA_H_
