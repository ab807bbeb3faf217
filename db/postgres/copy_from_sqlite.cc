#include "db/postgres/copy_from_sqlite.h"

#include <memory>

#include "db/postgres/connection.h"
#include "db/postgres/schema.h"
#include "db/sqlite/database.h"
#include "db/sqlite/schema.h"

namespace fristvakt {
namespace {

// The tables that hold the municipality's data (not the lease of the
// active daemon), parents before children, with their columns; and the column whose sequence
// must go past the copied values.
struct Table {
  const char* name;
  const char* columns;
  int column_count;
  const char* serial;  // nullptr: none
};

constexpr Table kTables[] = {
    {"measures",
     "id, focus_area, title, responsible, deadline, status, progress, updated_at, description, "
     "plan, priority, tags, owner, comment, created_at",
     15, nullptr},
    {"import_bases",
     "measure_id, focus_area, title, responsible, deadline, status, progress, updated_at, "
     "description, plan, priority, tags, owner, comment",
     14, nullptr},
    {"events", "seq, at, measure_id, kind, actor, data", 6, "seq"},
    {"acknowledgements", "id, measure_id, at, until, note, actor, deadline, status, unit", 9, "id"},
    {"outbox",
     "key, kind, measure_id, rule, recipient, channel, series, occurrence, due_at, payload, "
     "state, attempts, next_attempt_at, last_error, created_at, sent_at",
     16, nullptr},
    {"api_tokens", "id, name, scope, unit, hash, created_at, last_used, revoked_at", 8, "id"},
    {"digest_runs", "name, fired_at", 2, nullptr},
    {"state", "key, value", 2, nullptr},
    {"schedule", "measure_id, next_at", 2, nullptr},
    {"answer_links", "hash, page, measure_id, holder, request_id, created_at, expires_at", 7,
     nullptr},
    {"deadline_requests",
     "id, measure_id, unit, old_deadline, new_deadline, reason, requested_at, state, "
     "decided_by, decided_at, note",
     11, "id"},
};

Status PgCount(PgConnection& pg, const char* table, int64_t* rows) {
  pqxx::result r;
  if (Status s = pg.Exec(std::string("SELECT count(*) FROM ") + table, &r); !s.ok()) return s;
  *rows = r[0][0].as<int64_t>();
  return Status::Ok();
}

Status CopyTable(Database& sqlite, PgConnection& pg, const Table& t, int64_t* copied) {
  std::string placeholders;
  for (int i = 1; i <= t.column_count; ++i) {
    placeholders += (i > 1 ? ",$" : "$") + std::to_string(i);
  }
  const std::string insert =
      std::string("INSERT INTO ") + t.name + " (" + t.columns + ") VALUES (" + placeholders + ")";
  Statement select(sqlite, std::string("SELECT ") + t.columns + " FROM " + t.name);
  std::vector<std::string> text(t.column_count);
  std::vector<const char*> values(t.column_count);
  *copied = 0;
  while (select.Step()) {
    for (int c = 0; c < t.column_count; ++c) {
      if (select.IsNull(c)) {
        values[c] = nullptr;
      } else {
        text[c] = select.Text(c);
        values[c] = text[c].c_str();
      }
    }
    if (Status s = pg.Run(insert, nullptr, pqxx::prepare::make_dynamic_params(values)); !s.ok()) {
      return s;
    }
    ++*copied;
  }
  if (!select.status().ok()) return select.status();
  if (t.serial != nullptr) {
    const std::string table = t.name;
    const std::string column = t.serial;
    if (Status s = pg.Exec("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column +
                           "'), coalesce(max(" + column + "), 0) + 1, false) FROM " + table);
        !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

}  // namespace

Status CopySqliteToPostgres(const std::string& sqlite_path, const std::string& url,
                            const std::string& password, std::vector<TableCount>* counts) {
  std::unique_ptr<Database> sqlite;
  if (Status s = Database::OpenReadOnly(sqlite_path, &sqlite); !s.ok()) return s;
  std::unique_ptr<PgConnection> pg;
  if (Status s = PgConnection::Open(url, password, &pg); !s.ok()) return s;
  if (Status s = MigratePg(*pg); !s.ok()) return s;

  // One read transaction on SQLite: a consistent picture while another process writes.
  if (Status s = sqlite->Exec("BEGIN"); !s.ok()) return s;
  if (Status s = pg->Begin(); !s.ok()) return s;
  auto fail = [&](Status s) {
    (void)pg->Rollback();
    (void)sqlite->Exec("ROLLBACK");
    return s;
  };
  for (const Table& t : kTables) {
    int64_t there = 0;
    if (Status s = PgCount(*pg, t.name, &there); !s.ok()) return fail(s);
    if (there != 0) {
      return fail(Status::BadInput("the database '" + pg->url() + "' is not empty (table " +
                                   t.name + " has " + std::to_string(there) +
                                   " rows): migrate copies into an empty database only"));
    }
  }
  counts->clear();
  for (const Table& t : kTables) {
    int64_t copied = 0;
    if (Status s = CopyTable(*sqlite, *pg, t, &copied); !s.ok()) {
      return fail(Status::Unavailable(std::string("copying ") + t.name + ": " + s.message()));
    }
    int64_t source = 0;
    {
      Statement st(*sqlite, std::string("SELECT count(*) FROM ") + t.name);
      source = st.Step() ? st.Int(0) : -1;
      if (!st.status().ok()) return fail(st.status());
    }
    int64_t target = 0;
    if (Status s = PgCount(*pg, t.name, &target); !s.ok()) return fail(s);
    if (source != target || copied != source) {
      return fail(Status::Unavailable(
          std::string("table ") + t.name + ": " + std::to_string(source) + " rows in SQLite but " +
          std::to_string(target) + " in PostgreSQL; nothing was written"));
    }
    counts->push_back({t.name, target});
  }
  if (Status s = pg->Commit(); !s.ok()) return fail(s);
  (void)sqlite->Exec("ROLLBACK");
  return Status::Ok();
}

Status CopyPostgresToSqlite(const std::string& url, const std::string& password, Database& sqlite) {
  std::unique_ptr<PgConnection> pg;
  if (Status s = PgConnection::Open(url, password, &pg); !s.ok()) return s;
  int version = 0;
  int ours = 0;
  if (Status s = PgSchemaVersion(*pg, &version); !s.ok()) return s;
  if (Status s = SchemaVersion(sqlite, &ours); !s.ok()) return s;
  if (version != ours) {
    return Status::Unavailable("the database '" + pg->url() + "' is at schema version " +
                               std::to_string(version) + ", this build's is " +
                               std::to_string(ours) +
                               (version < ours ? "; a command that opens it for writing (say "
                                                 "`fristvakt list`) brings it up to date"
                                               : "; use the build that wrote it"));
  }
  // One snapshot of every table while the daemon writes on; read through a cursor, a page at a
  // time, so that a large table is never held whole.
  // The copy waits for SQLite between pages: not the idle transaction the connection ends.
  if (Status s = pg->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                          "SET LOCAL idle_in_transaction_session_timeout = 0");
      !s.ok()) {
    return s;
  }
  SqliteTransaction tx(sqlite);
  auto fail = [&](const Table& t, const Status& s) {
    (void)pg->Exec("ROLLBACK");
    return Status::Unavailable(std::string("copying ") + t.name + ": " + s.message());
  };
  for (auto t = std::rbegin(kTables); t != std::rend(kTables); ++t) {
    if (Status s = sqlite.Exec(std::string("DELETE FROM ") + t->name); !s.ok()) return fail(*t, s);
  }
  for (const Table& t : kTables) {
    std::string placeholders;
    for (int i = 0; i < t.column_count; ++i) placeholders += i > 0 ? ",?" : "?";
    Statement insert(sqlite, std::string("INSERT INTO ") + t.name + " (" + t.columns +
                                 ") VALUES (" + placeholders + ")");
    if (Status s = pg->Exec(std::string("DECLARE copied NO SCROLL CURSOR FOR SELECT ") + t.columns +
                            " FROM " + t.name);
        !s.ok()) {
      return fail(t, s);
    }
    for (;;) {
      pqxx::result rows;
      if (Status s = pg->Exec("FETCH 5000 FROM copied", &rows); !s.ok()) return fail(t, s);
      for (const pqxx::row& row : rows) {
        insert.Reset();
        for (int c = 0; c < t.column_count; ++c) {
          if (row[c].is_null()) {
            insert.BindNull(c + 1);
          } else {
            insert.Bind(c + 1, std::string_view(row[c].c_str(), row[c].size()));
          }
        }
        if (Status s = insert.Run(); !s.ok()) return fail(t, s);
      }
      if (rows.size() < 5000) break;
    }
    if (Status s = pg->Exec("CLOSE copied"); !s.ok()) return fail(t, s);
  }
  (void)pg->Exec("ROLLBACK");  // it only read
  return tx.Commit();
}

}  // namespace fristvakt
