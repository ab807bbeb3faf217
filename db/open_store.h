#ifndef FRISTVAKT_DB_OPEN_STORE_H_
#define FRISTVAKT_DB_OPEN_STORE_H_

#include <memory>
#include <string>

#include "db/store.h"
#include "rules/status.h"

// Opening a store: the one place that chooses a database by what the configuration names.
namespace fristvakt {

// Opens the database at `path` and brings its schema up to date. The only kind so far is an
// SQLite file (":memory:" for a private in-memory one).
Status OpenStore(const std::string& path, std::unique_ptr<Store>* out);

// An in-memory copy of the database at `path`, brought up to date; `path` is only read.
Status OpenStoreCopy(const std::string& path, std::unique_ptr<Store>* out);

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_OPEN_STORE_H_
