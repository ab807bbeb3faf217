// Cron expressions for digests (docs/configuration.md), parsed and, when valid, asked for their
// next firings around the DST changes of Europe/Oslo.
#include <date/tz.h>

#include "rules/cron.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fristvakt;
  static const date::time_zone* zone = date::locate_zone("Europe/Oslo");
  std::string error;
  auto cron =
      CronExpression::Parse(std::string_view(reinterpret_cast<const char*>(data), size), &error);
  if (!cron) return 0;
  // 2026-03-28 and 2026-10-24, the days before the changes, and one ordinary day.
  for (int64_t start : {1774652400LL, 1792803600LL, 1767225600LL}) {
    Timestamp t{std::chrono::seconds(start)};
    for (int i = 0; i < 4; ++i) {
      auto next = NextFire(*cron, t, zone);
      if (!next) break;
      if (*next <= t) __builtin_trap();  // must move strictly forward
      t = *next;
    }
  }
  return 0;
}
