// The outbox (OutboxStore) in PostgreSQL: what the scheduler decides and the dispatcher
// delivers.
#include "db/postgres/postgres_store.h"

#include "rules/json_text.h"
#include "rules/notification_key.h"

namespace fristvakt {
namespace {

constexpr const char* kOutboxColumns =
    "SELECT key, kind, measure_id, rule, recipient, channel, due_at, state, attempts, "
    "next_attempt_at, last_error, created_at, sent_at, series, occurrence, payload FROM outbox ";

OutboxEntry ReadOutbox(const pqxx::row& row) {
  OutboxEntry o;
  o.key = PgText(row[0]);
  o.kind = PgText(row[1]);
  o.measure_id = PgText(row[2]);
  o.rule = PgText(row[3]);
  o.recipient = PgText(row[4]);
  o.channel = PgText(row[5]);
  o.due_at = PgMoment(row[6]);
  o.state = PgText(row[7]);
  o.attempts = row[8].as<int>();
  o.next_attempt_at = PgMoment(row[9]);
  o.last_error = PgText(row[10]);
  o.created_at = PgMoment(row[11]);
  o.sent_at = PgOptionalMoment(row[12]);
  o.series = PgText(row[13]);
  o.occurrence = row[14].as<int>();
  o.payload = PgText(row[15]);
  return o;
}

void ReadAll(const pqxx::result& r, std::vector<OutboxEntry>* out) {
  for (const auto& row : r) out->push_back(ReadOutbox(row));
}

// With a lease taken through this store (fence_holder_), a notice is marked only while the lease
// is still this daemon's, in the same statement: once a standby has taken over, this daemon
// starts no send, and the standby sends what this one left "sending" (LeaseStore::TakeLease).
constexpr const char* kWhileLeaseHeld =
    " AND ($2 = '' OR EXISTS (SELECT 1 FROM daemon_lease WHERE holder = $2 "
    "AND expires >= extract(epoch FROM clock_timestamp())))";

}  // namespace

Status PostgresStore::OutboxFor(std::string_view measure_id, std::vector<OutboxEntry>* out) {
  pqxx::result r;
  Status s = conn_->Run(std::string(kOutboxColumns) + "WHERE measure_id = $1 ORDER BY due_at, key",
                        &r, std::string(measure_id));
  ReadAll(r, out);
  return s;
}

Status PostgresStore::DueOutbox(Timestamp now, Timestamp after_at, const std::string& after_key,
                                int limit, std::vector<OutboxEntry>* out) {
  pqxx::result r;
  Status s =
      conn_->Run(std::string(kOutboxColumns) +
                     "WHERE state = 'queued' AND next_attempt_at <= $1 "
                     "AND (next_attempt_at, key) > ($2, $3) "
                     "ORDER BY next_attempt_at, key LIMIT $4",
                 &r, PgSeconds(now), PgSeconds(after_at), after_key, static_cast<int64_t>(limit));
  ReadAll(r, out);
  return s;
}

Status PostgresStore::NextAttempt(std::optional<Timestamp>* at) {
  pqxx::result r;
  Status s = conn_->Run("SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'", &r);
  *at = s.ok() && !r.empty() ? PgOptionalMoment(r[0][0]) : std::nullopt;
  return s;
}

Status PostgresStore::MarkSending(const std::string& key, bool* marked) {
  pqxx::result r;
  Status s = conn_->Run(std::string("UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
                                    "WHERE key = $1 AND state = 'queued'") +
                            kWhileLeaseHeld,
                        &r, key, fence_holder_);
  *marked = s.ok() && r.affected_rows() == 1;
  if (s.ok() && !*marked) s = CheckFence();
  return s;
}

Status PostgresStore::MarkSendingMany(const std::vector<std::string>& keys,
                                      std::vector<std::string>* marked) {
  if (keys.empty()) return Status::Ok();
  // One statement whatever the number of keys: they go in as one JSON array, made an array once
  // so that each key is looked up in the primary key. The state is compared as an expression so
  // that the planner does not also read every queued row through outbox_due and intersect
  // the two (as it did on a table not yet analyzed: 2.6 ms a batch, most of the dispatch's time).
  pqxx::result r;
  Status s = conn_->Run(std::string("UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
                                    "WHERE key = ANY (ARRAY(SELECT "
                                    "jsonb_array_elements_text($1::jsonb))) "
                                    "AND state || '' = 'queued'") +
                            kWhileLeaseHeld + " RETURNING key",
                        &r, nlohmann::json(keys).dump(), fence_holder_);
  for (const auto& row : r) marked->push_back(PgText(row[0]));
  if (s.ok() && r.empty()) s = CheckFence();
  return s;
}

Status PostgresStore::MarkSentMany(const std::vector<std::pair<std::string, Timestamp>>& sent) {
  if (sent.empty()) return Status::Ok();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [key, at] : sent) rows.push_back({key, PgSeconds(at)});
  return conn_->Run(
      "UPDATE outbox SET state = 'sent', sent_at = (s.value ->> 1)::bigint, last_error = '' "
      "FROM jsonb_array_elements($1::jsonb) AS s WHERE outbox.key = s.value ->> 0",
      nullptr, rows.dump());
}

Status PostgresStore::Reschedule(const std::string& key, Timestamp next, const std::string& error) {
  return conn_->Run(
      "UPDATE outbox SET state = 'queued', next_attempt_at = $1, last_error = $2 "
      "WHERE key = $3 AND state = 'sending'",
      nullptr, PgSeconds(next), error, key);
}

Status PostgresStore::Unmark(const std::string& key) {
  // Not by a daemon that lost the lease: the active one put what was "sending" back in the queue
  // when it took over, and may be sending it now. Nothing changed and the lease ran out: say so,
  // and the dispatcher tries again (or the daemon stops).
  pqxx::result r;
  Status s = conn_->Run(std::string("UPDATE outbox SET state = 'queued', attempts = attempts - 1 "
                                    "WHERE key = $1 AND state = 'sending'") +
                            kWhileLeaseHeld,
                        &r, key, fence_holder_);
  if (s.ok() && r.affected_rows() == 0) s = CheckFence();
  return s;
}

Status PostgresStore::MarkDead(const std::string& key, const std::string& error) {
  // A notice dropped while it was in flight stays dropped.
  return conn_->Run(
      "UPDATE outbox SET state = 'dead', last_error = $1 WHERE key = $2 "
      "AND state IN ('queued', 'sending')",
      nullptr, error, key);
}

Status PostgresStore::RequeueInFlight(int* count) {
  pqxx::result r;
  Status s = conn_->Run("UPDATE outbox SET state = 'queued' WHERE state = 'sending'", &r);
  *count = s.ok() ? static_cast<int>(r.affected_rows()) : 0;
  return s;
}

Status PostgresStore::ListOutbox(const std::string& which, std::vector<OutboxEntry>* out) {
  std::string where = "WHERE state IN ('queued', 'sending')";
  if (which == "failed") where = "WHERE state = 'queued' AND attempts > 0";
  if (which == "dead") where = "WHERE state = 'dead'";
  pqxx::result r;
  Status s = conn_->Run(std::string(kOutboxColumns) + where + " ORDER BY next_attempt_at, key", &r);
  ReadAll(r, out);
  return s;
}

Status PostgresStore::RetryDead(const std::string& key, Timestamp now, int* count) {
  pqxx::result r;
  Status s = conn_->Run(
      "UPDATE outbox SET state = 'queued', next_attempt_at = $1, due_at = $1, "
      "attempts = 0 WHERE state = 'dead' AND ($2 = '' OR key = $2)",
      &r, PgSeconds(now), key);
  *count = s.ok() ? static_cast<int>(r.affected_rows()) : 0;
  return s;
}

Status PostgresStore::HandledOccurrences(std::string_view measure_id, std::set<std::string>* out) {
  pqxx::result r;
  Status s =
      conn_->Run("SELECT key FROM outbox WHERE measure_id = $1", &r, std::string(measure_id));
  for (const auto& row : r) out->insert(NotificationKey::OccurrencePrefixOf(PgText(row[0])));
  return s;
}

Status PostgresStore::AllHandledOccurrences(std::map<std::string, std::set<std::string>>* out) {
  pqxx::result r;
  Status s = conn_->Run("SELECT measure_id, key FROM outbox WHERE measure_id IS NOT NULL", &r);
  for (const auto& row : r)
    (*out)[PgText(row[0])].insert(NotificationKey::OccurrencePrefixOf(PgText(row[1])));
  return s;
}

Status PostgresStore::HandledOccurrencesBetween(std::string_view first, std::string_view last,
                                                std::map<std::string, std::set<std::string>>* out) {
  pqxx::result r;
  Status s = conn_->Run("SELECT measure_id, key FROM outbox WHERE measure_id BETWEEN $1 AND $2", &r,
                        std::string(first), std::string(last));
  for (const auto& row : r)
    (*out)[PgText(row[0])].insert(NotificationKey::OccurrencePrefixOf(PgText(row[1])));
  return s;
}

Status PostgresStore::HandledOccurrencesOf(const std::vector<std::string>& ids,
                                           std::map<std::string, std::set<std::string>>* out) {
  pqxx::result r;
  Status s = conn_->Run(
      "SELECT measure_id, key FROM outbox WHERE measure_id = ANY "
      "(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))",
      &r, nlohmann::json(ids).dump());
  for (const auto& row : r)
    (*out)[PgText(row[0])].insert(NotificationKey::OccurrencePrefixOf(PgText(row[1])));
  return s;
}

Status PostgresStore::QueueNotices(const std::vector<Notice>& send, const std::vector<Notice>& drop,
                                   const std::function<nlohmann::json(const Notice&)>& payload,
                                   Timestamp now) {
  const std::string sql =
      "INSERT INTO outbox (key, kind, measure_id, rule, recipient, channel, series, occurrence, "
      "due_at, payload, state, next_attempt_at, last_error, created_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (key) DO NOTHING";
  for (const auto* list : {&send, &drop}) {
    for (const Notice& n : *list) {
      std::optional<std::string> measure;
      if (!n.measure_id.empty()) measure = n.measure_id;
      // A notice decided against is never rendered: it needs no payload.
      std::string body = list == &send ? JsonText(payload(n)) : std::string("{}");
      if (Status s = conn_->Run(sql, nullptr, n.key, std::string(NoticeKindName(n.kind)),
                                PgOrNull(measure), n.rule, n.recipient,
                                std::string(ChannelName(n.channel)), n.series,
                                static_cast<int64_t>(n.occurrence), PgSeconds(n.at), body,
                                std::string(list == &send ? "queued" : "dropped"),
                                // A decision's moment, as DropSuperseded records it.
                                PgSeconds(list == &send ? n.at : now), n.reason, PgSeconds(now));
          !s.ok()) {
        return s;
      }
    }
  }
  return Status::Ok();
}

Status PostgresStore::DropSuperseded(const Measure& m, const date::time_zone* zone, Timestamp now,
                                     int* dropped) {
  pqxx::result r;
  if (Status s =
          conn_->Run("SELECT key, kind, series FROM outbox WHERE measure_id = $1 AND state IN "
                     "('queued', 'sending')",
                     &r, m.id);
      !s.ok()) {
    return s;
  }
  std::vector<std::string> keys;
  const std::string deadline = FormatIsoDate(m.deadline);
  const std::string updated = FormatIsoDate(LocalDate(m.updated_at, zone));
  for (const auto& row : r) {
    std::string kind = PgText(row[1]);
    if (!IsTimeKind(kind)) continue;
    std::string current = kind == "stale" ? updated : deadline;
    if (!IsOpen(m.status) || PgText(row[2]) != current) keys.push_back(PgText(row[0]));
  }
  for (const std::string& key : keys) {
    if (Status s =
            conn_->Run("UPDATE outbox SET state = 'dropped', last_error = 'superseded', "
                       "next_attempt_at = $1 WHERE key = $2 AND state IN ('queued', 'sending')",
                       nullptr, PgSeconds(now), key);
        !s.ok()) {
      return s;
    }
  }
  if (dropped != nullptr) *dropped = static_cast<int>(keys.size());
  return Status::Ok();
}

Status PostgresStore::DropQueued(const std::string& measure_id,
                                 const std::vector<std::string>& rules,
                                 const std::string& recipient, const std::string& reason,
                                 Timestamp now, int* dropped) {
  int total = 0;
  for (const std::string& rule : rules) {
    pqxx::result r;
    if (Status s =
            conn_->Run("UPDATE outbox SET state = 'dropped', last_error = $1, next_attempt_at = $2 "
                       "WHERE measure_id = $3 AND rule = $4 AND state IN ('queued', 'sending') "
                       "AND ($5 = '' OR recipient = $5)",
                       &r, reason, PgSeconds(now), measure_id, rule, recipient);
        !s.ok()) {
      return s;
    }
    total += static_cast<int>(r.affected_rows());
  }
  if (dropped != nullptr) *dropped = total;
  return Status::Ok();
}

Status PostgresStore::MarkSent(const std::string& key, Timestamp at) {
  return conn_->Run(
      "UPDATE outbox SET state = 'sent', sent_at = $1, last_error = '' WHERE key = $2", nullptr,
      PgSeconds(at), key);
}

Status PostgresStore::ForgetOldPayloads(Timestamp before, int* count) {
  pqxx::result r;
  Status s = conn_->Run(
      "UPDATE outbox SET payload = '{}' WHERE state IN ('sent', 'dropped') "
      "AND coalesce(sent_at, created_at) < $1 AND payload != '{}'",
      &r, PgSeconds(before));
  *count = s.ok() ? static_cast<int>(r.affected_rows()) : 0;
  return s;
}

Status PostgresStore::Summarize(OutboxSummary* out) {
  pqxx::result r;
  if (Status s = conn_->Run("SELECT count(*) FILTER (WHERE state IN ('queued','sending')), "
                            "count(*) FILTER (WHERE state = 'queued' AND attempts > 0), "
                            "count(*) FILTER (WHERE state = 'dead'), max(sent_at) FROM outbox",
                            &r);
      !s.ok()) {
    return s;
  }
  out->queued = r[0][0].as<int64_t>();
  out->waiting = r[0][1].as<int64_t>();
  out->dead = r[0][2].as<int64_t>();
  out->last_sent = PgOptionalMoment(r[0][3]);
  pqxx::result e;
  Status s = conn_->Run(
      "SELECT key, last_error FROM outbox WHERE state IN ('queued','dead') "
      "AND last_error != '' ORDER BY next_attempt_at DESC LIMIT 1",
      &e);
  if (s.ok() && !e.empty()) out->last_error = PgText(e[0][0]) + ": " + PgText(e[0][1]);
  return s;
}

Status PostgresStore::OldestQueued(std::optional<Timestamp>* at) {
  pqxx::result r;
  Status s = conn_->Run("SELECT min(due_at) FROM outbox WHERE state IN ('queued','sending')", &r);
  *at = s.ok() && !r.empty() ? PgOptionalMoment(r[0][0]) : std::nullopt;
  return s;
}

}  // namespace fristvakt
