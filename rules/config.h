#ifndef FRISTVAKT_RULES_CONFIG_H_
#define FRISTVAKT_RULES_CONFIG_H_

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/calendar.h"
#include "rules/classify.h"
#include "rules/cron.h"
#include "rules/dates.h"
#include "rules/diagnostics.h"
#include "rules/duration.h"
#include "rules/model.h"
#include "rules/rule_set.h"
#include "rules/units.h"

// The values of the main configuration, fristvakt.yaml (docs/configuration.md), with the units
// and rule files it names. Loading and validating it is daemon/config/config_file.h's work.
namespace fristvakt {

// A password or signing key. It has no operator<< and no implicit conversion, so it cannot end
// up in a log line or an error message by accident; reveal() is for the one place that sends it.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  bool empty() const { return value_.empty(); }
  const std::string& reveal() const { return value_; }

 private:
  std::string value_;
};

enum class StartTls { kRequired, kOptional, kOff };

struct SmtpConfig {
  std::string url;
  StartTls starttls = StartTls::kRequired;
  std::string from;  // as written: "Name <address>" or an address
  std::string username;
  Secret password;
  std::string ca_file;  // a private CA for the server's certificate; empty: the system's
};

enum class WebhookFormat { kJson, kTeams, kSlack };

struct WebhookConfig {
  std::string name;
  std::string url;
  WebhookFormat format = WebhookFormat::kJson;
  Secret secret;
};

enum class DigestSection { kOverdue, kDueSoon, kMoved, kStale, kDoneRecently, kCancelled };
const char* DigestSectionName(DigestSection s);

struct DigestConfig {
  std::string name;
  std::optional<CronExpression> cron;
  std::vector<std::string> to;  // group or unit ids, or "each_unit"
  std::vector<DigestSection> sections = {DigestSection::kOverdue,      DigestSection::kDueSoon,
                                         DigestSection::kMoved,        DigestSection::kStale,
                                         DigestSection::kDoneRecently, DigestSection::kCancelled};
  Duration due_soon = kDefaultThresholds.due_soon;
  Duration stale_after = kDefaultThresholds.stale_after;
  bool working_days_only = true;
  bool send_empty = false;

  Thresholds thresholds() const { return {due_soon, stale_after}; }
};

// How the dispatcher delivers (docs/messages.md, "Delivery"); every value has a sensible default.
struct DeliveryConfig {
  std::chrono::seconds first_retry{30};     // back-off starts here and doubles
  std::chrono::seconds max_retry{3600};     // and never waits longer than this
  std::chrono::seconds give_up{24 * 3600};  // after this since it was due: dead
  std::chrono::seconds timeout{30};         // one transfer, SMTP or HTTP
  int webhook_limit = 16;                   // requests in flight to one webhook URL
  int smtp_limit = 4;                       // SMTP connections at once
};

struct ApiConfig {
  std::string host;
  int port = 0;
  // Connections served at once; more wait in the kernel's queue. The default leaves most of
  // the unit's descriptors (LimitNOFILE) to sending, the database and the spool.
  int max_connections = 256;
};

// Whether units may ask for, or make, a new deadline through their link.
enum class DeadlineMoves { kNone, kRequest, kDirect };

// How units answer (docs/configuration.md, "answers").
struct AnswersConfig {
  Duration link_valid{30, Duration::Unit::kDays};  // an answer link works this long
  Duration ack_max{30, Duration::Unit::kDays};     // how far ahead a unit may acknowledge
  std::string deadline_moves = "request";          // request, direct or none
  std::vector<std::string> approvers;              // groups that decide deadline requests

  // What a unit may do with a deadline: requests need someone to decide them, so without
  // approvers there are none.
  DeadlineMoves moves() const {
    if (deadline_moves == "direct") return DeadlineMoves::kDirect;
    if (deadline_moves == "request" && !approvers.empty()) return DeadlineMoves::kRequest;
    return DeadlineMoves::kNone;
  }
};

// Everything fristvakt reads at start and on reload. Constant once loaded; a reload builds a
// new one.
struct Config {
  std::string path;  // of fristvakt.yaml
  std::string timezone_name = "Europe/Oslo";
  const date::time_zone* timezone = nullptr;
  Language language = Language::kNb;
  std::string database_path;  // an SQLite file, or a postgresql:// URL without its password
  Secret database_password;   // for a PostgreSQL database; empty: libpq's own means
  std::string units_path;
  std::string rules_path;
  std::string spool_path;
  std::string templates_path;  // empty: the built-in templates only
  CalendarConfig calendar;
  DeliveryConfig delivery;
  std::optional<SmtpConfig> smtp;
  std::map<std::string, WebhookConfig> webhooks;
  std::vector<DigestConfig> digests;
  std::optional<ApiConfig> api;
  std::string public_url;  // where people reach the web pages; empty: not said
  AnswersConfig answers;
  Directory directory;
  RuleSet rules;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_CONFIG_H_
