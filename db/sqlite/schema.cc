#include "db/sqlite/schema.h"

#include <string>
#include <vector>

namespace fristvakt {
namespace {

// Migration N takes the schema from version N-1 to N. Never edit one that has been released;
// add a new one.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: measures and their append-only history.
      R"sql(
      CREATE TABLE measures (
        id          TEXT PRIMARY KEY,
        focus_area  TEXT NOT NULL,
        title       TEXT NOT NULL,
        responsible TEXT NOT NULL,
        deadline    TEXT NOT NULL,                 -- local date, yyyy-mm-dd
        status      TEXT NOT NULL CHECK (status IN ('planned','in_progress','done','cancelled')),
        progress    INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        updated_at  INTEGER NOT NULL,              -- unix seconds
        description TEXT NOT NULL DEFAULT '',
        plan        TEXT NOT NULL DEFAULT '',
        priority    TEXT NOT NULL DEFAULT '',
        tags        TEXT NOT NULL DEFAULT '[]',    -- JSON array of text
        owner       TEXT NOT NULL DEFAULT '',
        comment     TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL               -- when it became known (created or imported)
      );
      CREATE INDEX measures_by_unit ON measures (responsible);
      CREATE INDEX measures_by_area ON measures (focus_area);
      CREATE TABLE events (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: integrations page on it
        at         INTEGER NOT NULL,
        measure_id TEXT,                               -- NULL for events of the whole system
        kind       TEXT NOT NULL,
        actor      TEXT NOT NULL DEFAULT '',
        data       TEXT NOT NULL DEFAULT '{}'          -- JSON object
      );
      CREATE INDEX events_by_measure ON events (measure_id, seq);
      )sql",
      // 2: delivery, acknowledgements, API tokens, digest history.
      R"sql(
      CREATE TABLE outbox (
        key             TEXT PRIMARY KEY,              -- delivered at most once (docs/messages.md)
        kind            TEXT NOT NULL,                 -- reminder, overdue, escalation, ...
        measure_id      TEXT,
        rule            TEXT NOT NULL,                 -- the rule's or the digest's name
        recipient       TEXT NOT NULL,
        channel         TEXT NOT NULL CHECK (channel IN ('email','webhook')),
        series          TEXT NOT NULL DEFAULT '',      -- deadline, update date or event seq
        occurrence      INTEGER NOT NULL DEFAULT 1,
        due_at          INTEGER NOT NULL,              -- the moment it was scheduled for
        payload         TEXT NOT NULL DEFAULT '{}',    -- what the message is built from
        state           TEXT NOT NULL CHECK (state IN ('queued','sending','sent','dead','dropped')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error      TEXT NOT NULL DEFAULT '',
        created_at      INTEGER NOT NULL,
        sent_at         INTEGER
      );
      CREATE INDEX outbox_pending ON outbox (state, next_attempt_at);
      CREATE INDEX outbox_by_measure ON outbox (measure_id);
      CREATE TABLE acknowledgements (
        id          INTEGER PRIMARY KEY,
        measure_id  TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
        at          INTEGER NOT NULL,
        until       TEXT,                              -- local date; NULL: no end date
        note        TEXT NOT NULL DEFAULT '',
        actor       TEXT NOT NULL DEFAULT '',
        deadline    TEXT NOT NULL,                     -- an ack ends when the deadline
        status      TEXT NOT NULL                      -- or the status changes
      );
      CREATE INDEX acknowledgements_by_measure ON acknowledgements (measure_id, at);
      CREATE TABLE api_tokens (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL DEFAULT '',
        scope      TEXT NOT NULL CHECK (scope IN ('admin','read_only','unit')),
        unit       TEXT,
        hash       TEXT NOT NULL UNIQUE,               -- SHA-256 of the token; never the token
        created_at INTEGER NOT NULL,
        last_used  INTEGER,
        revoked_at INTEGER
      );
      CREATE TABLE digest_runs (
        name     TEXT NOT NULL,
        fired_at INTEGER NOT NULL,
        PRIMARY KEY (name, fired_at)
      );
      CREATE TABLE state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      )sql",
      // v3: the dispatcher reads due notices in (next_attempt_at, key) order a page at a time;
      // with the key in the index no page needs a sort of everything due.
      R"sql(
      DROP INDEX outbox_pending;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, key);
      )sql",
      // v4: an acknowledgement made by a unit holds only for notices to that unit.
      R"sql(
      ALTER TABLE acknowledgements ADD COLUMN unit TEXT NOT NULL DEFAULT '';
      )sql",
      // v5: what the latest import brought for each measure, the base of the next import's
      // three-way merge. A database from before has only the stored values to go by: they
      // become the base (docs/spec-readings.md), so that answers given from now on are kept.
      R"sql(
      CREATE TABLE import_bases (
        measure_id  TEXT PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
        focus_area  TEXT NOT NULL,
        title       TEXT NOT NULL,
        responsible TEXT NOT NULL,
        deadline    TEXT NOT NULL,                 -- local date, yyyy-mm-dd
        status      TEXT NOT NULL,
        progress    INTEGER NOT NULL,
        updated_at  INTEGER,                       -- unix seconds; NULL: the file gave none
        description TEXT NOT NULL,
        plan        TEXT NOT NULL,
        priority    TEXT NOT NULL,
        tags        TEXT NOT NULL,                 -- JSON array of text
        owner       TEXT NOT NULL,
        comment     TEXT NOT NULL
      );
      INSERT INTO import_bases
        SELECT id, focus_area, title, responsible, deadline, status, progress, updated_at,
               description, plan, priority, tags, owner, comment
        FROM measures;
      )sql",
      // v6: answers (docs/answers.md): the links notices carry, by the hash of their random
      // part, and the units' deadline requests.
      R"sql(
      CREATE TABLE answer_links (
        hash       TEXT PRIMARY KEY,                   -- SHA-256 of the link; never the link
        page       TEXT NOT NULL CHECK (page IN ('svar','godkjenn')),
        measure_id TEXT NOT NULL,
        holder     TEXT NOT NULL,
        request_id INTEGER,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX answer_links_expiry ON answer_links (expires_at);
      CREATE TABLE deadline_requests (
        id           INTEGER PRIMARY KEY,
        measure_id   TEXT NOT NULL,
        unit         TEXT NOT NULL,
        old_deadline TEXT NOT NULL,
        new_deadline TEXT NOT NULL,
        reason       TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        state        TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending','approved','rejected','replaced')),
        decided_by   TEXT NOT NULL DEFAULT '',
        decided_at   INTEGER,
        note         TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX deadline_requests_pending ON deadline_requests (state, measure_id);
      )sql",
      // v7: the persisted schedule (db/schedule_store.h): each measure's next moment to evaluate,
      // read by moment at a start; no row: none. Its fingerprint is in `state`. The measures of
      // one focus area are read a page at a time in id order when that area's rules change.
      R"sql(
      CREATE TABLE schedule (
        measure_id TEXT PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
        next_at    INTEGER NOT NULL                    -- unix seconds
      ) WITHOUT ROWID;
      CREATE INDEX schedule_due ON schedule (next_at, measure_id);
      DROP INDEX measures_by_area;
      CREATE INDEX measures_by_area ON measures (focus_area, id);
      )sql",
      // v8: PostgreSQL's lease of the active daemon (db/lease_store.h). SQLite holds no lease
      // (one daemon per file, flocked); the table is here so that a schema version means the
      // same tables on both databases, and stays empty.
      R"sql(
      CREATE TABLE daemon_lease (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        holder  TEXT NOT NULL,
        host    TEXT NOT NULL,
        pid     INTEGER NOT NULL,
        since   INTEGER NOT NULL,
        expires REAL NOT NULL
      );
      -- What was sent or decided for a page of measures is read from the index alone.
      DROP INDEX outbox_by_measure;
      CREATE INDEX outbox_by_measure ON outbox (measure_id, key);
      )sql",
      // v9: a measure's rows in the outbox are found by their keys, which start with its id
      // (rules/notification_key.h): the primary key's index serves, and every row written (a
      // reload can record tens of thousands of occurrences decided against) updates one index
      // fewer.
      R"sql(
      DROP INDEX outbox_by_measure;
      )sql",
  };
  return kMigrations;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

Status SchemaVersion(Database& db, int* version) {
  Statement st(db, "PRAGMA user_version");
  *version = st.Step() ? static_cast<int>(st.Int(0)) : 0;
  return st.status();
}

Status Migrate(Database& db, int target) {
  if (target < 0) target = LatestSchemaVersion();
  int version = 0;
  if (Status s = SchemaVersion(db, &version); !s.ok()) return s;
  if (version > LatestSchemaVersion()) {
    return Status::Unavailable("the database '" + db.path() + "' has schema version " +
                               std::to_string(version) + ", newer than this build knows (" +
                               std::to_string(LatestSchemaVersion()) + ")");
  }
  while (version < target) {
    SqliteTransaction tx(db);
    if (!tx.status().ok()) return tx.status();
    if (Status s = db.Exec(Migrations()[version]); !s.ok()) return s;
    ++version;
    if (Status s = db.Exec("PRAGMA user_version = " + std::to_string(version)); !s.ok()) {
      return s;
    }
    if (Status s = tx.Commit(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace fristvakt
