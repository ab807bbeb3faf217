#ifndef FRISTVAKT_DB_STATE_STORE_H_
#define FRISTVAKT_DB_STATE_STORE_H_

#include <optional>
#include <string>

#include "rules/dates.h"
#include "rules/status.h"

namespace fristvakt {

// Small facts the daemon keeps between runs: named values (how far it has read the events,
// when it next has work) and when each digest last went out.
// Abstract so that more than one database can hold them; the SQLite one is SqliteStore. Used
// by one thread at a time.
class StateStore {
 public:
  StateStore() = default;
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;
  virtual ~StateStore() = default;

  // An empty `value` when the key was never set.
  virtual Status GetState(const std::string& key, std::optional<std::string>* value) = 0;
  // Sets or replaces the value.
  virtual Status SetState(const std::string& key, const std::string& value) = 0;

  // The latest run of the digest called `name`; empty when it never ran.
  virtual Status LastDigestRun(const std::string& name, std::optional<Timestamp>* at) = 0;
  // Records a run; recording the same run twice keeps one.
  virtual Status RecordDigestRun(const std::string& name, Timestamp at) = 0;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_STATE_STORE_H_
