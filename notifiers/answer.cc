#include "notifiers/answer.h"

#include "rules/json_text.h"

namespace fristvakt {
namespace {

using nlohmann::json;

std::optional<Timestamp> TimeField(const json& j, const char* key, const date::time_zone* zone) {
  return ParseTimestamp(TextMember(j, key), zone);
}

json Time(Timestamp t, const date::time_zone* zone) { return FormatIsoTimestamp(t, zone); }

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  return out;
}

// " (Hjemmebasert omsorg, 02.03.2026)": who and when, as far as known.
std::string ByWhen(const std::string& by, std::optional<Timestamp> at,
                   const date::time_zone* zone) {
  std::string inner = by;
  if (at) inner += (inner.empty() ? "" : ", ") + FormatNorwegianDate(LocalDate(*at, zone));
  return inner.empty() ? "" : " (" + inner + ")";
}

}  // namespace

void AddAnswerJson(const UnitAnswer& answer, const date::time_zone* zone, json* measure) {
  json& m = *measure;
  m["comment"] = answer.comment;
  m["comment_by"] = answer.comment_at ? json(answer.comment_actor) : json(nullptr);
  m["comment_at"] = answer.comment_at ? Time(*answer.comment_at, zone) : json(nullptr);
  if (const auto& a = answer.acknowledgement) {
    m["acknowledgement"] = {{"at", Time(a->at, zone)},
                            {"by", a->actor},
                            {"unit", a->unit.empty() ? json(nullptr) : json(a->unit)},
                            {"until", a->until ? json(FormatIsoDate(*a->until)) : json(nullptr)},
                            {"note", a->note}};
  } else {
    m["acknowledgement"] = nullptr;
  }
  json moves = json::array();
  for (const DeadlineMove& move : answer.moves) {
    moves.push_back({{"at", Time(move.at, zone)},
                     {"by", move.actor},
                     {"old", FormatIsoDate(move.from)},
                     {"new", FormatIsoDate(move.to)},
                     {"reason", move.reason}});
  }
  m["deadline_moves"] = std::move(moves);
  if (const auto& p = answer.pending_request) {
    m["pending_request"] = {{"at", Time(p->at, zone)},
                            {"by", p->actor},
                            {"new_deadline", FormatIsoDate(p->new_deadline)},
                            {"reason", p->reason}};
  } else {
    m["pending_request"] = nullptr;
  }
}

UnitAnswer AnswerFromJson(const json& m, const date::time_zone* zone) {
  UnitAnswer out;
  if (!m.is_object()) return out;
  out.comment = TextMember(m, "comment");
  out.comment_at = TimeField(m, "comment_at", zone);
  if (out.comment_at) out.comment_actor = TextMember(m, "comment_by");
  if (m.contains("acknowledgement") && m["acknowledgement"].is_object()) {
    const json& a = m["acknowledgement"];
    if (auto at = TimeField(a, "at", zone)) {
      out.acknowledgement =
          RunningAcknowledgement{*at, TextMember(a, "by"), TextMember(a, "unit"),
                                 ParseDate(TextMember(a, "until")), TextMember(a, "note")};
    }
  }
  if (m.contains("deadline_moves") && m["deadline_moves"].is_array()) {
    for (const json& move : m["deadline_moves"]) {
      auto at = TimeField(move, "at", zone);
      auto from = ParseDate(TextMember(move, "old"));
      auto to = ParseDate(TextMember(move, "new"));
      if (at && from && to) {
        out.moves.push_back({*at, TextMember(move, "by"), *from, *to, TextMember(move, "reason")});
      }
    }
  }
  if (m.contains("pending_request") && m["pending_request"].is_object()) {
    const json& p = m["pending_request"];
    auto at = TimeField(p, "at", zone);
    auto to = ParseDate(TextMember(p, "new_deadline"));
    if (at && to) {
      out.pending_request =
          PendingDeadlineRequest{*at, TextMember(p, "by"), *to, TextMember(p, "reason")};
    }
  }
  return out;
}

std::string ActorLabel(const std::string& actor, Language lang) {
  if (actor == "cli")
    return Tr(lang, "administrator (kommandolinjen)", "administrator (command line)");
  if (actor == "import") return Tr(lang, "import av handlingsplanen", "import of the action plan");
  if (actor == "daemon") return "fristvakt";
  if (actor.rfind("api:", 0) == 0) return actor.substr(4);
  return actor;
}

std::string AcknowledgedBy(const RunningAcknowledgement& ack, Language lang,
                           const Directory& directory) {
  if (ack.unit.empty()) return ActorLabel(ack.actor, lang);
  const Recipient* unit = directory.Find(ack.unit);
  return unit ? unit->name : ack.unit;
}

std::vector<AnswerLine> AnswerLines(const UnitAnswer& answer, Language lang,
                                    const Directory& directory, const date::time_zone* zone) {
  std::vector<AnswerLine> out;
  auto quoted = [&](const std::string& s) { return Quote(lang, OneLine(s)); };
  if (!answer.comment.empty()) {
    out.push_back({Tr(lang, "Kommentar", "Comment"),
                   quoted(answer.comment) +
                       ByWhen(answer.comment_at ? ActorLabel(answer.comment_actor, lang) : "",
                              answer.comment_at, zone)});
  }
  if (const auto& a = answer.acknowledgement) {
    const std::string by = AcknowledgedBy(*a, lang, directory);
    std::string text = a->until ? Tr(lang, "til og med ", "until ") + FormatNorwegianDate(*a->until)
                                : Tr(lang, "til fristen eller statusen endres",
                                     "until the deadline or the status changes");
    if (!a->note.empty()) text += ": " + quoted(a->note);
    out.push_back({Tr(lang, "Kvittert", "Acknowledged"), text + ByWhen(by, a->at, zone)});
  }
  if (const auto& p = answer.pending_request) {
    std::string text = FormatNorwegianDate(p->new_deadline);
    if (!p->reason.empty()) text += ": " + quoted(p->reason);
    text += ByWhen(ActorLabel(p->actor, lang), p->at, zone) +
            Tr(lang, ", venter på svar", ", awaiting a decision");
    out.push_back({Tr(lang, "Ber om ny frist", "Asks for a new deadline"), text});
  }
  for (const DeadlineMove& move : answer.moves) {
    std::string text = FormatNorwegianDate(move.from) + " → " + FormatNorwegianDate(move.to);
    if (!move.reason.empty()) text += ": " + quoted(move.reason);
    out.push_back({Tr(lang, "Frist flyttet", "Deadline moved"),
                   text + ByWhen(ActorLabel(move.actor, lang), move.at, zone)});
  }
  return out;
}

}  // namespace fristvakt
