#include "db/export.h"

#include "db/csv.h"
#include "rules/json_text.h"
#include "rules/text.h"

namespace fristvakt {

nlohmann::json MeasureToJson(const Measure& m, const date::time_zone* zone) {
  return {{"id", m.id},
          {"focus_area", m.focus_area},
          {"title", m.title},
          {"responsible", m.responsible},
          {"deadline", FormatIsoDate(m.deadline)},
          {"status", MeasureStatusName(m.status)},
          {"progress", m.progress},
          {"updated_at", FormatIsoTimestamp(m.updated_at, zone)},
          {"description", m.description},
          {"plan", m.plan},
          {"priority", m.priority},
          {"tags", m.tags},
          {"owner", m.owner},
          {"comment", m.comment}};
}

std::string ExportJson(const std::vector<Measure>& measures, const date::time_zone* zone) {
  nlohmann::json out = nlohmann::json::array();
  for (const Measure& m : measures) out.push_back(MeasureToJson(m, zone));
  return JsonText(out, 2) + "\n";
}

std::vector<std::string> ExportHeader(Language lang) {
  std::string line = Tr(lang,
                        "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Fremdrift;Oppdatert;"
                        "Beskrivelse;Handlingsplan;Prioritet;Stikkord;Eier;Kommentar\r\n",
                        "id;focus_area;title;responsible;deadline;status;progress;updated;"
                        "description;plan;priority;tags;owner;comment\r\n");
  line.resize(line.size() - 2);
  return SplitList(line, ';');
}

std::string ExportCsv(const std::vector<Measure>& measures, Language lang,
                      const date::time_zone* zone) {
  constexpr char kSep = ';';
  // Norwegian (nb or nn): the plan's own column names, dates and status words, as Excel shows them.
  const bool norwegian = lang != Language::kEn;
  std::string out = "\xEF\xBB\xBF";
  for (const std::string& name : ExportHeader(lang)) {
    out += (out.size() > 3 ? ";" : "") + name;
  }
  out += "\r\n";
  for (const Measure& m : measures) {
    std::string tags;
    for (const std::string& t : m.tags) tags += (tags.empty() ? "" : ", ") + t;
    const std::string fields[] = {
        m.id,
        m.focus_area,
        m.title,
        m.responsible,
        norwegian ? FormatNorwegianDate(m.deadline) : FormatIsoDate(m.deadline),
        norwegian ? MeasureStatusLabel(m.status, lang) : MeasureStatusName(m.status),
        std::to_string(m.progress),
        FormatIsoTimestamp(m.updated_at, zone),
        m.description,
        m.plan,
        m.priority,
        tags,
        m.owner,
        m.comment};
    bool first = true;
    for (const std::string& f : fields) {
      if (!first) out.push_back(kSep);
      out += CsvField(f, kSep);
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

Status CollectNotes(Store* store, const std::vector<Measure>& measures, Timestamp now,
                    const date::time_zone* zone, Language lang,
                    std::map<std::string, MeasureNotes>* out) {
  std::vector<DeadlineRequest> pending;
  if (Status s = store->PendingRequests(&pending); !s.ok()) return s;
  for (const DeadlineRequest& r : pending) {
    (*out)[r.measure].pending_request = FormatNorwegianDate(r.new_deadline) + ": " + r.reason;
  }
  std::map<std::string, std::vector<Acknowledgement>> acks;
  if (Status s = store->AllAcknowledgements(&acks); !s.ok()) return s;
  const Date today = LocalDate(now, zone);
  for (const Measure& m : measures) {
    auto it = acks.find(m.id);
    if (it == acks.end()) continue;
    for (auto a = it->second.rbegin(); a != it->second.rend(); ++a) {
      if (!a->InForce(m, now, today)) continue;
      std::string text = a->until ? Tr(lang, "til ", "until ") + FormatNorwegianDate(*a->until)
                                  : Tr(lang, "til fristen endres", "until the deadline changes");
      if (!a->note.empty()) text += ": " + a->note;
      (*out)[m.id].acknowledgement = text;
      break;
    }
  }
  // The latest answer through a link: its day, who, and the comment as it stands.
  for (const Measure& m : measures) {
    std::vector<Event> events;
    if (Status s = store->EventsFor(m.id, &events); !s.ok()) return s;
    for (auto e = events.rbegin(); e != events.rend(); ++e) {
      if (e->actor.find("(via link)") == std::string::npos) continue;
      std::string text = FormatNorwegianDate(LocalDate(e->at, zone)) + ", " + e->actor;
      if (!m.comment.empty()) text += ": " + m.comment;
      (*out)[m.id].last_answer = text;
      break;
    }
  }
  return Status::Ok();
}

}  // namespace fristvakt
