#include "db/plan_import.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "db/plan_csv.h"
#include "db/plan_xlsx.h"
#include "rules/text.h"
#include "rules/yaml_reader.h"

namespace fristvakt {
namespace {

using Field = PlanField;

struct FieldInfo {
  Field field;
  const char* nb;  // the Norwegian header name, for messages
  const char* en;
  std::vector<const char*> names;  // every accepted header, case-folded, nynorsk's too
};

const std::vector<FieldInfo>& Fields() {
  static const std::vector<FieldInfo> kFields = {
      {Field::kId, "nr", "id", {"id", "nr", "nr."}},
      {Field::kFocusArea,
       "satsningsområde",
       "focus_area",
       {"satsningsområde", "satsingsområde", "focus_area", "focus area"}},
      {Field::kTitle, "tiltak", "title", {"tiltak", "title"}},
      {Field::kResponsible, "ansvar", "responsible", {"ansvar", "responsible"}},
      {Field::kDeadline, "frist", "deadline", {"frist", "deadline"}},
      {Field::kStatus, "status", "status", {"status"}},
      {Field::kProgress, "fremdrift", "progress", {"fremdrift", "framdrift", "progress"}},
      {Field::kUpdatedAt, "oppdatert", "updated", {"oppdatert", "updated", "updated_at"}},
      {Field::kDescription,
       "beskrivelse",
       "description",
       {"beskrivelse", "skildring", "description"}},
      {Field::kPlan, "handlingsplan", "plan", {"handlingsplan", "plan"}},
      {Field::kPriority, "prioritet", "priority", {"prioritet", "priority"}},
      {Field::kComment, "kommentar", "comment", {"kommentar", "comment"}},
      {Field::kTags, "stikkord", "tags", {"stikkord", "tags"}},
      {Field::kOwner, "eier", "owner", {"eier", "eigar", "owner"}},
  };
  return kFields;
}

std::optional<Field> FieldFor(std::string_view header) {
  std::string folded = FoldCase(Trim(header));
  for (const FieldInfo& info : Fields()) {
    for (const char* name : info.names) {
      if (folded == name) return info.field;
    }
  }
  return std::nullopt;
}

const FieldInfo& Info(Field f) { return Fields()[static_cast<size_t>(f)]; }

using Cell = PlanCell;
using Row = PlanCells;

// Turns one row's text into a measure, reporting every problem with its line.
class RowReader {
 public:
  RowReader(const std::string& path, const PlanContext& ctx, Diagnostics* diag)
      : path_(path), ctx_(ctx), diag_(diag) {}

  std::optional<PlanRow> Read(const Row& row, int line) {
    line_ = line;
    ok_ = true;
    PlanRow out;
    out.line = line;
    Measure& m = out.measure;
    m.id = Required(row, Field::kId);
    // An id is part of every notification key, whose parts '/' separates.
    if (m.id.find_first_of("/\r\n\t") != std::string::npos) {
      Problem(row, Field::kId,
              Tr(ctx_.language, "nr «", "id '") + m.id +
                  Tr(ctx_.language, "» kan ikke inneholde / eller linjeskift",
                     "' cannot hold / or a line break"));
    }
    m.title = Required(row, Field::kTitle);
    std::string area = Required(row, Field::kFocusArea);
    if (!area.empty()) {
      if (const FocusArea* a = ctx_.rules->FindArea(area)) {
        m.focus_area = a->id;
      } else {
        Problem(row, Field::kFocusArea,
                Tr(ctx_.language, "ukjent satsningsområde «", "unknown focus area '") + area +
                    Tr(ctx_.language, "»", "'"));
      }
    }
    std::string unit = Required(row, Field::kResponsible);
    if (!unit.empty()) {
      if (const Recipient* r = ctx_.directory->FindUnit(unit)) {
        m.responsible = r->id;
      } else {
        Problem(row, Field::kResponsible,
                Tr(ctx_.language, "ukjent enhet «", "unknown unit '") + unit +
                    Tr(ctx_.language, "»", "'"));
      }
    }
    std::string deadline = Required(row, Field::kDeadline);
    if (!deadline.empty()) {
      if (auto d = ParseDate(deadline)) {
        m.deadline = *d;
      } else {
        Problem(row, Field::kDeadline, BadDate(Field::kDeadline, deadline));
      }
    }
    if (std::string status = Text(row, Field::kStatus); !status.empty()) {
      if (auto s = ParseMeasureStatus(status)) {
        m.status = *s;
      } else {
        Problem(row, Field::kStatus,
                Tr(ctx_.language, "ukjent status «", "unknown status '") + status +
                    Tr(ctx_.language, "» (bruk planlagt, pågår, fullført eller avbrutt)",
                       "' (use planned, in_progress, done or cancelled)"));
      }
    }
    if (std::string progress = Text(row, Field::kProgress); !progress.empty()) {
      ReadProgress(row, progress, &m.progress);
    }
    if (std::string updated = Text(row, Field::kUpdatedAt); !updated.empty()) {
      if (auto t = ParseTimestamp(updated, ctx_.zone)) {
        m.updated_at = *t;
        out.has_updated_at = true;
      } else {
        Problem(row, Field::kUpdatedAt, BadDate(Field::kUpdatedAt, updated));
      }
    }
    m.description = Text(row, Field::kDescription);
    m.plan = Text(row, Field::kPlan);
    m.priority = Text(row, Field::kPriority);
    m.comment = Text(row, Field::kComment);
    m.owner = Text(row, Field::kOwner);
    m.tags = SplitList(Text(row, Field::kTags), ',');
    out.stated.reset();
    for (const auto& [field, cell] : row) out.stated.set(static_cast<size_t>(field));
    if (!ok_) return std::nullopt;
    return out;
  }

 private:
  std::string Name(Field f) const { return Tr(ctx_.language, Info(f).nb, Info(f).en); }

  static std::string Text(const Row& row, Field f) {
    auto it = row.find(f);
    return it == row.end() ? std::string() : Trim(it->second.text);
  }

  std::string Required(const Row& row, Field f) {
    std::string value = Text(row, f);
    if (value.empty()) {
      Problem(row, f, Tr(ctx_.language, "mangler ", "missing ") + Name(f));
    }
    return value;
  }

  std::string BadDate(Field f, const std::string& text) const {
    return Tr(ctx_.language, "ugyldig dato «", "invalid date '") + text +
           Tr(ctx_.language, "» i ", "' in ") + Name(f) +
           Tr(ctx_.language, " (skriv dd.mm.åååå eller åååå-mm-dd)",
              " (write dd.mm.yyyy or yyyy-mm-dd)");
  }

  void ReadProgress(const Row& row, const std::string& text, int* out) {
    std::string digits;
    for (char c : text) {
      if (c != ' ' && c != '%') digits.push_back(c);
    }
    // Excel may put a no-break space between the number and the per cent sign.
    for (size_t pos; (pos = digits.find("\xC2\xA0")) != std::string::npos;) digits.erase(pos, 2);
    bool numeric = !digits.empty() && digits.size() <= 3 &&
                   digits.find_first_not_of("0123456789") == std::string::npos;
    int value = numeric ? std::stoi(digits) : -1;
    if (value < 0 || value > 100) {
      Problem(row, Field::kProgress,
              Name(Field::kProgress) + " «" + text +
                  Tr(ctx_.language, "» må være et helt tall fra 0 til 100",
                     "» must be a whole number from 0 to 100"));
      return;
    }
    *out = value;
  }

  void Problem(const Row& row, Field f, std::string message) {
    auto it = row.find(f);
    if (it != row.end() && !it->second.where.empty()) {
      diag_->Error(PlanCellPosition(path_, it->second), std::move(message));
    } else {
      int line = (it != row.end() && it->second.line > 0) ? it->second.line : line_;
      diag_->Error({path_, line, 0}, std::move(message));
    }
    ok_ = false;
  }

  const std::string& path_;
  const PlanContext& ctx_;
  Diagnostics* diag_;
  int line_ = 0;
  bool ok_ = true;
};

}  // namespace

std::optional<PlanField> PlanFieldFor(std::string_view header) { return FieldFor(header); }

std::string PlanFieldName(PlanField f, Language lang) { return Tr(lang, Info(f).nb, Info(f).en); }

std::string NulInPlanMessage(Language lang) {
  return Tr(lang, "filen har et NUL-tegn; er det et regneark i et annet format?",
            "the file holds a NUL byte; is it a spreadsheet in another format?");
}

std::string BomInPlanMessage(Language lang) {
  return Tr(lang, "et byte order mark (BOM) midt i filen; er to filer slått sammen?",
            "a byte order mark (BOM) inside the file; were two files joined?");
}

void ReadPlanColumns(const std::vector<std::string>& names, const Position& where,
                     const PlanContext& ctx, Diagnostics* problems,
                     std::map<size_t, PlanField>* columns) {
  std::set<PlanField> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string name = Trim(names[i]);
    if (name.empty()) continue;
    auto field = PlanFieldFor(name);
    if (!field) {
      const std::string ours = "(fristvakt)";
      if (name.size() > ours.size() &&
          name.compare(name.size() - ours.size(), ours.size(), ours) == 0) {
        continue;
      }
      problems->Warning(where, Tr(ctx.language, "ukjent kolonne «", "unknown column '") + name +
                                   Tr(ctx.language, "» blir ikke lest", "' is ignored"));
    } else if (!seen.insert(*field).second) {
      problems->Error(where, Tr(ctx.language, "kolonnen «", "the column '") + name +
                                 Tr(ctx.language, "» finnes to ganger", "' appears twice"));
    } else {
      (*columns)[i] = *field;
    }
  }
  for (PlanField f : {PlanField::kId, PlanField::kFocusArea, PlanField::kTitle,
                      PlanField::kResponsible, PlanField::kDeadline}) {
    if (seen.count(f) == 0) {
      problems->Error(where, Tr(ctx.language, "mangler kolonnen «", "missing the column '") +
                                 PlanFieldName(f, ctx.language) + Tr(ctx.language, "»", "'"));
    }
  }
}

void AppendPlanDiagnostics(const Diagnostics& from, Diagnostics* to) {
  for (const Diagnostic& d : from.items()) {
    if (d.warning) {
      to->Warning(d.where, d.message);
    } else {
      to->Error(d.where, d.message);
    }
  }
}

bool CheckPlanCellLength(const std::string& path, const PlanCell& cell, const PlanContext& ctx,
                         Diagnostics* diag) {
  if (cell.text.size() <= kLongestPlanField) return true;
  diag->Error(PlanCellPosition(path, cell), Tr(ctx.language, "et felt har over 10 000 tegn",
                                               "a field has over 10,000 characters"));
  return false;
}

namespace {

// The line (from 1) that byte `at` of `text` is on.
int LineAt(const std::string& text, size_t at) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

// NUL bytes and byte order marks have no place inside a plan: they come from files glued
// together or from another program's binary output. `from` skips a leading mark.
bool CheckPlainText(const std::string& path, const std::string& text, size_t from,
                    const PlanContext& ctx, Diagnostics* diag) {
  if (size_t at = text.find('\0', from); at != std::string::npos) {
    diag->Error({path, LineAt(text, at), 0}, NulInPlanMessage(ctx.language));
    return false;
  }
  if (size_t at = text.find("\xEF\xBB\xBF", from); at != std::string::npos) {
    diag->Error({path, LineAt(text, at), 0}, BomInPlanMessage(ctx.language));
    return false;
  }
  return true;
}

// Turns rows into measures one at a time: their values are read (RowReader) and an id named
// twice is an error. Keeps the measures only while no problem has been found anywhere, since
// a plan with one is not imported.
class MeasureCollector {
 public:
  MeasureCollector(const std::string& path, const PlanContext& ctx, PlanFile* out,
                   Diagnostics* diag)
      : path_(path), ctx_(ctx), out_(out), diag_(diag), reader_(path, ctx, diag) {}

  // `keep`: whether the measure may be kept (no problem found elsewhere so far).
  void Add(const Row& row, int line, bool keep) {
    auto parsed = reader_.Read(row, line);
    if (!parsed) return;
    auto [it, inserted] = first_line_.emplace(parsed->measure.id, line);
    if (!inserted) {
      diag_->Error({path_, line, 0},
                   Tr(ctx_.language, "nr «", "id '") + parsed->measure.id +
                       Tr(ctx_.language, "» står også på linje ", "' is also on line ") +
                       std::to_string(it->second));
      return;
    }
    if (keep && !diag_->has_errors()) out_->rows.push_back(std::move(*parsed));
  }

 private:
  const std::string& path_;
  const PlanContext& ctx_;
  PlanFile* out_;
  Diagnostics* diag_;
  RowReader reader_;
  std::map<std::string, int> first_line_;
};

void ReadYamlRows(const std::string& path, const std::string& text, const PlanContext& ctx,
                  std::vector<std::pair<Row, int>>* rows, Diagnostics* diag) {
  if (!CheckPlainText(path, text, text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0, ctx, diag)) return;
  YAML::Node root;
  if (!ParseYaml(path, text, &root, diag)) return;
  MapReader top(path, root, "a plan", diag);
  if (!top.valid()) return;
  YAML::Node measures = top.Get("measures");
  top.Finish();
  if (!measures.IsSequence()) {
    diag->Error(top.PositionOf("measures"), "'measures' must be a list");
    return;
  }
  for (const auto& item : measures) {
    Position where = PositionOf(path, item);
    if (!item.IsMap()) {
      diag->Error(where, "each measure must be a mapping of fields to values");
      continue;
    }
    Row row;
    for (const auto& kv : item) {
      std::string key = kv.first.Scalar();
      Position key_at = PositionOf(path, kv.first);
      auto field = FieldFor(key);
      if (!field) {
        diag->Error(key_at, Tr(ctx.language, "ukjent felt «", "unknown field '") + key +
                                Tr(ctx.language, "»", "'"));
        continue;
      }
      if (row.count(*field) > 0) {
        diag->Error(key_at, Tr(ctx.language, "feltet «", "the field '") + key +
                                Tr(ctx.language, "» står to ganger", "' appears twice"));
        continue;
      }
      Cell cell{"", key_at.line};
      if (kv.second.IsSequence() && *field == Field::kTags) {
        for (const auto& tag : kv.second)
          cell.text += (cell.text.empty() ? "" : ",") + tag.Scalar();
      } else if (auto text = ScalarText(path, kv.second, "'" + key + "'", diag)) {
        cell.text = *text;
      }
      CheckPlanCellLength(path, cell, ctx, diag);
      row[*field] = cell;
    }
    rows->push_back({std::move(row), where.line});
  }
}

}  // namespace

void ReadPlan(const std::string& path, const PlanContext& ctx, PlanFile* out, Diagnostics* diag) {
  std::string extension = FoldCase(std::filesystem::path(path).extension().string());
  if (extension == ".xlsx" || extension == ".xlsm" || !ctx.sheet.empty()) {
    Diagnostics values;
    MeasureCollector measures(path, ctx, out, &values);
    ReadWorkbookPlan(
        path, ctx, diag, &values,
        [&measures](const PlanCells& row, int line, bool keep) { measures.Add(row, line, keep); });
    if (diag->has_errors()) out->rows.clear();
    return;
  }
  if (extension != ".yaml" && extension != ".yml") {
    Diagnostics values;
    MeasureCollector measures(path, ctx, out, &values);
    ReadCsvPlan(
        path, ctx, out, diag, &values,
        [&measures](const PlanCells& row, int line, bool keep) { measures.Add(row, line, keep); });
    if (diag->has_errors()) out->rows.clear();
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || in.bad()) {
    diag->Error({path, 0, 0}, Tr(ctx.language, "kan ikke lese filen", "cannot read the file"));
    return;
  }
  std::vector<std::pair<Row, int>> rows;
  ReadYamlRows(path, std::move(bytes).str(), ctx, &rows, diag);
  MeasureCollector measures(path, ctx, out, diag);
  for (const auto& [row, line] : rows) measures.Add(row, line, true);
  if (diag->has_errors()) out->rows.clear();
}

}  // namespace fristvakt
