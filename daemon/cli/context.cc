#include "daemon/cli/context.h"
#include "db/open_store.h"

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "daemon/config/config_file.h"
#include "daemon/service/clocks.h"

namespace fristvakt {

Status LoadContext(const std::string& config_flag, bool open_store, bool reads_only,
                   CommandContext* ctx) {
  Environment env = ProcessEnvironment();
  std::string path = FindConfigPath(config_flag, env);
  Diagnostics diag;
  LoadConfig(path, env, &ctx->config, &diag);
  *ctx->err << diag.ToString();
  if (diag.has_errors()) {
    *ctx->err << path << ": " << diag.error_count() << " problem"
              << (diag.error_count() == 1 ? "" : "s") << " in the configuration\n";
    if (!reads_only) return Status::BadInput("");
    *ctx->err << "showing what the database " << ctx->config.database_path
              << " holds; a running daemon keeps its last good configuration\n";
  }
  // For tests and demonstrations: pretend it is another moment.
  if (auto now = env("FRISTVAKT_NOW"); now && !now->empty()) {
    auto t = ParseTimestamp(*now, ctx->config.timezone);
    if (!t) return Status::Usage("FRISTVAKT_NOW: '" + *now + "' is not a date or time");
    ctx->clock = std::make_unique<FixedClock>(*t);
    // For soak runs: from that moment on, time runs this many times faster than real time.
    if (auto speed = env("FRISTVAKT_SPEED"); speed && !speed->empty()) {
      char* end = nullptr;
      const double factor = std::strtod(speed->c_str(), &end);
      if (end == speed->c_str() || *end != '\0' || !(factor >= 1 && factor <= 1e7)) {
        return Status::Usage("FRISTVAKT_SPEED: '" + *speed + "' is not a number from 1 to 1e7");
      }
      ctx->clock = std::make_unique<AcceleratedClock>(*t, factor);
    }
  } else {
    ctx->clock = std::make_unique<SystemClock>();
  }
  if (!open_store) return Status::Ok();
  if (reads_only) {
    std::error_code ec;
    if (!IsDatabaseUrl(ctx->config.database_path) &&
        !std::filesystem::exists(ctx->config.database_path, ec)) {
      return Status::Ok();
    }
  }
  return OpenStore(ctx->config.database_path, ctx->config.database_password.reveal(), &ctx->store);
  return Status::Ok();
}

}  // namespace fristvakt
