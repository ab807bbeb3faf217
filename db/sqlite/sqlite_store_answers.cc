// Answer links and deadline requests (AnswerStore) in SQLite: links only by their hashes.
#include "db/sqlite/sqlite_store.h"

#include "db/sqlite/columns.h"

namespace fristvakt {
namespace {

constexpr const char* kRequestColumns =
    "SELECT id, measure_id, unit, old_deadline, new_deadline, reason, requested_at, state, "
    "decided_by, decided_at, note FROM deadline_requests ";

DeadlineRequest ReadRequest(const Statement& st) {
  DeadlineRequest r;
  r.id = st.Int(0);
  r.measure = st.Text(1);
  r.unit = st.Text(2);
  r.old_deadline = ParseDate(st.Text(3)).value_or(Date{});
  r.new_deadline = ParseDate(st.Text(4)).value_or(Date{});
  r.reason = st.Text(5);
  r.requested_at = FromSeconds(st.Int(6));
  r.state = st.Text(7);
  r.decided_by = st.Text(8);
  r.decided_at = OptionalMoment(st, 9);
  r.note = st.Text(10);
  return r;
}

}  // namespace

Status SqliteStore::CreateLink(const std::string& hash, const AnswerLink& link) {
  Statement st(*db_,
               "INSERT INTO answer_links (hash, page, measure_id, holder, request_id, created_at, "
               "expires_at) VALUES (?,?,?,?,?,?,?)");
  st.Bind(1, hash).Bind(2, link.page).Bind(3, link.measure).Bind(4, link.holder);
  st.Bind(5, link.request).Bind(6, Seconds(link.created_at)).Bind(7, Seconds(link.expires_at));
  return st.Run();
}

Status SqliteStore::FindLink(const std::string& hash, std::optional<AnswerLink>* out) {
  Statement st(*db_,
               "SELECT page, measure_id, holder, coalesce(request_id, 0), created_at, expires_at "
               "FROM answer_links WHERE hash = ?");
  st.Bind(1, hash);
  if (st.Step()) {
    AnswerLink link;
    link.page = st.Text(0);
    link.measure = st.Text(1);
    link.holder = st.Text(2);
    link.request = st.Int(3);
    link.created_at = FromSeconds(st.Int(4));
    link.expires_at = FromSeconds(st.Int(5));
    *out = std::move(link);
  } else {
    out->reset();
  }
  return st.status();
}

Status SqliteStore::ForgetExpiredLinks(Timestamp before, int* count) {
  Statement st(*db_, "DELETE FROM answer_links WHERE expires_at < ?");
  st.Bind(1, Seconds(before));
  Status s = st.Run();
  *count = db_->Changes();
  return s;
}

Status SqliteStore::AddDeadlineRequest(DeadlineRequest* r) {
  {
    Statement st(*db_,
                 "UPDATE deadline_requests SET state = 'replaced', decided_at = ? "
                 "WHERE state = 'pending' AND measure_id = ?");
    st.Bind(1, Seconds(r->requested_at)).Bind(2, r->measure);
    if (Status s = st.Run(); !s.ok()) return s;
  }
  Statement st(*db_,
               "INSERT INTO deadline_requests (measure_id, unit, old_deadline, new_deadline, "
               "reason, requested_at) VALUES (?,?,?,?,?,?)");
  st.Bind(1, r->measure).Bind(2, r->unit).Bind(3, FormatIsoDate(r->old_deadline));
  st.Bind(4, FormatIsoDate(r->new_deadline)).Bind(5, r->reason);
  st.Bind(6, Seconds(r->requested_at));
  if (Status s = st.Run(); !s.ok()) return s;
  r->id = db_->LastInsertRowId();
  r->state = "pending";
  return Status::Ok();
}

Status SqliteStore::GetDeadlineRequest(int64_t id, std::optional<DeadlineRequest>* out) {
  Statement st(*db_, std::string(kRequestColumns) + "WHERE id = ?");
  st.Bind(1, id);
  if (st.Step()) {
    *out = ReadRequest(st);
  } else {
    out->reset();
  }
  return st.status();
}

Status SqliteStore::PendingRequestFor(std::string_view measure,
                                      std::optional<DeadlineRequest>* out) {
  Statement st(*db_, std::string(kRequestColumns) +
                         "WHERE state = 'pending' AND measure_id = ? ORDER BY id DESC LIMIT 1");
  st.Bind(1, measure);
  if (st.Step()) {
    *out = ReadRequest(st);
  } else {
    out->reset();
  }
  return st.status();
}

Status SqliteStore::PendingRequests(std::vector<DeadlineRequest>* out) {
  Statement st(*db_, std::string(kRequestColumns) + "WHERE state = 'pending' ORDER BY id");
  while (st.Step()) out->push_back(ReadRequest(st));
  return st.status();
}

Status SqliteStore::DecideDeadlineRequest(int64_t id, const std::string& state,
                                          const std::string& by, const std::string& note,
                                          Timestamp at, bool* decided) {
  Statement st(*db_,
               "UPDATE deadline_requests SET state = ?, decided_by = ?, note = ?, decided_at = ? "
               "WHERE id = ? AND state = 'pending'");
  st.Bind(1, state).Bind(2, by).Bind(3, note).Bind(4, Seconds(at)).Bind(5, id);
  Status s = st.Run();
  *decided = db_->Changes() == 1;
  return s;
}

}  // namespace fristvakt
