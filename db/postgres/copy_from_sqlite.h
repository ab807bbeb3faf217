#ifndef FRISTVAKT_DB_POSTGRES_COPY_FROM_SQLITE_H_
#define FRISTVAKT_DB_POSTGRES_COPY_FROM_SQLITE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rules/status.h"

// `fristvakt migrate --to URL` (SPEC §10): an SQLite database copied into an empty PostgreSQL
// one; and the way back, for `simulate`, which works on a copy.
namespace fristvakt {

class Database;

struct TableCount {
  std::string table;
  int64_t rows = 0;  // in both databases: the copy checks that they are equal
};

// Copies every table of the SQLite database at `sqlite_path` (at the latest schema) into the
// PostgreSQL database at `url`, which must be empty (its tables are made if it has none; a
// table with rows there is refused, BadInput). One PostgreSQL transaction: ids and sequence
// numbers are kept and the sequences set past them; before it commits, every table's row count
// must match the SQLite one's. On any failure nothing is written. `counts` gets the tables'
// counts.
Status CopySqliteToPostgres(const std::string& sqlite_path, const std::string& url,
                            const std::string& password, std::vector<TableCount>* counts);

// Copies every table of the PostgreSQL database at `url` (at this build's schema; else
// Unavailable, saying so) into `sqlite`, an SQLite database at the same schema, replacing what
// it holds. The PostgreSQL one is only read, in one snapshot (REPEATABLE READ) while a daemon
// may write on.
Status CopyPostgresToSqlite(const std::string& url, const std::string& password, Database& sqlite);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_POSTGRES_COPY_FROM_SQLITE_H_
