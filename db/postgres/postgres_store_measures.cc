// Measures, their events and acknowledgements (MeasureStore) in PostgreSQL.
#include "db/postgres/postgres_store.h"

#include "db/change_events.h"
#include "rules/json_text.h"

namespace fristvakt {
namespace {

using nlohmann::json;

constexpr const char* kMeasureColumns =
    "id, focus_area, title, responsible, deadline, status, progress, updated_at, description, "
    "plan, priority, tags, owner, comment";

Measure ReadMeasure(const pqxx::row& row) {
  Measure m;
  m.id = PgText(row[0]);
  m.focus_area = PgText(row[1]);
  m.title = PgText(row[2]);
  m.responsible = PgText(row[3]);
  m.deadline = ParseDate(PgText(row[4])).value_or(Date{});
  m.status = ParseMeasureStatus(PgText(row[5])).value_or(MeasureStatus::kPlanned);
  m.progress = row[6].as<int>();
  m.updated_at = PgMoment(row[7]);
  m.description = PgText(row[8]);
  m.plan = PgText(row[9]);
  m.priority = PgText(row[10]);
  json tags = json::parse(PgText(row[11]), nullptr, false);
  if (tags.is_array()) {
    for (const auto& t : tags) {
      if (t.is_string()) m.tags.push_back(t.get<std::string>());
    }
  }
  m.owner = PgText(row[12]);
  m.comment = PgText(row[13]);
  return m;
}

// SELECT a stored measure's columns (kMeasureColumns, then when it became known) FROM measures.
std::string SelectMeasures() {
  return std::string("SELECT ") + kMeasureColumns + ", created_at FROM measures";
}

// A row of SelectMeasures.
Measure ReadStoredMeasure(const pqxx::row& row) {
  Measure m = ReadMeasure(row);
  m.known_since = PgMoment(row[14]);
  return m;
}

// Runs `sql` with a measure's columns as $1..$14 (in kMeasureColumns' order), then `more`.
template <typename... More>
Status RunWithMeasure(PgConnection& conn, const std::string& sql, const Measure& m,
                      const char* updated_at, More&&... more) {
  return conn.Run(sql, nullptr, m.id, m.focus_area, m.title, m.responsible,
                  FormatIsoDate(m.deadline), std::string(MeasureStatusName(m.status)),
                  static_cast<int64_t>(m.progress), updated_at, m.description, m.plan, m.priority,
                  JsonText(json(m.tags)), m.owner, m.comment, std::forward<More>(more)...);
}

constexpr const char* kAckColumns =
    "SELECT id, measure_id, at, until, note, actor, deadline, status, unit FROM acknowledgements";

Acknowledgement ReadAcknowledgement(const pqxx::row& row) {
  Acknowledgement a;
  a.id = row[0].as<int64_t>();
  a.measure_id = PgText(row[1]);
  a.at = PgMoment(row[2]);
  if (!row[3].is_null()) a.until = ParseDate(PgText(row[3]));
  a.note = PgText(row[4]);
  a.actor = PgText(row[5]);
  a.deadline = ParseDate(PgText(row[6])).value_or(Date{});
  a.status = ParseMeasureStatus(PgText(row[7])).value_or(MeasureStatus::kPlanned);
  a.unit = PgText(row[8]);
  return a;
}

constexpr const char* kEventColumns = "SELECT seq, at, measure_id, kind, actor, data FROM events ";

Event ReadEvent(const pqxx::row& row) {
  Event e;
  e.seq = row[0].as<int64_t>();
  e.at = PgMoment(row[1]);
  e.measure_id = PgText(row[2]);
  e.kind = PgText(row[3]);
  e.actor = PgText(row[4]);
  e.data = json::parse(PgText(row[5]), nullptr, false);
  if (e.data.is_discarded()) e.data = json::object();
  return e;
}

}  // namespace

Status PostgresStore::GetMeasure(std::string_view id, std::optional<Measure>* out) {
  pqxx::result r;
  Status s = conn_->Run(SelectMeasures() + " WHERE id = $1", &r, std::string(id));
  if (s.ok() && !r.empty()) {
    *out = ReadStoredMeasure(r[0]);
  } else {
    out->reset();
  }
  return s;
}

Status PostgresStore::AllMeasures(std::vector<Measure>* out) {
  pqxx::result r;
  Status s = conn_->Run(SelectMeasures() + " ORDER BY id", &r);
  for (const auto& row : r) out->push_back(ReadStoredMeasure(row));
  return s;
}

Status PostgresStore::MeasuresAfter(std::string_view after_id, int limit,
                                    std::vector<Measure>* out) {
  pqxx::result r;
  Status s = conn_->Run(SelectMeasures() + " WHERE id > $1 ORDER BY id LIMIT $2", &r,
                        std::string(after_id), static_cast<int64_t>(limit));
  for (const auto& row : r) out->push_back(ReadStoredMeasure(row));
  return s;
}

Status PostgresStore::OpenMeasuresAfter(std::string_view area, std::string_view after_id, int limit,
                                        std::vector<Measure>* out) {
  static_assert(std::size(kOpenStatuses) == 2);
  pqxx::result r;
  Status s =
      conn_->Run(SelectMeasures() + " WHERE " + (area.empty() ? "$1 = ''" : "focus_area = $1") +
                     " AND id > $2 AND status IN ($4, $5) ORDER BY id LIMIT $3",
                 &r, std::string(area), std::string(after_id), static_cast<int64_t>(limit),
                 std::string(MeasureStatusName(kOpenStatuses[0])),
                 std::string(MeasureStatusName(kOpenStatuses[1])));
  out->resize(r.size());
  for (size_t i = 0; i < r.size(); ++i) (*out)[i] = ReadStoredMeasure(r[i]);
  return s;
}

Status PostgresStore::InsertMeasure(const Measure& m, Timestamp now, const std::string& actor,
                                    const json& data) {
  std::string updated_at = std::to_string(PgSeconds(m.updated_at));
  if (Status s = RunWithMeasure(
          *conn_,
          std::string("INSERT INTO measures (") + kMeasureColumns +
              ", created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)",
          m, updated_at.c_str(), PgSeconds(now));
      !s.ok()) {
    return s;
  }
  Event e{0, now, m.id, "created", actor, data};
  return AppendEvent(&e);
}

Status PostgresStore::SaveChange(const Measure& before, const Measure& after, Timestamp now,
                                 const std::string& actor, const std::string& reason, int* events) {
  std::vector<Event> written = ChangeEvents(before, after, now, actor, reason);
  if (events != nullptr) *events = static_cast<int>(written.size());
  if (written.empty()) return Status::Ok();

  std::string updated_at = std::to_string(PgSeconds(after.updated_at));
  if (Status s = RunWithMeasure(
          *conn_,
          "UPDATE measures SET focus_area = $2, title = $3, responsible = $4, deadline = $5, "
          "status = $6, progress = $7, updated_at = $8, description = $9, plan = $10, "
          "priority = $11, tags = $12, owner = $13, comment = $14 WHERE id = $1",
          after, updated_at.c_str());
      !s.ok()) {
    return s;
  }
  for (Event& e : written) {
    if (Status s = AppendEvent(&e); !s.ok()) return s;
  }
  return Status::Ok();
}

Status PostgresStore::GetImportBase(std::string_view id, std::optional<ImportBase>* out) {
  // The same columns as a measure's, in the same order, so that ReadMeasure reads them.
  pqxx::result r;
  Status s = conn_->Run(
      "SELECT measure_id, focus_area, title, responsible, deadline, status, progress, "
      "coalesce(updated_at, 0), description, plan, priority, tags, owner, comment, "
      "updated_at IS NOT NULL FROM import_bases WHERE measure_id = $1",
      &r, std::string(id));
  if (s.ok() && !r.empty()) {
    *out = ImportBase{ReadMeasure(r[0]), r[0][14].as<bool>()};
  } else {
    out->reset();
  }
  return s;
}

Status PostgresStore::SaveImportBase(const ImportBase& base) {
  std::string updated_at = std::to_string(PgSeconds(base.values.updated_at));
  return RunWithMeasure(
      *conn_,
      "INSERT INTO import_bases (measure_id, focus_area, title, responsible, deadline, status, "
      "progress, updated_at, description, plan, priority, tags, owner, comment) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (measure_id) DO "
      "UPDATE SET focus_area = excluded.focus_area, title = excluded.title, "
      "responsible = excluded.responsible, deadline = excluded.deadline, "
      "status = excluded.status, progress = excluded.progress, "
      "updated_at = excluded.updated_at, description = excluded.description, "
      "plan = excluded.plan, priority = excluded.priority, tags = excluded.tags, "
      "owner = excluded.owner, comment = excluded.comment",
      base.values, base.has_updated_at ? updated_at.c_str() : nullptr);
}

Status PostgresStore::AppendEvent(Event* e) {
  pqxx::result r;
  std::optional<std::string> measure;
  if (!e->measure_id.empty()) measure = e->measure_id;
  Status s = conn_->Run(
      "INSERT INTO events (at, measure_id, kind, actor, data) VALUES ($1,$2,$3,$4,$5) "
      "RETURNING seq",
      &r, PgSeconds(e->at), PgOrNull(measure), e->kind, e->actor, JsonText(e->data));
  if (!s.ok()) return s;
  e->seq = r[0][0].as<int64_t>();
  return Status::Ok();
}

Status PostgresStore::EventsFor(std::string_view measure_id, std::vector<Event>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kEventColumns) + "WHERE measure_id = $1 ORDER BY seq", &r,
                        std::string(measure_id));
  for (const auto& row : r) out->push_back(ReadEvent(row));
  return s;
}

Status PostgresStore::EventsAfter(int64_t after, int limit, std::vector<Event>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kEventColumns) + "WHERE seq > $1 ORDER BY seq LIMIT $2", &r,
                        after, static_cast<int64_t>(limit));
  for (const auto& row : r) out->push_back(ReadEvent(row));
  return s;
}

Status PostgresStore::Acknowledge(const Acknowledgement& ack) {
  std::optional<std::string> until;
  if (ack.until) until = FormatIsoDate(*ack.until);
  if (Status s = conn_->Run(
          "INSERT INTO acknowledgements (measure_id, at, until, note, actor, deadline, status, "
          "unit) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
          nullptr, ack.measure_id, PgSeconds(ack.at), PgOrNull(until), ack.note, ack.actor,
          FormatIsoDate(ack.deadline), std::string(MeasureStatusName(ack.status)), ack.unit);
      !s.ok()) {
    return s;
  }
  json data = {{"note", ack.note}};
  if (!ack.unit.empty()) data["unit"] = ack.unit;
  data["until"] = ack.until ? json(FormatIsoDate(*ack.until)) : json(nullptr);
  Event e{0, ack.at, ack.measure_id, "acknowledged", ack.actor, data};
  return AppendEvent(&e);
}

Status PostgresStore::AcknowledgementsFor(std::string_view measure_id,
                                          std::vector<Acknowledgement>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kAckColumns) + " WHERE measure_id = $1 ORDER BY at, id", &r,
                        std::string(measure_id));
  for (const auto& row : r) out->push_back(ReadAcknowledgement(row));
  return s;
}

Status PostgresStore::AllAcknowledgements(
    std::map<std::string, std::vector<Acknowledgement>>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kAckColumns) + " ORDER BY measure_id, at, id", &r);
  for (const auto& row : r) {
    Acknowledgement a = ReadAcknowledgement(row);
    (*out)[a.measure_id].push_back(std::move(a));
  }
  return s;
}

Status PostgresStore::AcknowledgementsBetween(
    std::string_view first, std::string_view last,
    std::map<std::string, std::vector<Acknowledgement>>* out) {
  pqxx::result r;
  Status s = conn_->Run(
      std::string(kAckColumns) + " WHERE measure_id BETWEEN $1 AND $2 ORDER BY measure_id, at, id",
      &r, std::string(first), std::string(last));
  for (const auto& row : r) {
    Acknowledgement a = ReadAcknowledgement(row);
    (*out)[a.measure_id].push_back(std::move(a));
  }
  return s;
}

Status PostgresStore::AcknowledgementsOf(const std::vector<std::string>& ids,
                                         std::map<std::string, std::vector<Acknowledgement>>* out) {
  pqxx::result r;
  Status s =
      conn_->Run(std::string(kAckColumns) +
                     " WHERE measure_id = ANY (ARRAY(SELECT jsonb_array_elements_text($1::jsonb))) "
                     "ORDER BY measure_id, at, id",
                 &r, json(ids).dump());
  for (const auto& row : r) {
    Acknowledgement a = ReadAcknowledgement(row);
    (*out)[a.measure_id].push_back(std::move(a));
  }
  return s;
}

Status PostgresStore::MaxEventSeq(int64_t* out) {
  pqxx::result r;
  Status s = conn_->Run("SELECT coalesce(max(seq), 0) FROM events", &r);
  *out = s.ok() && !r.empty() ? r[0][0].as<int64_t>() : 0;
  return s;
}

Status PostgresStore::EventsOfKindSince(std::string_view kind, Timestamp since,
                                        std::vector<Event>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kEventColumns) + "WHERE kind = $1 AND at > $2 ORDER BY seq", &r,
                        std::string(kind), PgSeconds(since));
  for (const auto& row : r) out->push_back(ReadEvent(row));
  return s;
}

}  // namespace fristvakt
