#include "daemon/cli/command_line.h"

#include <ostream>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <optional>
#include <vector>

#include "daemon/cli/context.h"
#include "daemon/cli/explain.h"
#include "daemon/cli/import_command.h"
#include "daemon/cli/measure_commands.h"
#include "daemon/cli/migrate_command.h"
#include "daemon/cli/outbox_commands.h"
#include "daemon/cli/run_command.h"
#include "daemon/cli/simulate.h"
#include "daemon/cli/token_commands.h"
#include "daemon/service/service.h"

namespace fristvakt {
namespace {

// What a parsed subcommand runs, with the options it was given.
using Runner = std::function<Status(CommandContext&)>;

// One subcommand of docs/operator-guide.md's command line: how it adds itself and its options to
// the parser, and what it runs once parsed. `define` returns the runner, whose options live in
// what it captures.
struct Subcommand {
  const char* name;
  const char* help;
  bool needs_store;
  std::function<Runner(CLI::App*)> define;
  // Reads the database only, so it is worth running with a broken configuration on disk.
  bool reads_the_database_only = false;
};

Runner DefineRun(CLI::App*) { return RunCommand; }

Runner DefineStatus(CLI::App*) { return StatusCommand; }

Runner DefineCheck(CLI::App* cmd) {
  auto plan = std::make_shared<std::string>();
  cmd->add_option("--plan", *plan, "also validate this action plan (CSV or YAML)");
  return [plan](CommandContext& ctx) { return CheckCommand(ctx, *plan); };
}

Runner DefineImport(CLI::App* cmd) {
  auto o = std::make_shared<ImportCommandOptions>();
  cmd->add_option("FILE", o->path, "CSV, YAML or Excel workbook (.xlsx) plan")->required();
  cmd->add_option("--sheet", o->sheet, "the workbook's worksheet (default: the first)");
  cmd->add_flag("--dry-run", o->dry_run, "report every change and conflict, write nothing");
  cmd->add_flag("--prefer-file", o->prefer_file,
                "where the file and the database both changed a field, take the file's value");
  return [o](CommandContext& ctx) { return ImportCommand(ctx, *o); };
}

Runner DefineExport(CLI::App* cmd) {
  struct Options {
    std::string format = "csv";
    std::string output;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--format", o->format, "csv, json or xlsx")
      ->check(CLI::IsMember({"csv", "json", "xlsx"}));
  cmd->add_option("--output", o->output, "write to FILE instead of standard output");
  return [o](CommandContext& ctx) { return ExportCommand(ctx, o->format, o->output); };
}

Runner DefineList(CLI::App* cmd) {
  auto o = std::make_shared<ListOptions>();
  cmd->add_option("--area", o->area, "a focus area's id or title");
  cmd->add_option("--unit", o->unit, "a unit's id or name");
  auto* overdue = cmd->add_flag("--overdue", o->overdue, "only open measures past deadline");
  cmd->add_option("--due-within", o->due_within, "only open measures due within DUR")
      ->excludes(overdue);
  cmd->add_flag("--json", o->json, "JSON instead of a table");
  return [o](CommandContext& ctx) { return ListCommand(ctx, *o); };
}

// Adds the ID argument that the commands about one measure take.
std::shared_ptr<std::string> MeasureId(CLI::App* cmd) {
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "the measure's id")->required();
  return id;
}

Runner DefineShow(CLI::App* cmd) {
  auto id = MeasureId(cmd);
  return [id](CommandContext& ctx) { return ShowCommand(ctx, *id); };
}

Runner DefineSet(CLI::App* cmd) {
  auto id = MeasureId(cmd);
  auto o = std::make_shared<SetOptions>();
  cmd->add_option("--status", o->status,
                  "planned, in_progress, done, cancelled "
                  "(or planlagt/planlagd, pågår, fullført, avbrutt/avbroten)");
  cmd->add_option("--progress", o->progress, "0 to 100");
  cmd->add_option("--deadline", o->deadline, "the new deadline (dd.mm.yyyy)");
  cmd->add_option("--reason", o->reason, "why the deadline moves");
  cmd->add_option("--comment", o->comment, "a comment");
  return [id, o](CommandContext& ctx) { return SetCommand(ctx, *id, *o); };
}

Runner DefineAck(CLI::App* cmd) {
  struct Options {
    std::optional<std::string> until;
    std::string note;
  };
  auto id = MeasureId(cmd);
  auto o = std::make_shared<Options>();
  cmd->add_option("--until", o->until, "until this date (dd.mm.yyyy)");
  cmd->add_option("--note", o->note, "a note");
  return [id, o](CommandContext& ctx) { return AckCommand(ctx, *id, o->until, o->note); };
}

Runner DefineExplain(CLI::App* cmd) {
  struct Options {
    std::optional<std::string> from;
    std::optional<std::string> to;
  };
  auto id = MeasureId(cmd);
  auto o = std::make_shared<Options>();
  cmd->add_option("--from", o->from, "first day (dd.mm.yyyy); default today");
  cmd->add_option("--to", o->to, "last day (dd.mm.yyyy); default 90 days on");
  return [id, o](CommandContext& ctx) { return ExplainCommand(ctx, *id, o->from, o->to); };
}

Runner DefineOutbox(CLI::App* cmd) {
  struct Options {
    bool failed = false;
    bool dead = false;
    std::string retry_key;
    bool all_dead = false;
  };
  auto o = std::make_shared<Options>();
  auto* failed = cmd->add_flag("--failed", o->failed, "only those that failed");
  cmd->add_flag("--dead", o->dead, "only dead ones")->excludes(failed);
  auto* retry = cmd->add_subcommand("retry", "queue a dead notification again");
  auto* key = retry->add_option("KEY", o->retry_key, "the notification's key");
  retry->add_flag("--all-dead", o->all_dead, "every dead notification")->excludes(key);
  return [o, retry](CommandContext& ctx) {
    if (retry->parsed()) {
      if (o->retry_key.empty() && !o->all_dead) {
        return Status::Usage(Tr(ctx.lang(), "outbox retry: gi en NØKKEL eller --all-dead",
                                "outbox retry: give a KEY or --all-dead"));
      }
      return OutboxRetryCommand(ctx, o->retry_key);
    }
    return OutboxCommand(ctx, o->dead ? "dead" : o->failed ? "failed" : "queue");
  };
}

Runner DefineDigest(CLI::App* cmd) {
  struct Options {
    std::string name;
    bool dry_run = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("NAME", o->name, "the digest's name")->required();
  cmd->add_flag("--dry-run", o->dry_run, "print it instead");
  return [o](CommandContext& ctx) { return DigestCommand(ctx, o->name, o->dry_run); };
}

Runner DefineToken(CLI::App* cmd) {
  cmd->require_subcommand(1);
  auto o = std::make_shared<TokenOptions>();
  auto id = std::make_shared<int64_t>(0);
  auto* create = cmd->add_subcommand("create", "make a token; it is shown once");
  create->add_option("--unit", o->unit, "for one unit's measures");
  create->add_flag("--admin", o->admin, "may do everything");
  create->add_flag("--read-only", o->read_only, "may read everything");
  create->add_option("--name", o->name, "what it is for");
  auto* list = cmd->add_subcommand("list", "every token, without the secret");
  auto* revoke = cmd->add_subcommand("revoke", "withdraw a token");
  revoke->add_option("ID", *id, "the token's id")->required();
  return [o, id, create, list](CommandContext& ctx) {
    if (create->parsed()) return TokenCreateCommand(ctx, *o);
    if (list->parsed()) return TokenListCommand(ctx);
    return TokenRevokeCommand(ctx, *id);
  };
}

Runner DefineSimulate(CLI::App* cmd) {
  auto o = std::make_shared<SimulateOptions>();
  cmd->add_option("--from", o->from, "first day (dd.mm.yyyy)")->required();
  cmd->add_option("--to", o->to, "last day (dd.mm.yyyy)")->required();
  cmd->add_option("--plan", o->plan, "a plan to simulate instead of the database");
  cmd->add_option("--format", o->format, "jsonl or table")
      ->check(CLI::IsMember({"jsonl", "table"}));
  return [o](CommandContext& ctx) { return SimulateCommand(ctx, *o); };
}

Runner DefineMigrate(CLI::App* cmd) {
  struct Options {
    std::string to;
    std::string password_file;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--to", o->to, "the PostgreSQL database's URL (postgresql://...)")->required();
  cmd->add_option("--password-file", o->password_file, "a file whose first line is its password");
  return [o](CommandContext& ctx) { return MigrateCommand(ctx, o->to, o->password_file); };
}

// The subcommands, in the order `--help` lists them.
const std::vector<Subcommand>& Subcommands() {
  static const std::vector<Subcommand> kAll = {
      {"run", "the daemon, in the foreground", true, DefineRun},
      {"status", "whether a daemon runs, its queue and last send", true, DefineStatus, true},
      {"check", "validate the configuration, units and rule files", false, DefineCheck},
      {"import", "import an action plan, all or nothing", true, DefineImport},
      {"export", "write every measure to standard output or a file", true, DefineExport},
      {"list", "list measures", true, DefineList},
      {"show", "a measure with its events and notifications", true, DefineShow},
      {"set", "change a measure", true, DefineSet},
      {"ack", "acknowledge a measure's notices", true, DefineAck},
      {"explain", "a measure's coming notices and how they came about", true, DefineExplain},
      {"outbox", "the delivery queue", true, DefineOutbox, true},
      {"digest", "build a digest now and send it", true, DefineDigest},
      {"token", "API tokens", true, DefineToken},
      {"simulate", "what the daemon would send, on a copy", false, DefineSimulate},
      {"migrate", "copy this SQLite database into an empty PostgreSQL one", true, DefineMigrate},
  };
  return kAll;
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

int RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err,
                   const FrontEndFactory& front_end) {
  // Held from the first moment: a SIGTERM during `run`'s start is a clean stop (the service
  // releases them once it listens).
  HoldStopSignals();
  CLI::App app{"fristvakt: follows up the deadlines of a sector's action plans"};
  app.set_version_flag("--version", std::string(FRISTVAKT_VERSION));
  app.require_subcommand(1);
  std::string config_flag;
  std::string log_level = "info";
  app.add_option("-c,--config", config_flag, "the configuration file (fristvakt.yaml)");
  auto* log_flag = app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
                       ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

  struct Defined {
    const Subcommand* command;
    CLI::App* app;
    Runner run;
  };
  std::vector<Defined> defined;
  for (const Subcommand& c : Subcommands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    defined.push_back({&c, sub, c.define(sub)});
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    ReleaseStopSignals();
    int code = app.exit(e, out, err);
    return code == 0 ? 0 : static_cast<int>(Status::Code::kUsage);
  }
  const Defined* chosen = nullptr;
  for (const Defined& d : defined) {
    if (d.app->parsed()) chosen = &d;
  }
  if (chosen == nullptr) return Finish(Status::Usage("no command given"), err);

  const bool is_run = std::string_view(chosen->command->name) == "run";
  if (!is_run) ReleaseStopSignals();  // Ctrl-C ends any other command at once
  // Only the daemon reports its work as it goes; other commands log warnings and errors.
  SetUpLogging(log_flag->count() > 0 || is_run ? log_level : "warn");

  CommandContext ctx;
  ctx.out = &out;
  ctx.err = &err;
  ctx.front_end = front_end;
  // `outbox retry` writes: it needs a configuration that holds.
  const bool tolerant =
      chosen->command->reads_the_database_only && chosen->app->get_subcommands().empty();
  if (Status s = LoadContext(config_flag, chosen->command->needs_store, tolerant, &ctx); !s.ok()) {
    return Finish(s, err);
  }
  return Finish(chosen->run(ctx), err);
}

}  // namespace fristvakt
