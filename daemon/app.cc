#include "daemon/app.h"

#include <ostream>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "daemon/explain.h"
#include "daemon/measure_commands.h"
#include "daemon/outbox_commands.h"
#include "daemon/service.h"
#include "daemon/simulate.h"
#include "daemon/tokens.h"

namespace fristvakt {
namespace {

// Loads the configuration and opens the store. Configuration problems are printed, all of them.
Status LoadContext(const std::string& config_flag, bool open_store, CommandContext* ctx) {
  Environment env = ProcessEnvironment();
  std::string path = FindConfigPath(config_flag, env);
  Diagnostics diag;
  LoadConfig(path, env, &ctx->config, &diag);
  *ctx->err << diag.ToString();
  if (diag.has_errors()) {
    *ctx->err << path << ": " << diag.error_count() << " problem"
              << (diag.error_count() == 1 ? "" : "s") << " in the configuration\n";
    return Status::BadInput("");
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
  if (open_store) return Store::Open(ctx->config.database_path, &ctx->store);
  return Status::Ok();
}

// syslog priorities (sd-daemon.h's "<6>") for the journal, which adds its own time stamps.
class PriorityFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    static constexpr const char* kPriority[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", "<6>"};
    const char* p = kPriority[static_cast<int>(msg.level)];
    dest.append(p, p + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PriorityFlag>();
  }
};

// Logs go to stderr: under systemd (JOURNAL_STREAM is set) one line per event with its
// priority and nothing else; otherwise with a time stamp and the level, for people.
void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("fristvakt");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (std::getenv("JOURNAL_STREAM") != nullptr) {
    formatter->add_flag<PriorityFlag>('*').set_pattern("%*%v");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S %l: %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

int Finish(const Status& s, std::ostream& err) {
  if (!s.ok() && !s.message().empty()) err << "fristvakt: " << s.message() << "\n";
  return s.exit_code();
}

}  // namespace

int RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"fristvakt: follows up the deadlines of a sector's action plans"};
  app.set_version_flag("--version", std::string(FRISTVAKT_VERSION));
  app.require_subcommand(1);
  std::string config_flag;
  std::string log_level = "info";
  app.add_option("-c,--config", config_flag, "the configuration file (fristvakt.yaml)");
  auto* log_flag = app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
                       ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

  auto* run = app.add_subcommand("run", "the daemon, in the foreground");
  auto* status = app.add_subcommand("status", "whether a daemon runs, its queue and last send");

  std::string plan;
  auto* check = app.add_subcommand("check", "validate the configuration, units and rule files");
  check->add_option("--plan", plan, "also validate this action plan (CSV or YAML)");

  std::string import_path;
  bool dry_run = false;
  auto* import = app.add_subcommand("import", "import an action plan, all or nothing");
  import->add_option("FILE", import_path, "CSV or YAML plan")->required();
  import->add_flag("--dry-run", dry_run, "check and report, write nothing");

  std::string format = "csv";
  auto* exporter = app.add_subcommand("export", "write every measure to standard output");
  exporter->add_option("--format", format, "csv or json")->check(CLI::IsMember({"csv", "json"}));

  ListOptions list_options;
  auto* list = app.add_subcommand("list", "list measures");
  list->add_option("--area", list_options.area, "a focus area's id or title");
  list->add_option("--unit", list_options.unit, "a unit's id or name");
  auto* overdue =
      list->add_flag("--overdue", list_options.overdue, "only open measures past deadline");
  list->add_option("--due-within", list_options.due_within, "only open measures due within DUR")
      ->excludes(overdue);
  list->add_flag("--json", list_options.json, "JSON instead of a table");

  std::string id;
  auto* show = app.add_subcommand("show", "a measure with its events and notifications");
  show->add_option("ID", id, "the measure's id")->required();

  SetOptions set_options;
  auto* set = app.add_subcommand("set", "change a measure");
  set->add_option("ID", id, "the measure's id")->required();
  set->add_option("--status", set_options.status,
                  "planned, in_progress, done, cancelled "
                  "(or planlagt, pågår, fullført, avbrutt)");
  set->add_option("--progress", set_options.progress, "0 to 100");
  set->add_option("--deadline", set_options.deadline, "the new deadline (dd.mm.yyyy)");
  set->add_option("--reason", set_options.reason, "why the deadline moves");
  set->add_option("--comment", set_options.comment, "a comment");

  std::optional<std::string> until;
  std::string note;
  auto* ack = app.add_subcommand("ack", "acknowledge a measure's notices");
  ack->add_option("ID", id, "the measure's id")->required();
  ack->add_option("--until", until, "until this date (dd.mm.yyyy)");
  ack->add_option("--note", note, "a note");

  std::optional<std::string> explain_from;
  std::optional<std::string> explain_to;
  auto* explain =
      app.add_subcommand("explain", "a measure's coming notices and how they came about");
  explain->add_option("ID", id, "the measure's id")->required();
  explain->add_option("--from", explain_from, "first day (dd.mm.yyyy); default today");
  explain->add_option("--to", explain_to, "last day (dd.mm.yyyy); default 90 days on");

  bool outbox_failed = false;
  bool outbox_dead = false;
  auto* outbox = app.add_subcommand("outbox", "the delivery queue");
  auto* failed_flag = outbox->add_flag("--failed", outbox_failed, "only those that failed");
  outbox->add_flag("--dead", outbox_dead, "only dead ones")->excludes(failed_flag);
  std::string retry_key;
  bool all_dead = false;
  auto* retry = outbox->add_subcommand("retry", "queue a dead notification again");
  auto* key_option = retry->add_option("KEY", retry_key, "the notification's key");
  retry->add_flag("--all-dead", all_dead, "every dead notification")->excludes(key_option);

  std::string digest_name;
  bool digest_dry_run = false;
  auto* digest = app.add_subcommand("digest", "build a digest now and send it");
  digest->add_option("NAME", digest_name, "the digest's name")->required();
  digest->add_flag("--dry-run", digest_dry_run, "print it instead");

  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  TokenOptions token_options;
  auto* token_create = token->add_subcommand("create", "make a token; it is shown once");
  token_create->add_option("--unit", token_options.unit, "for one unit's measures");
  token_create->add_flag("--admin", token_options.admin, "may do everything");
  token_create->add_flag("--read-only", token_options.read_only, "may read everything");
  token_create->add_option("--name", token_options.name, "what it is for");
  auto* token_list = token->add_subcommand("list", "every token, without the secret");
  int64_t token_id = 0;
  auto* token_revoke = token->add_subcommand("revoke", "withdraw a token");
  token_revoke->add_option("ID", token_id, "the token's id")->required();

  SimulateOptions simulate_options;
  auto* simulate = app.add_subcommand("simulate", "what the daemon would send, on a copy");
  simulate->add_option("--from", simulate_options.from, "first day (dd.mm.yyyy)")->required();
  simulate->add_option("--to", simulate_options.to, "last day (dd.mm.yyyy)")->required();
  simulate->add_option("--plan", simulate_options.plan,
                       "a plan to simulate instead of the database");
  simulate->add_option("--format", simulate_options.format, "jsonl or table")
      ->check(CLI::IsMember({"jsonl", "table"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? 0 : static_cast<int>(Status::Code::kUsage);
  }

  // Only the daemon reports its work as it goes; other commands log warnings and errors.
  SetUpLogging(log_flag->count() > 0 || run->parsed() ? log_level : "warn");

  CommandContext ctx;
  ctx.out = &out;
  ctx.err = &err;
  bool needs_store = !check->parsed() && !simulate->parsed();
  if (Status s = LoadContext(config_flag, needs_store, &ctx); !s.ok()) return Finish(s, err);

  Status s;
  if (run->parsed()) {
    s = RunCommand(ctx);
  } else if (status->parsed()) {
    s = StatusCommand(ctx);
  } else if (check->parsed()) {
    s = CheckCommand(ctx, plan);
  } else if (import->parsed()) {
    s = ImportCommand(ctx, import_path, dry_run);
  } else if (exporter->parsed()) {
    s = ExportCommand(ctx, format);
  } else if (list->parsed()) {
    s = ListCommand(ctx, list_options);
  } else if (show->parsed()) {
    s = ShowCommand(ctx, id);
  } else if (set->parsed()) {
    s = SetCommand(ctx, id, set_options);
  } else if (retry->parsed()) {
    if (retry_key.empty() && !all_dead) {
      s = Status::Usage("outbox retry: give a KEY or --all-dead");
    } else {
      s = OutboxRetryCommand(ctx, retry_key);
    }
  } else if (outbox->parsed()) {
    s = OutboxCommand(ctx, outbox_dead ? "dead" : outbox_failed ? "failed" : "queue");
  } else if (digest->parsed()) {
    s = DigestCommand(ctx, digest_name, digest_dry_run);
  } else if (token_create->parsed()) {
    s = TokenCreateCommand(ctx, token_options);
  } else if (token_list->parsed()) {
    s = TokenListCommand(ctx);
  } else if (token_revoke->parsed()) {
    s = TokenRevokeCommand(ctx, token_id);
  } else if (explain->parsed()) {
    s = ExplainCommand(ctx, id, explain_from, explain_to);
  } else if (simulate->parsed()) {
    s = SimulateCommand(ctx, simulate_options);
  } else if (ack->parsed()) {
    s = AckCommand(ctx, id, until, note);
  }
  return Finish(s, err);
}

}  // namespace fristvakt
