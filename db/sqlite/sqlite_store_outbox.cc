// The outbox (OutboxStore) in SQLite: what the scheduler decides and the dispatcher delivers.
#include "db/sqlite/sqlite_store.h"

#include "db/sqlite/columns.h"
#include "rules/json_text.h"
#include "rules/notification_key.h"

namespace fristvakt {
namespace {

constexpr const char* kOutboxColumns =
    "SELECT key, kind, measure_id, rule, recipient, channel, due_at, state, attempts, "
    "next_attempt_at, last_error, created_at, sent_at, series, occurrence, payload FROM outbox ";

OutboxEntry ReadOutbox(const Statement& st) {
  OutboxEntry o;
  o.key = st.Text(0);
  o.kind = st.Text(1);
  o.measure_id = st.Text(2);
  o.rule = st.Text(3);
  o.recipient = st.Text(4);
  o.channel = st.Text(5);
  o.due_at = FromSeconds(st.Int(6));
  o.state = st.Text(7);
  o.attempts = static_cast<int>(st.Int(8));
  o.next_attempt_at = FromSeconds(st.Int(9));
  o.last_error = st.Text(10);
  o.created_at = FromSeconds(st.Int(11));
  o.sent_at = OptionalMoment(st, 12);
  o.series = st.Text(13);
  o.occurrence = static_cast<int>(st.Int(14));
  o.payload = st.Text(15);
  return o;
}

// A measure's rows are found by the key, which starts with the measure's id (schema 9): the
// primary key's index serves, and no index of its own is written for every row.
constexpr const char* kOfMeasure = "key >= ?1 AND key < ?2 AND measure_id = ?3";

void BindMeasure(Statement& st, std::string_view measure_id) {
  st.Bind(1, NotificationKey::MeasureKeysBegin(measure_id))
      .Bind(2, NotificationKey::KeysEnd(measure_id, measure_id))
      .Bind(3, measure_id);
}

// Adds the occurrence prefix of each key the statement gives (its column 0) that belongs to a
// measure from `first` to `last`, under that measure.
Status AddHandled(Statement& st, std::string_view first, std::string_view last,
                  std::map<std::string, std::set<std::string>>* out) {
  while (st.Step()) {
    std::string key = st.Text(0);
    std::string_view measure = NotificationKey::MeasureOf(key);
    if (measure.empty() || measure < first || measure > last) continue;
    (*out)[std::string(measure)].insert(NotificationKey::OccurrencePrefixOf(key));
  }
  return st.status();
}

}  // namespace

Status SqliteStore::OutboxFor(std::string_view measure_id, std::vector<OutboxEntry>* out) {
  Statement st(*db_, std::string(kOutboxColumns) + "WHERE " + kOfMeasure + " ORDER BY due_at, key");
  BindMeasure(st, measure_id);
  while (st.Step()) out->push_back(ReadOutbox(st));
  return st.status();
}

Status SqliteStore::DueOutbox(Timestamp now, Timestamp after_at, const std::string& after_key,
                              int limit, std::vector<OutboxEntry>* out) {
  Statement st(*db_, std::string(kOutboxColumns) +
                         "WHERE state = 'queued' AND next_attempt_at <= ? "
                         "AND (next_attempt_at, key) > (?, ?) "
                         "ORDER BY next_attempt_at, key LIMIT ?");
  st.Bind(1, Seconds(now)).Bind(2, Seconds(after_at)).Bind(3, after_key);
  st.Bind(4, static_cast<int64_t>(limit));
  while (st.Step()) out->push_back(ReadOutbox(st));
  return st.status();
}

Status SqliteStore::NextAttempt(std::optional<Timestamp>* at) {
  Statement st(*db_, "SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'");
  *at = st.Step() ? OptionalMoment(st, 0) : std::nullopt;
  return st.status();
}

Status SqliteStore::MarkSending(const std::string& key, bool* marked) {
  Statement st(*db_,
               "UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
               "WHERE key = ? AND state = 'queued'");
  st.Bind(1, key);
  Status s = st.Run();
  *marked = s.ok() && db_->Changes() == 1;
  return s;
}

Status SqliteStore::MarkSendingMany(const std::vector<std::string>& keys,
                                    std::vector<std::string>* marked) {
  if (keys.empty()) return Status::Ok();
  // One statement whatever the number of keys: they go in as one JSON array. The unary + keeps
  // the planner on the key: by the state, it would read every queued row for each batch.
  Statement st(*db_,
               "UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
               "WHERE key IN (SELECT value FROM json_each(?)) AND +state = 'queued' RETURNING key");
  st.Bind(1, nlohmann::json(keys).dump());
  while (st.Step()) marked->push_back(st.Text(0));
  return st.status();
}

Status SqliteStore::MarkSentMany(const std::vector<std::pair<std::string, Timestamp>>& sent) {
  if (sent.empty()) return Status::Ok();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [key, at] : sent) rows.push_back({key, Seconds(at)});
  Statement st(*db_,
               "UPDATE outbox SET state = 'sent', sent_at = s.at, last_error = '' "
               "FROM (SELECT value ->> 0 AS key, value ->> 1 AS at FROM json_each(?)) AS s "
               "WHERE outbox.key = s.key");
  st.Bind(1, rows.dump());
  return st.Run();
}

Status SqliteStore::Reschedule(const std::string& key, Timestamp next, const std::string& error) {
  Statement st(*db_,
               "UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error = ? "
               "WHERE key = ? AND state = 'sending'");
  st.Bind(1, Seconds(next)).Bind(2, error).Bind(3, key);
  return st.Run();
}

Status SqliteStore::Unmark(const std::string& key) {
  Statement st(*db_,
               "UPDATE outbox SET state = 'queued', attempts = attempts - 1 "
               "WHERE key = ? AND state = 'sending'");
  st.Bind(1, key);
  return st.Run();
}

Status SqliteStore::MarkDead(const std::string& key, const std::string& error) {
  // A notice dropped while it was in flight stays dropped.
  Statement st(*db_,
               "UPDATE outbox SET state = 'dead', last_error = ? WHERE key = ? "
               "AND state IN ('queued', 'sending')");
  st.Bind(1, error).Bind(2, key);
  return st.Run();
}

Status SqliteStore::RequeueInFlight(int* count) {
  Status s = db_->Exec("UPDATE outbox SET state = 'queued' WHERE state = 'sending'");
  *count = db_->Changes();
  return s;
}

Status SqliteStore::ListOutbox(const std::string& which, std::vector<OutboxEntry>* out) {
  std::string where = "WHERE state IN ('queued', 'sending')";
  if (which == "failed") where = "WHERE state = 'queued' AND attempts > 0";
  if (which == "dead") where = "WHERE state = 'dead'";
  Statement st(*db_, std::string(kOutboxColumns) + where + " ORDER BY next_attempt_at, key");
  while (st.Step()) out->push_back(ReadOutbox(st));
  return st.status();
}

Status SqliteStore::RetryDead(const std::string& key, Timestamp now, int* count) {
  Statement st(*db_,
               "UPDATE outbox SET state = 'queued', next_attempt_at = ?1, due_at = ?1, "
               "attempts = 0 WHERE state = 'dead' AND (?2 = '' OR key = ?2)");
  st.Bind(1, Seconds(now)).Bind(2, key);
  Status s = st.Run();
  *count = db_->Changes();
  return s;
}

Status SqliteStore::HandledOccurrences(std::string_view measure_id, std::set<std::string>* out) {
  std::map<std::string, std::set<std::string>> handled;
  Status s = HandledOccurrencesBetween(measure_id, measure_id, &handled);
  if (auto it = handled.find(std::string(measure_id)); it != handled.end()) {
    out->merge(it->second);
  }
  return s;
}

Status SqliteStore::AllHandledOccurrences(std::map<std::string, std::set<std::string>>* out) {
  Statement st(*db_, "SELECT measure_id, key FROM outbox WHERE measure_id IS NOT NULL");
  while (st.Step()) (*out)[st.Text(0)].insert(NotificationKey::OccurrencePrefixOf(st.Text(1)));
  return st.status();
}

Status SqliteStore::HandledOccurrencesBetween(std::string_view first, std::string_view last,
                                              std::map<std::string, std::set<std::string>>* out) {
  // From the primary key's index alone.
  Statement st(*db_, "SELECT key FROM outbox WHERE key >= ? AND key < ?");
  // One measure's keys start with its id and '/'; a run's with any id from `first` on.
  st.Bind(1, first == last ? NotificationKey::MeasureKeysBegin(first) : std::string(first))
      .Bind(2, NotificationKey::KeysEnd(first, last));
  return AddHandled(st, first, last, out);
}

Status SqliteStore::HandledOccurrencesOf(const std::vector<std::string>& ids,
                                         std::map<std::string, std::set<std::string>>* out) {
  // One statement (one read of the database) for the whole list; for each id one range of the
  // primary key's index, [MeasureKeysBegin(id), KeysEnd(id, id)).
  Statement st(*db_,
               "SELECT ids.value, outbox.key FROM json_each(?) AS ids JOIN outbox "
               "ON outbox.key >= ids.value || '/' AND outbox.key < ids.value || '0'");
  st.Bind(1, nlohmann::json(ids).dump());
  while (st.Step()) {
    std::string id = st.Text(0);
    std::string key = st.Text(1);
    if (NotificationKey::MeasureOf(key) != id) continue;  // a digest's, for a measure "digest"
    (*out)[id].insert(NotificationKey::OccurrencePrefixOf(key));
  }
  return st.status();
}

Status SqliteStore::QueueNotices(const std::vector<Notice>& send, const std::vector<Notice>& drop,
                                 const std::function<nlohmann::json(const Notice&)>& payload,
                                 Timestamp now) {
  Statement st(*db_,
               "INSERT OR IGNORE INTO outbox (key, kind, measure_id, rule, recipient, channel, "
               "series, occurrence, due_at, payload, state, next_attempt_at, last_error, "
               "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto* list : {&send, &drop}) {
    for (const Notice& n : *list) {
      st.Reset();
      st.Bind(1, n.key).Bind(2, NoticeKindName(n.kind));
      if (n.measure_id.empty()) {
        st.BindNull(3);
      } else {
        st.Bind(3, n.measure_id);
      }
      st.Bind(4, n.rule)
          .Bind(5, n.recipient)
          .Bind(6, ChannelName(n.channel))
          .Bind(7, n.series)
          .Bind(8, static_cast<int64_t>(n.occurrence))
          .Bind(9, Seconds(n.at))
          // A notice decided against is never rendered: it needs no payload.
          .Bind(10, list == &send ? JsonText(payload(n)) : std::string("{}"))
          .Bind(11, list == &send ? "queued" : "dropped")
          // A decision's moment, as DropSuperseded records it: the rows of one evaluation sit
          // together at the end of the due index instead of scattered over its years.
          .Bind(12, Seconds(list == &send ? n.at : now))
          .Bind(13, n.reason)
          .Bind(14, Seconds(now));
      if (Status s = st.Run(); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status SqliteStore::DropSuperseded(const Measure& m, const date::time_zone* zone, Timestamp now,
                                   int* dropped) {
  Statement select(*db_, std::string("SELECT key, kind, series FROM outbox WHERE ") + kOfMeasure +
                             " AND state IN ('queued', 'sending')");
  BindMeasure(select, m.id);
  std::vector<std::string> keys;
  const std::string deadline = FormatIsoDate(m.deadline);
  const std::string updated = FormatIsoDate(LocalDate(m.updated_at, zone));
  while (select.Step()) {
    std::string kind = select.Text(1);
    if (!IsTimeKind(kind)) continue;
    std::string current = kind == "stale" ? updated : deadline;
    if (!IsOpen(m.status) || select.Text(2) != current) keys.push_back(select.Text(0));
  }
  if (!select.status().ok()) return select.status();
  Statement update(*db_,
                   "UPDATE outbox SET state = 'dropped', last_error = 'superseded', "
                   "next_attempt_at = ? WHERE key = ? AND state IN ('queued', 'sending')");
  for (const std::string& key : keys) {
    update.Reset();
    update.Bind(1, Seconds(now)).Bind(2, key);
    if (Status s = update.Run(); !s.ok()) return s;
  }
  if (dropped != nullptr) *dropped = static_cast<int>(keys.size());
  return Status::Ok();
}

Status SqliteStore::DropQueued(const std::string& measure_id, const std::vector<std::string>& rules,
                               const std::string& recipient, const std::string& reason,
                               Timestamp now, int* dropped) {
  Statement st(*db_,
               "UPDATE outbox SET state = 'dropped', last_error = ?4, next_attempt_at = ?5 "
               "WHERE key >= ?1 AND key < ?2 AND measure_id = ?3 AND rule = ?6 "
               "AND state IN ('queued', 'sending') AND (?7 = '' OR recipient = ?7)");
  int total = 0;
  for (const std::string& rule : rules) {
    st.Reset();
    BindMeasure(st, measure_id);
    st.Bind(4, reason).Bind(5, Seconds(now)).Bind(6, rule).Bind(7, recipient);
    if (Status s = st.Run(); !s.ok()) return s;
    total += db_->Changes();
  }
  if (dropped != nullptr) *dropped = total;
  return Status::Ok();
}

Status SqliteStore::MarkSent(const std::string& key, Timestamp at) {
  Statement st(*db_,
               "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '' WHERE key = ?");
  st.Bind(1, Seconds(at)).Bind(2, key);
  return st.Run();
}

Status SqliteStore::ForgetOldPayloads(Timestamp before, int* count) {
  Statement st(*db_,
               "UPDATE outbox SET payload = '{}' WHERE state IN ('sent', 'dropped') "
               "AND coalesce(sent_at, created_at) < ? AND payload != '{}'");
  st.Bind(1, Seconds(before));
  Status s = st.Run();
  *count = s.ok() ? db_->Changes() : 0;
  return s;
}

Status SqliteStore::Summarize(OutboxSummary* out) {
  Statement counts(*db_,
                   "SELECT coalesce(sum(state IN ('queued','sending')), 0), "
                   "coalesce(sum(state = 'queued' AND attempts > 0), 0), "
                   "coalesce(sum(state = 'dead'), 0), max(sent_at) FROM outbox");
  if (counts.Step()) {
    out->queued = counts.Int(0);
    out->waiting = counts.Int(1);
    out->dead = counts.Int(2);
    out->last_sent = OptionalMoment(counts, 3);
  }
  if (!counts.status().ok()) return counts.status();
  Statement error(*db_,
                  "SELECT key, last_error FROM outbox WHERE state IN ('queued','dead') "
                  "AND last_error != '' ORDER BY next_attempt_at DESC LIMIT 1");
  if (error.Step()) out->last_error = error.Text(0) + ": " + error.Text(1);
  return error.status();
}

Status SqliteStore::OldestQueued(std::optional<Timestamp>* at) {
  Statement st(*db_, "SELECT min(due_at) FROM outbox WHERE state IN ('queued','sending')");
  *at = st.Step() ? OptionalMoment(st, 0) : std::nullopt;
  return st.status();
}

}  // namespace fristvakt
