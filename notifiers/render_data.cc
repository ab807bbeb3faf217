#include "notifiers/render_data.h"

#include "rules/json_text.h"

namespace fristvakt {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using nlohmann::json;

std::string SectionTitle(const std::string& section, Language lang) {
  if (section == "overdue") return Tr(lang, "Over fristen", "Overdue");
  if (section == "due_soon") return Tr(lang, "Frist snart", "Due soon");
  if (section == "moved") {
    return Tr(lang, "Fristen flyttet siden forrige oversikt",
              "Deadline moved since the last overview");
  }
  if (section == "stale") return Tr(lang, "Ikke oppdatert på lenge", "Not updated for a long time");
  if (section == "cancelled") {
    return Tr(lang, "Avbrutt siden forrige oversikt", "Cancelled since the last overview");
  }
  return Tr(lang, "Fullført siden forrige oversikt", "Done since the last overview");
}

std::string ItemNote(const std::string& section, const json& item, Language lang) {
  const int days = IntMember(item, "days");
  if (section == "overdue") return Days(days, lang) + Tr(lang, " over fristen", " overdue");
  if (section == "due_soon") return DaysNote(days, true, "", lang);
  if (section == "moved") {
    const int moves = IntMember(item, "moves");
    return Tr(lang, "flyttet ", "moved ") +
           (moves == 1 ? Tr(lang, "én gang", "once")
                       : std::to_string(moves) + Tr(lang, " ganger", " times"));
  }
  if (section == "stale") {
    return Days(days, lang) + Tr(lang, " uten oppdatering", " without update");
  }
  if (section == "cancelled") return Tr(lang, "avbrutt", "cancelled");
  return Tr(lang, "fullført", "done");
}

std::string DayOf(Timestamp t, const date::time_zone* zone) {
  return FormatNorwegianDate(LocalDate(t, zone));
}

}  // namespace

std::string Days(int n, Language lang) {
  return std::to_string(n) + (n == 1 ? Tr(lang, " dag", " day") : Tr(lang, " dager", " days"));
}

std::string DaysNote(int to_deadline, bool open, const std::string& status, Language lang) {
  if (!open) return status;
  if (to_deadline == 0) return Tr(lang, "i dag", "today");
  if (to_deadline > 0) return Tr(lang, "om ", "in ") + Days(to_deadline, lang);
  return Days(-to_deadline, lang) + Tr(lang, " over fristen", " overdue");
}

std::string StatusText(const std::string& name, Language lang) {
  auto s = ParseMeasureStatus(name);
  return s ? MeasureStatusLabel(*s, lang) : name;
}

DigestView BuildDigestView(const json& payload, const std::string& digest_name,
                           const Config& config) {
  const Language lang = config.language;
  const json& digest = MemberOrEmpty(payload, "digest");
  const json& sections = MemberOrEmpty(digest, "sections");
  std::vector<std::string> order;
  for (DigestSection s : DigestConfig{}.sections) order.push_back(DigestSectionName(s));
  for (const DigestConfig& c : config.digests) {
    if (c.name != digest_name) continue;
    order.clear();
    for (DigestSection s : c.sections) order.push_back(DigestSectionName(s));
  }
  DigestView view;
  view.date = NorwegianDateText(TextMember(digest, "date"));
  for (const FocusArea& area : config.rules.areas) {
    DigestAreaView a{area.title, {}};
    for (const std::string& section : order) {
      if (!sections.contains(section)) continue;
      DigestSectionView s{section, SectionTitle(section, lang), {}};
      for (const json& item : sections[section]) {
        if (TextMember(item, "focus_area") != area.id) continue;
        const Recipient* unit = config.directory.Find(TextMember(item, "responsible"));
        auto updated = ParseTimestamp(TextMember(item, "updated_at"), config.timezone);
        DigestItemView v;
        v.id = TextMember(item, "id");
        v.title = TextMember(item, "title");
        v.responsible = unit ? unit->name : TextMember(item, "responsible");
        v.deadline = NorwegianDateText(TextMember(item, "deadline"));
        v.note = ItemNote(section, item, lang);
        v.updated = updated ? DayOf(*updated, config.timezone) : "";
        v.moves_total = IntMember(item, "moves_total");
        v.answer = AnswerFromJson(item, config.timezone);
        v.answer_lines = AnswerLines(v.answer, lang, config.directory, config.timezone);
        s.items.push_back(std::move(v));
      }
      if (!s.items.empty()) a.sections.push_back(std::move(s));
    }
    if (!a.sections.empty()) view.areas.push_back(std::move(a));
  }
  return view;
}

std::vector<AnswerLine> DigestItemFacts(const DigestItemView& item, Language lang) {
  std::vector<AnswerLine> facts = {{Tr(lang, "Ansvar", "Responsible"), item.responsible},
                                   {Tr(lang, "Frist", "Deadline"), item.deadline},
                                   {Tr(lang, "Merknad", "Note"), item.note}};
  if (!item.updated.empty())
    facts.push_back({Tr(lang, "Sist oppdatert", "Last updated"), item.updated});
  if (item.moves_total > 0 && item.answer.moves.empty()) {
    facts.push_back({Tr(lang, "Frist flyttet", "Deadline moved"),
                     CountOf(lang, item.moves_total, "gang", "ganger", "time", "times")});
  }
  facts.insert(facts.end(), item.answer_lines.begin(), item.answer_lines.end());
  return facts;
}

void SetAnswerData(const UnitAnswer& answer, const Config& config, data* d) {
  const Language lang = config.language;
  const date::time_zone* zone = config.timezone;
  d->set("comment_by", answer.comment_at ? ActorLabel(answer.comment_actor, lang) : "");
  d->set("comment_at", answer.comment_at ? DayOf(*answer.comment_at, zone) : "");
  if (const auto& a = answer.acknowledgement) {
    data ack;
    ack.set("until", a->until ? FormatNorwegianDate(*a->until) : "");
    ack.set("note", a->note);
    ack.set("by", AcknowledgedBy(*a, lang, config.directory));
    ack.set("at", DayOf(a->at, zone));
    d->set("acknowledgement", ack);
  } else {
    d->set("acknowledgement", false);
  }
  list moves;
  for (const DeadlineMove& m : answer.moves) {
    data move;
    move.set("old", FormatNorwegianDate(m.from));
    move.set("new", FormatNorwegianDate(m.to));
    move.set("reason", m.reason);
    move.set("by", ActorLabel(m.actor, lang));
    move.set("at", DayOf(m.at, zone));
    moves.push_back(move);
  }
  d->set("deadline_moves", moves);
  if (const auto& p = answer.pending_request) {
    data request;
    request.set("new_deadline", FormatNorwegianDate(p->new_deadline));
    request.set("reason", p->reason);
    request.set("by", ActorLabel(p->actor, lang));
    request.set("at", DayOf(p->at, zone));
    d->set("pending_request", request);
  } else {
    d->set("pending_request", false);
  }
  list rows;
  const std::vector<AnswerLine> lines = AnswerLines(answer, lang, config.directory, zone);
  for (const AnswerLine& line : lines) {
    data row;
    row.set("label", line.label);
    row.set("text", line.text);
    rows.push_back(row);
  }
  d->set("answer", rows);
  d->set("answered", !lines.empty());
}

void SetDigestData(const DigestView& view, const Config& config, data* d) {
  list areas;
  for (const DigestAreaView& area : view.areas) {
    list sections;
    for (const DigestSectionView& section : area.sections) {
      list items;
      for (const DigestItemView& item : section.items) {
        data row;
        row.set("id", item.id);
        row.set("measure_title", item.title);
        row.set("responsible", item.responsible);
        row.set("deadline", item.deadline);
        row.set("note", item.note);
        row.set("updated", item.updated);
        row.set("moved", item.moves_total > 0);
        row.set("moves_total", std::to_string(item.moves_total));
        row.set("comment", item.answer.comment);
        SetAnswerData(item.answer, config, &row);
        items.push_back(row);
      }
      data s;
      s.set("name", section.name);
      s.set("title", section.title);
      s.set("items", items);
      sections.push_back(s);
    }
    data a;
    a.set("title", area.title);
    a.set("sections", sections);
    areas.push_back(a);
  }
  d->set("date", view.date);
  d->set("empty", view.empty());
  d->set("areas", areas);
}

}  // namespace fristvakt
