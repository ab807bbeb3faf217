#ifndef FRISTVAKT_DB_POSTGRES_SCHEMA_H_
#define FRISTVAKT_DB_POSTGRES_SCHEMA_H_

#include "db/postgres/connection.h"
#include "rules/status.h"

namespace fristvakt {

// The PostgreSQL schema's version, numbered as the SQLite schema's (db/sqlite/schema.cc).
int LatestPgSchemaVersion();
// The version `conn`'s database is at; 0 when it has no schema yet.
Status PgSchemaVersion(PgConnection& conn, int* version);
// Brings the database's schema up to date, each step in its own transaction, under the
// writers' lock so that two processes opening it at once do not both create it.
Status MigratePg(PgConnection& conn);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_POSTGRES_SCHEMA_H_
