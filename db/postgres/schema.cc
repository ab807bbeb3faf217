#include "db/postgres/schema.h"

#include <string>
#include <vector>

namespace fristvakt {
namespace {

// The schema as migrations, numbered as SQLite's (db/sqlite/schema.cc) so that one number
// names one schema in both databases. The list starts at SQLite's version 6: its first entry
// takes an empty database straight to that schema. A later SQLite migration N gets its
// equivalent here as the entry {N, ...}. Never edit one that has been released; add a new one.
//
// Column types follow SQLite's so that rows copy over unchanged (`fristvakt migrate`):
// moments are BIGINT Unix seconds, JSON is TEXT, dates are TEXT yyyy-mm-dd. The text columns
// that are sorted or compared by range (ids, keys) compare byte by byte (COLLATE "C"), as
// SQLite's do, whatever the database's locale.
struct Migration {
  int version;
  const char* sql;
};

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {6, R"sql(
      CREATE TABLE measures (
        id          TEXT COLLATE "C" PRIMARY KEY,
        focus_area  TEXT NOT NULL,
        title       TEXT NOT NULL,
        responsible TEXT NOT NULL,
        deadline    TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('planned','in_progress','done','cancelled')),
        progress    BIGINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        updated_at  BIGINT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        plan        TEXT NOT NULL DEFAULT '',
        priority    TEXT NOT NULL DEFAULT '',
        tags        TEXT NOT NULL DEFAULT '[]',
        owner       TEXT NOT NULL DEFAULT '',
        comment     TEXT NOT NULL DEFAULT '',
        created_at  BIGINT NOT NULL
      );
      CREATE INDEX measures_by_unit ON measures (responsible);
      CREATE INDEX measures_by_area ON measures (focus_area);
      CREATE TABLE events (
        seq        BIGSERIAL PRIMARY KEY,
        at         BIGINT NOT NULL,
        measure_id TEXT COLLATE "C",
        kind       TEXT NOT NULL,
        actor      TEXT NOT NULL DEFAULT '',
        data       TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX events_by_measure ON events (measure_id, seq);
      CREATE INDEX events_by_kind ON events (kind, at);
      CREATE TABLE outbox (
        key             TEXT COLLATE "C" PRIMARY KEY,
        kind            TEXT NOT NULL,
        measure_id      TEXT COLLATE "C",
        rule            TEXT NOT NULL,
        recipient       TEXT NOT NULL,
        channel         TEXT NOT NULL CHECK (channel IN ('email','webhook')),
        series          TEXT NOT NULL DEFAULT '',
        occurrence      BIGINT NOT NULL DEFAULT 1,
        due_at          BIGINT NOT NULL,
        payload         TEXT NOT NULL DEFAULT '{}',
        state           TEXT NOT NULL CHECK (state IN ('queued','sending','sent','dead','dropped')),
        attempts        BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error      TEXT NOT NULL DEFAULT '',
        created_at      BIGINT NOT NULL,
        sent_at         BIGINT
      );
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, key);
      CREATE INDEX outbox_by_measure ON outbox (measure_id);
      CREATE TABLE acknowledgements (
        id          BIGSERIAL PRIMARY KEY,
        measure_id  TEXT COLLATE "C" NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
        at          BIGINT NOT NULL,
        until       TEXT,
        note        TEXT NOT NULL DEFAULT '',
        actor       TEXT NOT NULL DEFAULT '',
        deadline    TEXT NOT NULL,
        status      TEXT NOT NULL,
        unit        TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX acknowledgements_by_measure ON acknowledgements (measure_id, at);
      CREATE TABLE api_tokens (
        id         BIGSERIAL PRIMARY KEY,
        name       TEXT NOT NULL DEFAULT '',
        scope      TEXT NOT NULL CHECK (scope IN ('admin','read_only','unit')),
        unit       TEXT,
        hash       TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL,
        last_used  BIGINT,
        revoked_at BIGINT
      );
      CREATE TABLE digest_runs (
        name     TEXT NOT NULL,
        fired_at BIGINT NOT NULL,
        PRIMARY KEY (name, fired_at)
      );
      CREATE TABLE state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE import_bases (
        measure_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
        focus_area  TEXT NOT NULL,
        title       TEXT NOT NULL,
        responsible TEXT NOT NULL,
        deadline    TEXT NOT NULL,
        status      TEXT NOT NULL,
        progress    BIGINT NOT NULL,
        updated_at  BIGINT,
        description TEXT NOT NULL,
        plan        TEXT NOT NULL,
        priority    TEXT NOT NULL,
        tags        TEXT NOT NULL,
        owner       TEXT NOT NULL,
        comment     TEXT NOT NULL
      );
      CREATE TABLE answer_links (
        hash       TEXT PRIMARY KEY,
        page       TEXT NOT NULL CHECK (page IN ('svar','godkjenn')),
        measure_id TEXT NOT NULL,
        holder     TEXT NOT NULL,
        request_id BIGINT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX answer_links_expiry ON answer_links (expires_at);
      CREATE TABLE deadline_requests (
        id           BIGSERIAL PRIMARY KEY,
        measure_id   TEXT COLLATE "C" NOT NULL,
        unit         TEXT NOT NULL,
        old_deadline TEXT NOT NULL,
        new_deadline TEXT NOT NULL,
        reason       TEXT NOT NULL,
        requested_at BIGINT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending','approved','rejected','replaced')),
        decided_by   TEXT NOT NULL DEFAULT '',
        decided_at   BIGINT,
        note         TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX deadline_requests_pending ON deadline_requests (state, measure_id);
      )sql"},
      // 7: the persisted schedule (db/schedule_store.h), as SQLite's 7.
      {7, R"sql(
      CREATE TABLE schedule (
        measure_id TEXT COLLATE "C" PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
        next_at    BIGINT NOT NULL
      );
      CREATE INDEX schedule_due ON schedule (next_at, measure_id);
      DROP INDEX measures_by_area;
      CREATE INDEX measures_by_area ON measures (focus_area, id);
      )sql"},
      // 8: the active daemon's lease (db/lease_store.h), one row; moments in seconds on the
      // database's clock.
      {8, R"sql(
      CREATE TABLE daemon_lease (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        holder  TEXT NOT NULL,
        host    TEXT NOT NULL,
        pid     BIGINT NOT NULL,
        since   BIGINT NOT NULL,
        expires DOUBLE PRECISION NOT NULL
      );
      DROP INDEX outbox_by_measure;
      CREATE INDEX outbox_by_measure ON outbox (measure_id, key);
      )sql"},
      // 9: SQLite's 9 drops outbox_by_measure and finds a measure's rows by key. PostgreSQL
      // keeps the index: its reads by measure are one round trip each, and a round trip, not
      // an index written, is what a row costs here. The tables are the same.
      {9, "SELECT 1"},
  };
  return kMigrations;
}

}  // namespace

int LatestPgSchemaVersion() { return Migrations().back().version; }

Status PgSchemaVersion(PgConnection& conn, int* version) {
  pqxx::result r;
  if (Status s = conn.Exec("SELECT to_regclass('schema_version') IS NOT NULL", &r); !s.ok()) {
    return s;
  }
  *version = 0;
  if (!r[0][0].as<bool>()) return Status::Ok();
  if (Status s = conn.Exec("SELECT coalesce(max(version), 0) FROM schema_version", &r); !s.ok()) {
    return s;
  }
  *version = r[0][0].as<int>();
  return Status::Ok();
}

Status MigratePg(PgConnection& conn) {
  for (const Migration& m : Migrations()) {
    if (Status s = conn.Begin(); !s.ok()) return s;
    int version = 0;
    Status s = conn.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    if (s.ok()) s = PgSchemaVersion(conn, &version);
    if (s.ok() && version > LatestPgSchemaVersion()) {
      s = Status::Unavailable("the database '" + conn.url() + "' has schema version " +
                              std::to_string(version) + ", newer than this build knows (" +
                              std::to_string(LatestPgSchemaVersion()) + ")");
    }
    if (s.ok() && version < m.version) {
      s = conn.Exec(m.sql);
      if (s.ok()) {
        s = conn.Exec("DELETE FROM schema_version; INSERT INTO schema_version VALUES (" +
                      std::to_string(m.version) + ")");
      }
    }
    if (s.ok()) s = conn.Commit();
    if (!s.ok()) {
      if (conn.in_transaction()) (void)conn.Rollback();
      return s;
    }
  }
  return Status::Ok();
}

}  // namespace fristvakt
