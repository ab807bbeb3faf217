#include "daemon/config/config_file.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "daemon/config/rule_files.h"
#include "daemon/config/units_file.h"
#include "daemon/config/yaml_file.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

namespace fs = std::filesystem;

std::string Resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(base_dir) / path).lexically_normal().string();
}

std::optional<std::chrono::minutes> ParseClockTime(const std::string& text) {
  static const std::regex kTime(R"(([01]?\d|2[0-3]):([0-5]\d))");
  std::smatch m;
  if (!std::regex_match(text, m, kTime)) return std::nullopt;
  return std::chrono::minutes(std::stoi(m[1]) * 60 + std::stoi(m[2]));
}

std::optional<int> ParseWeekday(const std::string& text) {
  static const std::map<std::string, int> kDays = {
      {"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4}, {"fri", 5}, {"sat", 6},
      {"søn", 0}, {"man", 1}, {"tir", 2}, {"ons", 3}, {"tor", 4}, {"fre", 5}, {"lør", 6}};
  auto it = kDays.find(FoldCase(text));
  if (it == kDays.end()) return std::nullopt;
  return it->second;
}

// The first line of a secret file, without its line break. Only the path is ever reported.
bool ReadSecretFile(const std::string& path, Secret* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string value;
  std::getline(in, value);
  if (!value.empty() && value.back() == '\r') value.pop_back();
  *out = Secret(value);
  return true;
}

// A secret from `key`_file, else the credential `credential` (systemd LoadCredential=), else
// the environment variable `variable`. Missing everywhere leaves `out` empty.
void LoadSecret(MapReader* map, const std::string& base_dir, const std::string& key,
                const std::string& credential, const std::string& variable, const Environment& env,
                Secret* out) {
  if (auto file = map->Text(key)) {
    std::string path = Resolve(base_dir, *file);
    if (!ReadSecretFile(path, out)) {
      map->diag()->Error(map->PositionOf(key), "cannot read the secret file '" + path + "'");
    }
    return;
  }
  if (auto dir = env("CREDENTIALS_DIRECTORY")) {
    if (ReadSecretFile((fs::path(*dir) / credential).string(), out)) return;
  }
  if (auto value = env(variable)) *out = Secret(*value);
}

std::string StateDefault(const Environment& env, const std::string& base_dir,
                         const std::string& name);

bool IsDatabaseUrl(const std::string& text) {
  return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

// `database:` is an SQLite file (relative to the configuration's folder), a PostgreSQL URL,
// or a mapping {url: postgresql://..., password_file: ...} whose password comes as smtp's does
// (docs/configuration.md). A URL without a password_file leaves the password to libpq
// (~/.pgpass, PGPASSFILE). A password written into the URL itself is refused: it would end
// up in messages and in `ps`.
void LoadDatabase(MapReader* top, const std::string& base_dir, const Environment& env, Config* c) {
  c->database_path = StateDefault(env, base_dir, "fristvakt.db");
  YAML::Node node = top->Get("database");
  if (!node.IsDefined() || node.IsNull()) return;
  std::optional<std::string> url;
  if (node.IsMap()) {
    MapReader map(top->file(), node, "'database'", top->diag());
    if (!map.valid()) return;
    url = map.Text("url", true);
    if (url && !IsDatabaseUrl(*url)) {
      map.diag()->Error(map.PositionOf("url"),
                        "'url' must be a postgresql:// URL, not '" + *url + "'");
      return;
    }
    LoadSecret(&map, base_dir, "password_file", "database", "FRISTVAKT_DATABASE_PASSWORD", env,
               &c->database_password);
    map.Finish();
    if (!url) return;
  } else {
    url = top->Text("database");
    if (!url) return;
    if (!IsDatabaseUrl(*url)) {
      c->database_path = Resolve(base_dir, *url);
      return;
    }
  }
  const size_t host = url->find("://") + 3;
  const size_t at = url->find('@', host);
  const size_t end = url->find_first_of("/?", host);
  if (at != std::string::npos && (end == std::string::npos || at < end) &&
      url->substr(host, at - host).find(':') != std::string::npos) {
    top->diag()->Error(top->PositionOf("database"),
                       "the database URL must not hold a password; give 'password_file' "
                       "(docs/configuration.md)");
    return;
  }
  c->database_path = *url;
}

void LoadCalendar(MapReader* top, Config* c) {
  YAML::Node node = top->Get("calendar");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader map(top->file(), node, "'calendar'", top->diag());
  if (!map.valid()) return;
  Diagnostics* diag = map.diag();
  if (auto holidays = map.Text("holidays")) {
    if (*holidays == "norway") {
      c->calendar.norwegian_holidays = true;
    } else if (*holidays == "none") {
      c->calendar.norwegian_holidays = false;
    } else {
      diag->Error(map.PositionOf("holidays"), "'holidays' must be norway or none, not '" +
                                                  *holidays + "'" +
                                                  DidYouMean(*holidays, {"norway", "none"}));
    }
  }
  if (auto days = map.TextList("workdays")) {
    c->calendar.workdays.fill(false);
    bool all_known = true;
    for (const std::string& day : *days) {
      if (auto wd = ParseWeekday(day)) {
        c->calendar.workdays[*wd] = true;
      } else {
        all_known = false;
        diag->Error(map.PositionOf("workdays"),
                    "unknown weekday '" + day + "' (use mon, tue, wed, thu, fri, sat, sun)" +
                        DidYouMean(day, {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}));
      }
    }
    // With no working day there is no send slot: nothing would ever be sent.
    if (all_known && std::find(c->calendar.workdays.begin(), c->calendar.workdays.end(), true) ==
                         c->calendar.workdays.end()) {
      diag->Error(map.PositionOf("workdays"),
                  "'workdays' names no day: nothing would ever be sent (leave it out for "
                  "Monday to Friday)");
    }
  }
  if (auto closed = map.TextList("closed")) {
    for (const std::string& text : *closed) {
      if (auto d = ParseDate(text)) {
        c->calendar.closed.push_back(*d);
      } else {
        diag->Error(map.PositionOf("closed"), "'" + text + "' is not a date (yyyy-mm-dd)");
      }
    }
  }
  for (const char* key : {"send_time", "send_until"}) {
    if (auto text = map.Text(key)) {
      auto t = ParseClockTime(*text);
      if (!t) {
        diag->Error(map.PositionOf(key),
                    std::string("'") + key + "' must be a time of day HH:MM, not '" + *text + "'");
      } else {
        (std::string(key) == "send_time" ? c->calendar.send_time : c->calendar.send_until) = *t;
      }
    }
  }
  if (c->calendar.send_until <= c->calendar.send_time) {
    diag->Error(map.PositionOf("send_until"), "'send_until' must be later than 'send_time'");
  }
  map.Finish();
}

void LoadSmtp(MapReader* top, const std::string& base_dir, const Environment& env, Config* c) {
  YAML::Node node = top->Get("smtp");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader map(top->file(), node, "'smtp'", top->diag());
  if (!map.valid()) return;
  Diagnostics* diag = map.diag();
  SmtpConfig smtp;
  if (auto url = map.Text("url", true)) {
    smtp.url = *url;
    static const std::regex kUrl(R"(smtps?://[A-Za-z0-9.\-\[\]:]+(:\d{1,5})?/?)");
    if (!std::regex_match(smtp.url, kUrl)) {
      diag->Error(map.PositionOf("url"),
                  "'url' must be smtp://HOST[:PORT] or smtps://HOST[:PORT], not '" + *url + "'");
    }
  }
  if (auto starttls = map.Text("starttls")) {
    if (*starttls == "required") {
      smtp.starttls = StartTls::kRequired;
    } else if (*starttls == "optional") {
      smtp.starttls = StartTls::kOptional;
    } else if (*starttls == "off") {
      smtp.starttls = StartTls::kOff;
    } else {
      diag->Error(map.PositionOf("starttls"),
                  "'starttls' must be required, optional or off, not '" + *starttls + "'" +
                      DidYouMean(*starttls, {"required", "optional", "off"}));
    }
    if (smtp.url.rfind("smtps://", 0) == 0) {
      diag->Warning(map.PositionOf("starttls"), "'starttls' has no effect with smtps://");
    }
  }
  if (auto from = map.Text("from", true)) {
    smtp.from = Trim(*from);
    static const std::regex kNamed(R"(([^<>\r\n]*)<([^<>\s]+)>)");
    std::smatch m;
    std::string address = std::regex_match(smtp.from, m, kNamed) ? m[2].str() : smtp.from;
    if (!IsValidEmailAddress(address)) {
      diag->Error(map.PositionOf("from"), "malformed sender address '" + smtp.from + "'");
    }
  }
  if (auto user = map.Text("username")) smtp.username = *user;
  LoadSecret(&map, base_dir, "password_file", "smtp", "FRISTVAKT_SMTP_PASSWORD", env,
             &smtp.password);
  if (!smtp.username.empty() && smtp.password.empty()) {
    diag->Error(map.PositionOf("username"),
                "'username' is set but there is no password: give 'password_file', the "
                "credential 'smtp', or FRISTVAKT_SMTP_PASSWORD");
  }
  if (auto ca = map.Text("ca_file")) {
    smtp.ca_file = Resolve(base_dir, *ca);
    if (std::error_code ec; !fs::exists(smtp.ca_file, ec)) {
      diag->Error(map.PositionOf("ca_file"), "no such file '" + smtp.ca_file + "'");
    }
  }
  map.Finish();
  c->smtp = std::move(smtp);
}

void LoadWebhooks(MapReader* top, const std::string& base_dir, const Environment& env, Config* c) {
  YAML::Node node = top->Get("webhooks");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader all(top->file(), node, "'webhooks'", top->diag());
  if (!all.valid()) return;
  for (const auto& kv : node) {
    std::string name = kv.first.Scalar();
    all.Get(name);
    MapReader map(top->file(), kv.second, "webhook '" + name + "'", top->diag());
    if (!map.valid()) continue;
    WebhookConfig hook;
    hook.name = name;
    if (!IsValidId(name)) {
      map.diag()->Error(
          PositionOf(top->file(), kv.first),
          "webhook name '" + name + "' must be lower-case letters, digits, '-' or '_'");
    }
    if (auto url = map.Text("url", true)) {
      hook.url = *url;
      static const std::regex kUrl(R"(https?://[^\s/?#]+[^\s]*)");
      if (!std::regex_match(hook.url, kUrl)) {
        map.diag()->Error(map.PositionOf("url"), "'url' must be an http:// or https:// address");
      }
    }
    if (auto format = map.Text("format")) {
      if (*format == "json") {
        hook.format = WebhookFormat::kJson;
      } else if (*format == "teams") {
        hook.format = WebhookFormat::kTeams;
      } else if (*format == "slack") {
        hook.format = WebhookFormat::kSlack;
      } else {
        map.diag()->Error(map.PositionOf("format"),
                          "'format' must be json, teams or slack, not '" + *format + "'" +
                              DidYouMean(*format, {"json", "teams", "slack"}));
      }
    }
    std::string variable = "FRISTVAKT_WEBHOOK_SECRET_";
    for (char ch : name) variable.push_back(ch == '-' ? '_' : static_cast<char>(std::toupper(ch)));
    LoadSecret(&map, base_dir, "secret_file", "webhook-" + name, variable, env, &hook.secret);
    map.Finish();
    c->webhooks.emplace(name, std::move(hook));
  }
}

std::optional<DigestSection> ParseSection(const std::string& s) {
  static const std::map<std::string, DigestSection> kSections = {
      {"overdue", DigestSection::kOverdue},
      {"due_soon", DigestSection::kDueSoon},
      {"moved", DigestSection::kMoved},
      {"stale", DigestSection::kStale},
      {"done_recently", DigestSection::kDoneRecently},
      {"cancelled", DigestSection::kCancelled}};
  auto it = kSections.find(s);
  if (it == kSections.end()) return std::nullopt;
  return it->second;
}

void ReadDuration(MapReader* map, const std::string& key, Duration* out) {
  if (auto text = map->Text(key)) {
    if (auto d = ParseDuration(*text)) {
      *out = *d;
    } else {
      map->diag()->Error(map->PositionOf(key), "'" + key +
                                                   "' must be a duration such as 14d, "
                                                   "2w or 10wd, not '" +
                                                   *text + "'");
    }
  }
}

void LoadDigests(MapReader* top, Config* c) {
  YAML::Node node = top->Get("digests");
  if (!node.IsDefined() || node.IsNull()) return;
  Diagnostics* diag = top->diag();
  if (!node.IsSequence()) {
    diag->Error(top->PositionOf("digests"), "'digests' must be a list");
    return;
  }
  std::set<std::string> names;
  for (const auto& item : node) {
    MapReader map(top->file(), item, "a digest", diag);
    if (!map.valid()) continue;
    DigestConfig digest;
    if (auto name = map.Text("name", true)) {
      digest.name = *name;
      if (!IsValidId(digest.name)) {
        diag->Error(map.PositionOf("name"), "digest name '" + digest.name +
                                                "' must be lower-case letters, digits, '-' or '_'");
      } else if (!names.insert(digest.name).second) {
        diag->Error(map.PositionOf("name"), "duplicate digest name '" + digest.name + "'");
      }
    }
    if (auto text = map.Text("cron", true)) {
      std::string error;
      digest.cron = CronExpression::Parse(*text, &error);
      if (!digest.cron) diag->Error(map.PositionOf("cron"), "'cron': " + error);
    }
    if (auto to = map.TextList("to", true)) {
      digest.to = *to;
      for (const std::string& id : digest.to) {
        if (id != "each_unit" && c->directory.Find(id) == nullptr) {
          diag->Error(map.PositionOf("to"),
                      "unknown recipient '" + id + "' (not a unit or group id, nor each_unit)");
        }
      }
    }
    if (auto sections = map.TextList("sections")) {
      digest.sections.clear();
      for (const std::string& s : *sections) {
        if (auto section = ParseSection(s)) {
          digest.sections.push_back(*section);
        } else {
          diag->Error(map.PositionOf("sections"),
                      "unknown section '" + s +
                          "' (use overdue, due_soon, moved, stale, done_recently, cancelled)" +
                          DidYouMean(s, {"overdue", "due_soon", "moved", "stale", "done_recently",
                                         "cancelled"}));
        }
      }
    }
    ReadDuration(&map, "due_soon", &digest.due_soon);
    ReadDuration(&map, "stale_after", &digest.stale_after);
    if (auto b = map.Boolean("working_days_only")) digest.working_days_only = *b;
    if (auto b = map.Boolean("send_empty")) digest.send_empty = *b;
    map.Finish();
    c->digests.push_back(std::move(digest));
  }
}

// "90s", "5m", "1h", "2d": a span of time in the delivery settings.
std::optional<std::chrono::seconds> ParseSpan(const std::string& text) {
  static const std::regex kSpan(R"((\d{1,7})(s|m|h|d))");
  std::smatch m;
  if (!std::regex_match(text, m, kSpan)) return std::nullopt;
  const int64_t n = std::stoll(m[1]);
  const char unit = m[2].str()[0];
  const int64_t factor = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : 86400;
  return std::chrono::seconds(n * factor);
}

void LoadDelivery(MapReader* top, Config* c) {
  YAML::Node node = top->Get("delivery");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader map(top->file(), node, "'delivery'", top->diag());
  if (!map.valid()) return;
  DeliveryConfig& d = c->delivery;
  for (auto [key, field] :
       {std::pair{"first_retry", &d.first_retry}, std::pair{"max_retry", &d.max_retry},
        std::pair{"give_up", &d.give_up}, std::pair{"timeout", &d.timeout}}) {
    auto text = map.Text(key);
    if (!text) continue;
    auto span = ParseSpan(*text);
    if (!span || span->count() == 0) {
      map.diag()->Error(map.PositionOf(key), std::string("'") + key +
                                                 "' must be a time such as 30s, 5m, 1h or 1d, "
                                                 "not '" +
                                                 *text + "'");
    } else {
      *field = *span;
    }
  }
  if (auto n = map.Integer("webhook_limit", 1, 1000)) d.webhook_limit = *n;
  if (auto n = map.Integer("smtp_limit", 1, 100)) d.smtp_limit = *n;
  map.Finish();
}

void LoadApi(MapReader* top, Config* c) {
  YAML::Node node = top->Get("api");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader map(top->file(), node, "'api'", top->diag());
  if (!map.valid()) return;
  if (auto listen = map.Text("listen", true)) {
    static const std::regex kListen(R"((\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+):(\d{1,5}))");
    std::smatch m;
    int port = 0;
    if (std::regex_match(*listen, m, kListen)) port = std::stoi(m[2]);
    if (port < 1 || port > 65535) {
      map.diag()->Error(
          map.PositionOf("listen"),
          "'listen' must be HOST:PORT (such as 127.0.0.1:8470), not '" + *listen + "'");
    } else {
      std::string host = m[1];
      if (host.front() == '[') host = host.substr(1, host.size() - 2);
      c->api = ApiConfig{host, port};
    }
  }
  if (auto max = map.Integer("max_connections", 1, 100000)) {
    if (c->api) c->api->max_connections = *max;
  }
  map.Finish();
}

void LoadAnswers(MapReader* top, Config* c) {
  YAML::Node node = top->Get("answers");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader map(top->file(), node, "'answers'", top->diag());
  if (!map.valid()) return;
  ReadDuration(&map, "link_valid", &c->answers.link_valid);
  ReadDuration(&map, "ack_max", &c->answers.ack_max);
  if (auto moves = map.Text("deadline_moves")) {
    if (*moves == "request" || *moves == "direct" || *moves == "none") {
      c->answers.deadline_moves = *moves;
    } else {
      map.diag()->Error(map.PositionOf("deadline_moves"),
                        "'deadline_moves' must be request, direct or none, not '" + *moves + "'" +
                            DidYouMean(*moves, {"request", "direct", "none"}));
    }
  }
  if (auto approvers = map.TextList("approvers")) {
    for (const std::string& id : *approvers) {
      const Recipient* r = c->directory.Find(id);
      if (r == nullptr || !r->is_group) {
        map.diag()->Error(map.PositionOf("approvers"),
                          "'approvers' must name groups of units.yaml; '" + id + "' is not one");
      }
    }
    c->answers.approvers = *approvers;
  }
  map.Finish();
}

// Default for the state files: $STATE_DIRECTORY (systemd's StateDirectory=), else the folder of
// the configuration file, so that every command finds the same database wherever it is run.
std::string StateDefault(const Environment& env, const std::string& base_dir,
                         const std::string& name) {
  if (auto dir = env("STATE_DIRECTORY"); dir && !dir->empty()) {
    std::string first = dir->substr(0, dir->find(':'));
    return (fs::path(first) / name).string();
  }
  return Resolve(base_dir, name);
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string FindConfigPath(const std::string& flag, const Environment& env) {
  if (!flag.empty()) return flag;
  if (auto path = env("FRISTVAKT_CONFIG"); path && !path->empty()) return *path;
  if (fs::exists("/etc/fristvakt/fristvakt.yaml")) return "/etc/fristvakt/fristvakt.yaml";
  return "fristvakt.yaml";
}

void LoadConfig(const std::string& path, const Environment& env, Config* c, Diagnostics* diag) {
  c->path = path;
  std::string base_dir = fs::path(path).parent_path().string();
  if (base_dir.empty()) base_dir = ".";
  // Where the state is even when the file cannot be read: `status` and `outbox` still find
  // the database of a daemon that runs on its last good configuration.
  c->database_path = StateDefault(env, base_dir, "fristvakt.db");
  c->spool_path = StateDefault(env, base_dir, "spool");
  try {
    c->timezone = date::locate_zone(c->timezone_name);
  } catch (const std::exception&) {  // no time zone database: said below, when it is read
  }
  YAML::Node root;
  if (!LoadYamlFile(path, &root, diag)) return;
  MapReader top(path, root, "fristvakt.yaml", diag);
  if (!top.valid()) return;

  if (auto tz = top.Text("timezone")) c->timezone_name = *tz;
  try {
    c->timezone = date::locate_zone(c->timezone_name);
  } catch (const std::exception&) {
    diag->Error(top.PositionOf("timezone"),
                "unknown time zone '" + c->timezone_name + "' (an IANA name such as Europe/Oslo)");
    c->timezone = date::locate_zone("UTC");
  }
  if (auto lang = top.Text("language")) {
    if (*lang == "nb") {
      c->language = Language::kNb;
    } else if (*lang == "nn") {
      c->language = Language::kNn;
    } else if (*lang == "en") {
      c->language = Language::kEn;
    } else {
      diag->Error(top.PositionOf("language"),
                  "'language' must be nb, nn or en, not '" + *lang + "'");
    }
  }
  LoadDatabase(&top, base_dir, env, c);
  auto spool = top.Text("spool");
  c->spool_path = spool ? Resolve(base_dir, *spool) : StateDefault(env, base_dir, "spool");
  c->units_path = Resolve(base_dir, top.Text("units").value_or("units.yaml"));
  c->rules_path = Resolve(base_dir, top.Text("rules").value_or("rules/"));
  if (auto templates = top.Text("templates")) c->templates_path = Resolve(base_dir, *templates);
  if (auto url = top.Text("public_url")) {
    if (url->rfind("https://", 0) == 0 || url->rfind("http://", 0) == 0) {
      c->public_url = *url;
      while (!c->public_url.empty() && c->public_url.back() == '/') c->public_url.pop_back();
    } else {
      diag->Error(top.PositionOf("public_url"),
                  "'public_url' must be an https:// (or http://) address, not '" + *url + "'");
    }
  }

  LoadCalendar(&top, c);
  LoadSmtp(&top, base_dir, env, c);
  LoadWebhooks(&top, base_dir, env, c);
  std::set<std::string> webhook_names;
  for (const auto& [name, hook] : c->webhooks) webhook_names.insert(name);
  // A units file or rules folder that is not there is said where the configuration names it.
  std::error_code ec;  // a path too long or not allowed reads as not there
  if (!fs::is_regular_file(c->units_path, ec)) {
    diag->Error(top.PositionOf("units"),
                "the units file '" + c->units_path + "' " +
                    (fs::is_directory(c->units_path, ec) ? "is a folder" : "does not exist"));
  } else {
    LoadDirectory(c->units_path, webhook_names, &c->directory, diag);
  }
  LoadDigests(&top, c);
  LoadApi(&top, c);
  LoadAnswers(&top, c);
  if (!c->public_url.empty() && !c->api) {
    diag->Warning(top.PositionOf("public_url"),
                  "'public_url' without 'api.listen': the links in notices lead to pages that "
                  "no one serves");
  }
  if (!c->public_url.empty() && c->answers.deadline_moves == "request" &&
      c->answers.approvers.empty()) {
    diag->Warning(top.PositionOf("public_url"),
                  "no 'answers.approvers': units cannot ask for a new deadline through their "
                  "links until groups are named to decide the requests");
  }
  LoadDelivery(&top, c);
  top.Finish();
  if (!fs::is_directory(c->rules_path, ec)) {
    diag->Error(top.PositionOf("rules"),
                "the rules folder '" + c->rules_path + "' " +
                    (fs::exists(c->rules_path, ec) ? "is not a folder" : "does not exist"));
    return;
  }
  LoadRuleFiles(c->rules_path, c->directory, &c->rules, diag);
}

}  // namespace fristvakt
