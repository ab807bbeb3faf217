#include "daemon/cli/measure_commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <ostream>

#include "daemon/cli/table.h"
#include "db/export.h"
#include "db/measure_changes.h"
#include "db/plan_import.h"
#include "notifiers/templates.h"
#include "rules/calendar.h"
#include "rules/classify.h"
#include "rules/json_text.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

using nlohmann::json;

PlanContext MakePlanContext(const CommandContext& ctx) {
  return {&ctx.config.rules, &ctx.config.directory, ctx.zone(), ctx.lang()};
}

Status NoSuchMeasure(const CommandContext& ctx, const std::string& id) {
  return Status::BadInput(Tr(ctx.lang(), "finner ikke tiltaket ", "no such measure ") +
                          Quote(ctx.lang(), id));
}

// "om 14 dager", "i dag", "3 dager over fristen" for an open measure; empty for a closed one.
std::string DeadlineNote(const CommandContext& ctx, const Measure& m) {
  if (!IsOpen(m.status)) return {};
  int days = static_cast<int>((m.deadline - ctx.Today()).count());
  const Language lang = ctx.lang();
  if (days == 0) return Tr(lang, "frist i dag", "due today");
  if (days > 0) {
    return Tr(lang, "om ", "in ") + std::to_string(days) +
           (days == 1 ? Tr(lang, " dag", " day") : Tr(lang, " dager", " days"));
  }
  return std::to_string(-days) + (days == -1 ? Tr(lang, " dag over fristen", " day overdue")
                                             : Tr(lang, " dager over fristen", " days overdue"));
}

std::string EventText(const CommandContext& ctx, const Event& e) {
  const Language lang = ctx.lang();
  auto text = [&](const char* key) { return TextMember(e.data, key); };
  auto date = [&](const char* key) {
    auto d = ParseDate(text(key));
    return d ? FormatNorwegianDate(*d) : text(key);
  };
  auto status = [&](const char* key) {
    auto s = ParseMeasureStatus(text(key));
    return s ? std::string(MeasureStatusLabel(*s, lang)) : text(key);
  };
  if (e.kind == "created") {
    return Tr(lang, "opprettet", "created") +
           (text("file").empty() ? ""
                                 : Tr(lang, " ved import av ", " by import of ") + text("file"));
  }
  if (e.kind == "deadline_moved") {
    return Tr(lang, "frist flyttet ", "deadline moved ") + date("old") + " → " + date("new") +
           ": " + text("reason");
  }
  if (e.kind == "status_changed") {
    return Tr(lang, "status ", "status ") + status("old") + " → " + status("new");
  }
  if (e.kind == "deadline_move_requested") {
    return Tr(lang, "ny frist ønsket ", "new deadline requested ") + date("old") + " → " +
           date("new") + ": " + text("reason");
  }
  if (e.kind == "deadline_move_approved" || e.kind == "deadline_move_rejected") {
    std::string out = (e.kind == "deadline_move_approved"
                           ? Tr(lang, "ønsket frist godkjent ", "requested deadline approved ")
                           : Tr(lang, "ønsket frist avslått ", "requested deadline rejected ")) +
                      date("new");
    if (!text("note").empty()) out += ": " + text("note");
    return out;
  }
  if (e.kind == "acknowledged") {
    std::string out = Tr(lang, "kvittert", "acknowledged");
    if (!text("until").empty()) out += Tr(lang, " til ", " until ") + date("until");
    if (!text("note").empty()) out += ": " + text("note");
    return out;
  }
  if (e.kind == "updated" && e.data.contains("changes")) {
    // The fields by the names the plan's columns have.
    static const std::map<std::string, const char*> kNorwegian = {
        {"title", "tiltak"},         {"focus_area", "satsningsområde"},
        {"responsible", "ansvar"},   {"progress", "fremdrift"},
        {"comment", "kommentar"},    {"description", "beskrivelse"},
        {"plan", "handlingsplan"},   {"priority", "prioritet"},
        {"tags", "stikkord"},        {"owner", "eier"},
        {"updated_at", "oppdatert"}, {"deadline", "frist"},
        {"status", "status"}};
    std::string out = Tr(lang, "endret", "changed");
    for (const auto& [field, values] : e.data["changes"].items()) {
      auto nb = kNorwegian.find(field);
      out += " " + (lang != Language::kEn && nb != kNorwegian.end()
                        ? Tr(lang, nb->second, field.c_str())
                        : field);
      if (field == "progress") {
        out += " " + JsonText(values[0]) + " → " + JsonText(values[1]);
      }
      out += ",";
    }
    out.pop_back();
    return out;
  }
  return e.kind;
}

std::string RecipientName(const CommandContext& ctx, const std::string& id) {
  const Recipient* r = ctx.config.directory.Find(id);
  return r ? r->name : id;
}

std::string AreaTitle(const CommandContext& ctx, const std::string& id) {
  const FocusArea* a = ctx.config.rules.FindArea(id);
  return a ? a->title : id;
}

}  // namespace

Status CheckCommand(CommandContext& ctx, const std::string& plan) {
  const Config& c = ctx.config;
  const Language lang = ctx.lang();
  {
    Diagnostics diag;
    Templates templates;
    Templates::Load(c.templates_path, lang, &templates, &diag);
    CheckRuleTemplates(c.rules, templates, &diag);
    *ctx.err << diag.ToString();
    if (diag.has_errors()) return Status::BadInput("");
  }
  if (!plan.empty()) {
    Diagnostics diag;
    PlanFile file;
    ReadPlan(plan, MakePlanContext(ctx), &file, &diag);
    *ctx.err << diag.ToString();
    if (diag.has_errors()) return Status::BadInput("");
    *ctx.out << plan << ": " << file.rows.size()
             << Tr(lang, " tiltak, ingen feil\n", " measures, no problems\n");
  }
  auto n = [](size_t count) { return static_cast<int64_t>(count); };
  *ctx.out << "OK: "
           << CountOf(lang, n(c.rules.areas.size()), "satsningsområde", "satsningsområder",
                      "focus area", "focus areas")
           << ", " << CountOf(lang, c.rules.rule_count, "regel", "regler", "rule", "rules") << ", "
           << CountOf(lang, n(c.directory.units().size()), "enhet", "enheter", "unit", "units")
           << ", "
           << CountOf(lang, n(c.directory.groups().size()), "gruppe", "grupper", "group", "groups")
           << ", "
           << CountOf(lang, n(c.digests.size()), "sammendrag", "sammendrag", "digest", "digests")
           << "\n";
  return Status::Ok();
}

Status ExportCommand(CommandContext& ctx, const std::string& format, const std::string& output) {
  const Language lang = ctx.lang();
  std::vector<Measure> measures;
  if (Status s = ctx.store->AllMeasures(&measures); !s.ok()) return s;
  std::sort(measures.begin(), measures.end(),
            [](const Measure& a, const Measure& b) { return NaturalLess(a.id, b.id); });
  // Written whole to a file beside the target, then renamed: never half a file.
  auto write = [&](const std::function<Status(const std::string&)>& to) -> Status {
    if (output.empty()) {
      char name[] = "/tmp/fristvakt-export-XXXXXX";
      const int fd = mkstemp(name);
      if (fd < 0)
        return Status::Unavailable(
            Tr(lang, "kan ikke lage en midlertidig fil", "cannot make a temporary file"));
      close(fd);
      Status s = to(name);
      if (s.ok()) {
        std::ifstream in(name, std::ios::binary);
        *ctx.out << in.rdbuf();
      }
      std::remove(name);
      return s;
    }
    const std::string part = output + ".part";
    if (Status s = to(part); !s.ok()) {
      std::remove(part.c_str());
      return s;
    }
    if (std::rename(part.c_str(), output.c_str()) != 0) {
      std::remove(part.c_str());
      return Status::Unavailable(Tr(lang, "kan ikke skrive ", "cannot write ") + output);
    }
    return Status::Ok();
  };
  if (format == "xlsx") {
    if (output.empty() && ctx.out == &std::cout && isatty(STDOUT_FILENO)) {
      return Status::Usage(Tr(lang, "en arbeidsbok skrives ikke til terminalen: bruk --output FIL",
                              "a workbook is not written to the terminal: use --output FILE"));
    }
    std::map<std::string, MeasureNotes> notes;
    if (Status s =
            CollectNotes(ctx.store.get(), measures, ctx.clock->Now(), ctx.zone(), lang, &notes);
        !s.ok()) {
      return s;
    }
    return write([&](const std::string& path) {
      return WriteWorkbook(path, measures, notes, lang, ctx.zone());
    });
  }
  const std::string text =
      format == "json" ? ExportJson(measures, ctx.zone()) : ExportCsv(measures, lang, ctx.zone());
  if (output.empty()) {
    *ctx.out << text;
    return Status::Ok();
  }
  return write([&](const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    return out ? Status::Ok()
               : Status::Unavailable(Tr(lang, "kan ikke skrive ", "cannot write ") + output);
  });
}

Status ListCommand(CommandContext& ctx, const ListOptions& options) {
  const Language lang = ctx.lang();
  const Date today = ctx.Today();
  std::string area_id;
  if (!options.area.empty()) {
    const FocusArea* area = ctx.config.rules.FindArea(options.area);
    if (area == nullptr) {
      return Status::BadInput(Tr(lang, "ukjent satsningsområde ", "unknown focus area ") +
                              Quote(lang, options.area));
    }
    area_id = area->id;
  }
  std::string unit_id;
  if (!options.unit.empty()) {
    const Recipient* unit = ctx.config.directory.FindUnit(options.unit);
    if (unit == nullptr) {
      return Status::BadInput(Tr(lang, "ukjent enhet ", "unknown unit ") +
                              Quote(lang, options.unit));
    }
    unit_id = unit->id;
  }
  // --due-within sets the due-soon window for this listing; staleness is not asked.
  Thresholds thresholds = kDefaultThresholds;
  if (!options.due_within.empty()) {
    auto d = ParseDuration(options.due_within);
    if (!d) {
      return Status::Usage("--due-within: " + Quote(lang, options.due_within) +
                           Tr(lang, " er ikke en varighet som 14d, 2w eller 10wd",
                              " is not a duration such as 14d, 2w or 10wd"));
    }
    thresholds.due_soon = *d;
  }
  const Classifier classifier(today, thresholds, Calendar(ctx.config.calendar), ctx.zone());
  std::vector<Measure> all;
  if (Status s = ctx.store->AllMeasures(&all); !s.ok()) return s;
  std::vector<Measure> shown;
  for (Measure& m : all) {
    if (!area_id.empty() && m.focus_area != area_id) continue;
    if (!unit_id.empty() && m.responsible != unit_id) continue;
    const Standing standing = classifier.Classify(m).standing;
    if (options.overdue && standing != Standing::kOverdue) continue;
    if (!options.due_within.empty() && standing != Standing::kDueSoon) continue;
    shown.push_back(std::move(m));
  }
  std::sort(shown.begin(), shown.end(), [](const Measure& a, const Measure& b) {
    return a.deadline != b.deadline ? a.deadline < b.deadline : NaturalLess(a.id, b.id);
  });
  if (options.json) {
    json out = json::array();
    for (const Measure& m : shown) out.push_back(MeasureToJson(m, ctx.zone()));
    *ctx.out << JsonText(out, 2) << "\n";
    return Status::Ok();
  }
  Table table({Tr(lang, "Nr", "Id"), Tr(lang, "Satsningsområde", "Focus area"),
               Tr(lang, "Tiltak", "Measure"), Tr(lang, "Ansvar", "Responsible"),
               Tr(lang, "Frist", "Deadline"), Tr(lang, "Status", "Status"),
               Tr(lang, "Fremdrift", "Progress"), Tr(lang, "Merknad", "Note")});
  for (const Measure& m : shown) {
    table.AddRow({m.id, Ellipsize(AreaTitle(ctx, m.focus_area), 20), Ellipsize(m.title, 48),
                  Ellipsize(RecipientName(ctx, m.responsible), 28), FormatNorwegianDate(m.deadline),
                  MeasureStatusLabel(m.status, lang), std::to_string(m.progress) + " %",
                  DeadlineNote(ctx, m)});
  }
  *ctx.out << table.ToString()
           << CountOf(lang, static_cast<int64_t>(shown.size()), "tiltak", "tiltak", "measure",
                      "measures")
           << "\n";
  return Status::Ok();
}

Status ShowCommand(CommandContext& ctx, const std::string& id) {
  const Language lang = ctx.lang();
  std::optional<Measure> found;
  if (Status s = ctx.store->GetMeasure(id, &found); !s.ok()) return s;
  if (!found) return NoSuchMeasure(ctx, id);
  const Measure& m = *found;
  std::vector<Event> events;
  std::vector<OutboxEntry> notices;
  std::vector<Acknowledgement> acks;
  if (Status s = ctx.store->EventsFor(id, &events); !s.ok()) return s;
  if (Status s = ctx.store->OutboxFor(id, &notices); !s.ok()) return s;
  if (Status s = ctx.store->AcknowledgementsFor(id, &acks); !s.ok()) return s;
  std::ostream& out = *ctx.out;
  auto field = [&](const std::string& name, const std::string& value) {
    if (value.empty()) return;
    std::string label = name + ":";
    out << "  " << label << std::string(label.size() < 17 ? 17 - DisplayWidth(label) : 1, ' ')
        << value << "\n";
  };
  out << m.id << "  " << m.title << "\n";
  field(Tr(lang, "Satsningsområde", "Focus area"),
        AreaTitle(ctx, m.focus_area) + " (" + m.focus_area + ")");
  field(Tr(lang, "Ansvar", "Responsible"),
        RecipientName(ctx, m.responsible) + " (" + m.responsible + ")");
  std::string note = DeadlineNote(ctx, m);
  field(Tr(lang, "Frist", "Deadline"),
        FormatNorwegianDate(m.deadline) + (note.empty() ? "" : " (" + note + ")"));
  field(Tr(lang, "Status", "Status"),
        std::string(MeasureStatusLabel(m.status, lang)) + ", " + std::to_string(m.progress) + " %");
  field(Tr(lang, "Oppdatert", "Updated"), FormatNorwegianTimestamp(m.updated_at, ctx.zone()));
  field(Tr(lang, "Handlingsplan", "Plan"), m.plan);
  field(Tr(lang, "Prioritet", "Priority"), m.priority);
  field(Tr(lang, "Eier", "Owner"), m.owner);
  std::string tags;
  for (const std::string& t : m.tags) tags += (tags.empty() ? "" : ", ") + t;
  field(Tr(lang, "Stikkord", "Tags"), tags);
  field(Tr(lang, "Beskrivelse", "Description"), m.description);
  field(Tr(lang, "Kommentar", "Comment"), m.comment);
  out << "\n" << Tr(lang, "Hendelser:\n", "Events:\n");
  for (const Event& e : events) {
    out << "  " << FormatNorwegianTimestamp(e.at, ctx.zone()) << "  " << EventText(ctx, e)
        << (e.actor.empty() ? "" : "  [" + e.actor + "]") << "\n";
  }
  out << "\n" << Tr(lang, "Varsler:\n", "Notifications:\n");
  if (notices.empty()) out << Tr(lang, "  (ingen)\n", "  (none)\n");
  for (const OutboxEntry& n : notices) {
    out << "  " << FormatNorwegianTimestamp(n.due_at, ctx.zone()) << "  "
        << OutboxStateLabel(n.state, lang) << "  " << n.key << "\n";
  }
  return Status::Ok();
}

Status SetCommand(CommandContext& ctx, const std::string& id, const SetOptions& options) {
  const Language lang = ctx.lang();
  if (!options.status && !options.progress && !options.deadline && !options.comment) {
    return Status::Usage(Tr(lang,
                            "set: ingenting å endre; gi --status, --progress, --deadline eller "
                            "--comment",
                            "set: nothing to change; give --status, --progress, --deadline or "
                            "--comment"));
  }
  if (options.deadline && Trim(options.reason.value_or("")).empty()) {
    return Status::Usage(Tr(lang, "set: en ny frist trenger en begrunnelse (--reason TEKST)",
                            "set: a new deadline needs a reason (--reason TEXT)"));
  }
  if (options.reason && !options.deadline) {
    return Status::Usage(Tr(lang, "set: --reason hører sammen med --deadline",
                            "set: --reason goes with --deadline"));
  }
  MeasureChange change{options.status, options.progress, options.deadline, options.reason,
                       options.comment};
  int events = 0;
  Status s = ChangeMeasure(ctx.store.get(), id, change, "cli", ctx.clock->Now(), lang, &events);
  if (!s.ok())
    return s.code() == Status::Code::kBadInput ? Status::BadInput("--" + s.message()) : s;
  if (events == 0) {
    *ctx.out << id << Tr(lang, ": ingen endring\n", ": nothing changed\n");
  } else {
    *ctx.out << id << Tr(lang, ": lagret (", ": saved (")
             << CountOf(lang, events, "hendelse", "hendelser", "event", "events") << ")\n";
  }
  return Status::Ok();
}

Status AckCommand(CommandContext& ctx, const std::string& id,
                  const std::optional<std::string>& until, const std::string& note) {
  const Language lang = ctx.lang();
  Status s = AcknowledgeMeasure(ctx.store.get(), id, until, note, "cli", AckScope{},
                                ctx.clock->Now(), ctx.Today(), lang);
  if (!s.ok())
    return s.code() == Status::Code::kBadInput ? Status::BadInput("--" + s.message()) : s;
  *ctx.out << id << Tr(lang, ": kvittert", ": acknowledged");
  if (until) *ctx.out << Tr(lang, " til ", " until ") << FormatNorwegianDate(*ParseDate(*until));
  *ctx.out << "\n";
  return Status::Ok();
}

}  // namespace fristvakt
