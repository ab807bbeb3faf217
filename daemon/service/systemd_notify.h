#ifndef FRISTVAKT_DAEMON_SERVICE_SYSTEMD_NOTIFY_H_
#define FRISTVAKT_DAEMON_SERVICE_SYSTEMD_NOTIFY_H_

#include <chrono>
#include <optional>
#include <string>

namespace fristvakt {

// Tells systemd how the service is doing (Type=notify): through $NOTIFY_SOCKET when systemd set
// one, and not at all otherwise. Stateless; any thread.
class SystemdNotify {
 public:
  static void Ready();
  // RELOADING=1 with MONOTONIC_USEC, as systemd 253's reload protocol wants it.
  static void Reloading();
  static void Stopping();
  static void Watchdog();
  static void Status(const std::string& text);
  // How often to send WATCHDOG=1: half of what systemd asked for; nothing without a watchdog.
  static std::optional<std::chrono::microseconds> WatchdogInterval();
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_SERVICE_SYSTEMD_NOTIFY_H_
