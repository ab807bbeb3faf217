#ifndef FRISTVAKT_DB_SQLITE_SCHEMA_H_
#define FRISTVAKT_DB_SQLITE_SCHEMA_H_

#include "db/sqlite/database.h"

// The database schema, versioned by PRAGMA user_version. Migrations only go forward; each one
// runs in its own transaction, so a failure leaves the database at the previous version.
namespace fristvakt {

// The version this build writes.
int LatestSchemaVersion();

// The version the file is at (0 for a new file).
Status SchemaVersion(Database& db, int* version);

// Runs every migration from the file's version up to `target` (default: the latest). Refuses a
// file written by a newer build.
Status Migrate(Database& db, int target = -1);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_SQLITE_SCHEMA_H_
