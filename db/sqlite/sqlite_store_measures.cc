// Measures, their events and acknowledgements (MeasureStore) in SQLite.
#include "db/sqlite/sqlite_store.h"

#include "db/change_events.h"
#include "db/sqlite/columns.h"
#include "rules/json_text.h"

namespace fristvakt {
namespace {

using nlohmann::json;

constexpr const char* kMeasureColumns =
    "id, focus_area, title, responsible, deadline, status, progress, updated_at, description, "
    "plan, priority, tags, owner, comment";

// A row's columns (kMeasureColumns) into `m`, every one of them: a measure read into it before
// leaves nothing behind, and its texts' storage is used again (a page of measures is read into
// the same objects as the page before; bench/RESULTS.md, 2026-12-06, eleventh session).
void ReadMeasureInto(const Statement& st, Measure* m) {
  m->id.assign(st.TextView(0));
  m->focus_area.assign(st.TextView(1));
  m->title.assign(st.TextView(2));
  m->responsible.assign(st.TextView(3));
  m->deadline = ParseDate(st.TextView(4)).value_or(Date{});
  m->status = ParseMeasureStatus(st.TextView(5)).value_or(MeasureStatus::kPlanned);
  m->progress = static_cast<int>(st.Int(6));
  m->updated_at = FromSeconds(st.Int(7));
  m->description.assign(st.TextView(8));
  m->plan.assign(st.TextView(9));
  m->priority.assign(st.TextView(10));
  // Most measures have none: "[]" is not parsed (a first start or a reload reads every one).
  m->tags.clear();
  const std::string_view tag_text = st.TextView(11);
  json tags = tag_text == "[]" ? json() : json::parse(tag_text, nullptr, false);
  if (tags.is_array()) {
    for (const auto& t : tags) {
      if (t.is_string()) m->tags.push_back(t.get<std::string>());
    }
  }
  m->owner.assign(st.TextView(12));
  m->comment.assign(st.TextView(13));
  m->known_since = Timestamp{};
}

Measure ReadMeasure(const Statement& st) {
  Measure m;
  ReadMeasureInto(st, &m);
  return m;
}

// SELECT a stored measure's columns (kMeasureColumns, then when it became known) FROM measures.
std::string SelectMeasures() {
  return std::string("SELECT ") + kMeasureColumns + ", created_at FROM measures";
}

// A row of SelectMeasures.
void ReadStoredMeasureInto(const Statement& st, Measure* m) {
  ReadMeasureInto(st, m);
  m->known_since = FromSeconds(st.Int(14));
}

Measure ReadStoredMeasure(const Statement& st) {
  Measure m;
  ReadStoredMeasureInto(st, &m);
  return m;
}

void BindMeasure(Statement& st, const Measure& m) {
  st.Bind(1, m.id)
      .Bind(2, m.focus_area)
      .Bind(3, m.title)
      .Bind(4, m.responsible)
      .Bind(5, FormatIsoDate(m.deadline))
      .Bind(6, MeasureStatusName(m.status))
      .Bind(7, static_cast<int64_t>(m.progress))
      .Bind(8, Seconds(m.updated_at))
      .Bind(9, m.description)
      .Bind(10, m.plan)
      .Bind(11, m.priority)
      .Bind(12, JsonText(json(m.tags)))
      .Bind(13, m.owner)
      .Bind(14, m.comment);
}

constexpr const char* kAckColumns =
    "SELECT id, measure_id, at, until, note, actor, deadline, status, unit FROM acknowledgements";

Acknowledgement ReadAcknowledgement(const Statement& st) {
  Acknowledgement a;
  a.id = st.Int(0);
  a.measure_id = st.Text(1);
  a.at = FromSeconds(st.Int(2));
  if (!st.IsNull(3)) a.until = ParseDate(st.Text(3));
  a.note = st.Text(4);
  a.actor = st.Text(5);
  a.deadline = ParseDate(st.Text(6)).value_or(Date{});
  a.status = ParseMeasureStatus(st.Text(7)).value_or(MeasureStatus::kPlanned);
  a.unit = st.Text(8);
  return a;
}

Event ReadEvent(const Statement& st) {
  Event e;
  e.seq = st.Int(0);
  e.at = FromSeconds(st.Int(1));
  e.measure_id = st.Text(2);
  e.kind = st.Text(3);
  e.actor = st.Text(4);
  e.data = json::parse(st.Text(5), nullptr, false);
  if (e.data.is_discarded()) e.data = json::object();
  return e;
}

}  // namespace

Status SqliteStore::GetMeasure(std::string_view id, std::optional<Measure>* out) {
  Statement st(*db_, SelectMeasures() + " WHERE id = ?");
  st.Bind(1, id);
  if (st.Step()) {
    *out = ReadStoredMeasure(st);
  } else {
    out->reset();
  }
  return st.status();
}

Status SqliteStore::AllMeasures(std::vector<Measure>* out) {
  Statement st(*db_, SelectMeasures() + " ORDER BY id");
  while (st.Step()) out->push_back(ReadStoredMeasure(st));
  return st.status();
}

Status SqliteStore::MeasuresAfter(std::string_view after_id, int limit, std::vector<Measure>* out) {
  Statement st(*db_, SelectMeasures() + " WHERE id > ? ORDER BY id LIMIT ?");
  st.Bind(1, after_id).Bind(2, static_cast<int64_t>(limit));
  while (st.Step()) out->push_back(ReadStoredMeasure(st));
  return st.status();
}

Status SqliteStore::OpenMeasuresAfter(std::string_view area, std::string_view after_id, int limit,
                                      std::vector<Measure>* out) {
  static_assert(std::size(kOpenStatuses) == 2);
  Statement st(*db_, SelectMeasures() + " WHERE " + (area.empty() ? "?1 = ''" : "focus_area = ?1") +
                         " AND id > ?2 AND status IN (?4, ?5) ORDER BY id LIMIT ?3");
  st.Bind(1, area).Bind(2, after_id).Bind(3, static_cast<int64_t>(limit));
  st.Bind(4, MeasureStatusName(kOpenStatuses[0])).Bind(5, MeasureStatusName(kOpenStatuses[1]));
  size_t n = 0;
  while (st.Step()) {
    if (n == out->size()) out->emplace_back();
    ReadStoredMeasureInto(st, &(*out)[n++]);
  }
  out->resize(n);
  return st.status();
}

Status SqliteStore::InsertMeasure(const Measure& m, Timestamp now, const std::string& actor,
                                  const json& data) {
  Statement st(*db_, std::string("INSERT INTO measures (") + kMeasureColumns +
                         ", created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BindMeasure(st, m);
  st.Bind(15, Seconds(now));
  if (Status s = st.Run(); !s.ok()) return s;
  Event e{0, now, m.id, "created", actor, data};
  return AppendEvent(&e);
}

Status SqliteStore::SaveChange(const Measure& before, const Measure& after, Timestamp now,
                               const std::string& actor, const std::string& reason, int* events) {
  std::vector<Event> written = ChangeEvents(before, after, now, actor, reason);
  if (events != nullptr) *events = static_cast<int>(written.size());
  if (written.empty()) return Status::Ok();

  Statement st(*db_,
               "UPDATE measures SET id = ?1, focus_area = ?2, title = ?3, responsible = ?4, "
               "deadline = ?5, status = ?6, progress = ?7, updated_at = ?8, description = ?9, "
               "plan = ?10, priority = ?11, tags = ?12, owner = ?13, comment = ?14 "
               "WHERE id = ?1");
  BindMeasure(st, after);
  if (Status s = st.Run(); !s.ok()) return s;
  for (Event& e : written) {
    if (Status s = AppendEvent(&e); !s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::GetImportBase(std::string_view id, std::optional<ImportBase>* out) {
  // The same columns as a measure's, in the same order, so that ReadMeasure reads them.
  Statement st(*db_,
               "SELECT measure_id, focus_area, title, responsible, deadline, status, progress, "
               "coalesce(updated_at, 0), description, plan, priority, tags, owner, comment, "
               "updated_at IS NOT NULL FROM import_bases WHERE measure_id = ?");
  st.Bind(1, id);
  if (st.Step()) {
    *out = ImportBase{ReadMeasure(st), st.Int(14) != 0};
  } else {
    out->reset();
  }
  return st.status();
}

Status SqliteStore::SaveImportBase(const ImportBase& base) {
  Statement st(*db_,
               "INSERT OR REPLACE INTO import_bases (measure_id, focus_area, title, responsible, "
               "deadline, status, progress, updated_at, description, plan, priority, tags, owner, "
               "comment) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BindMeasure(st, base.values);
  if (!base.has_updated_at) st.BindNull(8);
  return st.Run();
}

Status SqliteStore::AppendEvent(Event* e) {
  Statement st(*db_, "INSERT INTO events (at, measure_id, kind, actor, data) VALUES (?,?,?,?,?)");
  st.Bind(1, Seconds(e->at));
  if (e->measure_id.empty()) {
    st.BindNull(2);
  } else {
    st.Bind(2, e->measure_id);
  }
  st.Bind(3, e->kind).Bind(4, e->actor).Bind(5, JsonText(e->data));
  if (Status s = st.Run(); !s.ok()) return s;
  e->seq = db_->LastInsertRowId();
  return Status::Ok();
}

Status SqliteStore::EventsFor(std::string_view measure_id, std::vector<Event>* out) {
  Statement st(*db_,
               "SELECT seq, at, measure_id, kind, actor, data FROM events WHERE measure_id = ? "
               "ORDER BY seq");
  st.Bind(1, measure_id);
  while (st.Step()) out->push_back(ReadEvent(st));
  return st.status();
}

Status SqliteStore::EventsAfter(int64_t after, int limit, std::vector<Event>* out) {
  Statement st(*db_,
               "SELECT seq, at, measure_id, kind, actor, data FROM events WHERE seq > ? "
               "ORDER BY seq LIMIT ?");
  st.Bind(1, after).Bind(2, static_cast<int64_t>(limit));
  while (st.Step()) out->push_back(ReadEvent(st));
  return st.status();
}

Status SqliteStore::Acknowledge(const Acknowledgement& ack) {
  Statement st(
      *db_,
      "INSERT INTO acknowledgements (measure_id, at, until, note, actor, deadline, status, unit) "
      "VALUES (?,?,?,?,?,?,?,?)");
  st.Bind(1, ack.measure_id)
      .Bind(2, Seconds(ack.at))
      .BindOptional(
          3, ack.until ? std::optional<std::string>(FormatIsoDate(*ack.until)) : std::nullopt)
      .Bind(4, ack.note)
      .Bind(5, ack.actor)
      .Bind(6, FormatIsoDate(ack.deadline))
      .Bind(7, MeasureStatusName(ack.status))
      .Bind(8, ack.unit);
  if (Status s = st.Run(); !s.ok()) return s;
  json data = {{"note", ack.note}};
  if (!ack.unit.empty()) data["unit"] = ack.unit;
  data["until"] = ack.until ? json(FormatIsoDate(*ack.until)) : json(nullptr);
  Event e{0, ack.at, ack.measure_id, "acknowledged", ack.actor, data};
  return AppendEvent(&e);
}

Status SqliteStore::AcknowledgementsFor(std::string_view measure_id,
                                        std::vector<Acknowledgement>* out) {
  Statement st(*db_, std::string(kAckColumns) + " WHERE measure_id = ? ORDER BY at, id");
  st.Bind(1, measure_id);
  while (st.Step()) out->push_back(ReadAcknowledgement(st));
  return st.status();
}

Status SqliteStore::AllAcknowledgements(std::map<std::string, std::vector<Acknowledgement>>* out) {
  Statement st(*db_, std::string(kAckColumns) + " ORDER BY measure_id, at, id");
  while (st.Step()) {
    Acknowledgement a = ReadAcknowledgement(st);
    (*out)[a.measure_id].push_back(std::move(a));
  }
  return st.status();
}

Status SqliteStore::AcknowledgementsBetween(
    std::string_view first, std::string_view last,
    std::map<std::string, std::vector<Acknowledgement>>* out) {
  Statement st(*db_, std::string(kAckColumns) +
                         " WHERE measure_id BETWEEN ? AND ? ORDER BY measure_id, at, id");
  st.Bind(1, first).Bind(2, last);
  while (st.Step()) {
    Acknowledgement a = ReadAcknowledgement(st);
    (*out)[a.measure_id].push_back(std::move(a));
  }
  return st.status();
}

Status SqliteStore::AcknowledgementsOf(const std::vector<std::string>& ids,
                                       std::map<std::string, std::vector<Acknowledgement>>* out) {
  Statement st(*db_, std::string(kAckColumns) +
                         " WHERE measure_id IN (SELECT value FROM json_each(?)) "
                         "ORDER BY measure_id, at, id");
  st.Bind(1, json(ids).dump());
  while (st.Step()) {
    Acknowledgement a = ReadAcknowledgement(st);
    (*out)[a.measure_id].push_back(std::move(a));
  }
  return st.status();
}

Status SqliteStore::MaxEventSeq(int64_t* out) {
  Statement st(*db_, "SELECT coalesce(max(seq), 0) FROM events");
  *out = st.Step() ? st.Int(0) : 0;
  return st.status();
}

Status SqliteStore::EventsOfKindSince(std::string_view kind, Timestamp since,
                                      std::vector<Event>* out) {
  Statement st(
      *db_,
      "SELECT seq, at, measure_id, kind, actor, data FROM events WHERE kind = ? AND at > ? "
      "ORDER BY seq");
  st.Bind(1, kind).Bind(2, Seconds(since));
  while (st.Step()) out->push_back(ReadEvent(st));
  return st.status();
}

}  // namespace fristvakt
