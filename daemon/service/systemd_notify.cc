#include "daemon/service/systemd_notify.h"

#include <systemd/sd-daemon.h>
#include <time.h>

namespace fristvakt {

void SystemdNotify::Ready() { sd_notify(0, "READY=1"); }

void SystemdNotify::Reloading() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const long long usec = static_cast<long long>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
  sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%lld", usec);
}

void SystemdNotify::Stopping() { sd_notify(0, "STOPPING=1"); }

void SystemdNotify::Watchdog() { sd_notify(0, "WATCHDOG=1"); }

void SystemdNotify::Status(const std::string& text) { sd_notifyf(0, "STATUS=%s", text.c_str()); }

std::optional<std::chrono::microseconds> SystemdNotify::WatchdogInterval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace fristvakt
