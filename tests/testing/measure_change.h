#ifndef FRISTVAKT_TESTS_TESTING_MEASURE_CHANGE_H_
#define FRISTVAKT_TESTS_TESTING_MEASURE_CHANGE_H_

#include <optional>
#include <string>

#include "db/measure_changes.h"

// Changes of a measure as `fristvakt set` makes them, for tests that need the events they write.
namespace fristvakt::testing {

inline MeasureChange Moved(const std::string& deadline, const std::string& reason) {
  MeasureChange c;
  c.deadline = deadline;
  c.reason = reason;
  return c;
}

inline MeasureChange Commented(const std::string& comment) {
  MeasureChange c;
  c.comment = comment;
  return c;
}

inline MeasureChange StatusSet(const std::string& status,
                               const std::optional<std::string>& comment = {}) {
  MeasureChange c;
  c.status = status;
  c.comment = comment;
  return c;
}

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_TESTING_MEASURE_CHANGE_H_
