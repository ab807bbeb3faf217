#ifndef FRISTVAKT_DAEMON_SERVICE_FRONT_END_H_
#define FRISTVAKT_DAEMON_SERVICE_FRONT_END_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "db/store.h"
#include "rules/clock.h"
#include "rules/config.h"
#include "rules/status.h"

// The seam between the service and what serves people from it (the HTTP API, its pages and
// metrics): the service builds a front end through a factory it is given, and tells it only
// what is here. So the runtime knows nothing of HTTP, and the HTTP code only this header.
namespace fristvakt {

// Counts for the log, `status` and metrics.
struct DeliveryStats {
  std::map<std::string, int64_t> sent;         // by "kind/channel"
  std::map<std::string, int64_t> failed;       // transient failures, by "kind/channel"
  std::map<std::string, int64_t> dead;         // by "kind/channel"
  std::map<std::string, Timestamp> last_sent;  // by channel
  std::string last_error;
};

// What the service offers a front end. Every function is called on the io_context's thread.
struct ServiceHooks {
  Store* store = nullptr;
  const Clock* clock = nullptr;
  std::function<const Config&()> config;  // the configuration in force
  std::function<void()> changed;          // a measure was changed: re-evaluate and send at once
  std::function<bool()> scheduler_armed;
  std::function<const DeliveryStats*()> delivery;  // null before the dispatcher runs
  std::function<int()> in_flight;                  // notices being sent now
  std::function<bool()> database_writable;         // false while the daemon's writes are refused
  std::function<std::map<std::string, int64_t>()> reloads;  // "ok" / "failed" -> count
  std::function<double()> evaluation_seconds;               // the last evaluation of every measure
};

// Something that serves on the service's io_context. Owned and used by that thread.
class FrontEnd {
 public:
  virtual ~FrontEnd() = default;
  // Starts listening on the configured address; an address in use is Unavailable.
  virtual Status Start(const ApiConfig& api) = 0;
  virtual void Stop() = 0;
};

// Builds the front end when the configuration asks for one (`api:`).
using FrontEndFactory =
    std::function<std::unique_ptr<FrontEnd>(boost::asio::io_context& io, ServiceHooks hooks)>;

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_FRONT_END_H_
