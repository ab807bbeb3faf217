#ifndef FRISTVAKT_DB_OPEN_STORE_H_
#define FRISTVAKT_DB_OPEN_STORE_H_

#include <memory>
#include <string>

#include "db/store.h"
#include "rules/status.h"

// Opening a store: the one place that chooses a database by what the configuration names.
namespace fristvakt {

// Opens the database at `path` and brings its schema up to date: a PostgreSQL database for a
// postgresql:// or postgres:// URL (with `password`, when not empty, given to libpq apart from
// the URL; else libpq's own means, ~/.pgpass or PGPASSFILE), else an SQLite file (":memory:"
// for a private in-memory one). A failure names a URL without its password.
Status OpenStore(const std::string& path, const std::string& password, std::unique_ptr<Store>* out);
inline Status OpenStore(const std::string& path, std::unique_ptr<Store>* out) {
  return OpenStore(path, "", out);
}
// Whether `path` names a PostgreSQL database rather than an SQLite file.
bool IsDatabaseUrl(const std::string& path);

// An in-memory SQLite copy of the database at `path` (an SQLite file, brought up to date; or a
// PostgreSQL URL, with `password` as OpenStore takes it, at this build's schema); `path` is only
// read.
Status OpenStoreCopy(const std::string& path, const std::string& password,
                     std::unique_ptr<Store>* out);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_OPEN_STORE_H_
