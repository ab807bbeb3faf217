// GET /metrics: the Prometheus text format (version 0.0.4).
#include <sstream>

#include <spdlog/spdlog.h>

#include "daemon/http/api.h"
#include "rules/calendar.h"
#include "rules/classify.h"

namespace fristvakt {
namespace {

// A label value with \, " and line breaks escaped, as the text format wants.
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void Family(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

// "kind/channel" -> count, as one family with both labels.
void ByKindAndChannel(std::ostringstream& out, const char* name, const char* help,
                      const std::map<std::string, int64_t>& counts) {
  Family(out, name, "counter", help);
  for (const auto& [label, n] : counts) {
    const size_t slash = label.find('/');
    out << name << "{kind=\"" << Label(label.substr(0, slash)) << "\",channel=\""
        << Label(label.substr(slash + 1)) << "\"} " << n << "\n";
  }
}

// The `state` label of fristvakt_measures; "open" is an open measure that is on track.
const char* StateLabel(Standing s) {
  switch (s) {
    case Standing::kOnTrack:
      return "open";
    case Standing::kDueSoon:
      return "due_soon";
    case Standing::kOverdue:
      return "overdue";
    case Standing::kDone:
      return "done";
    case Standing::kCancelled:
      return "cancelled";
  }
  return "open";
}

}  // namespace

HttpResponse HttpApi::Metrics() {
  const Config& config = hooks_.config();
  std::ostringstream out;
  const DeliveryStats empty;
  const DeliveryStats* delivery = hooks_.delivery ? hooks_.delivery() : nullptr;
  const DeliveryStats& stats = delivery != nullptr ? *delivery : empty;
  ByKindAndChannel(out, "fristvakt_notifications_sent_total", "Notifications sent.", stats.sent);
  ByKindAndChannel(out, "fristvakt_notifications_failed_total",
                   "Attempts that failed and will be retried.", stats.failed);
  ByKindAndChannel(out, "fristvakt_notifications_dead_total", "Notifications given up.",
                   stats.dead);

  OutboxSummary summary;
  std::optional<Timestamp> oldest;
  if (!store_->Summarize(&summary).ok() || !store_->OldestQueued(&oldest).ok()) {
    return {503, "application/json", R"({"error": "the database is not reachable"})"};
  }
  const Timestamp now = clock_->Now();
  Family(out, "fristvakt_outbox_depth", "gauge", "Notifications queued or being sent.");
  out << "fristvakt_outbox_depth " << summary.queued << "\n";
  Family(out, "fristvakt_outbox_dead", "gauge", "Dead notifications in the outbox.");
  out << "fristvakt_outbox_dead " << summary.dead << "\n";
  Family(out, "fristvakt_outbox_oldest_age_seconds", "gauge",
         "Age of the oldest queued notification.");
  out << "fristvakt_outbox_oldest_age_seconds "
      << (oldest ? std::max<int64_t>(0, (now - *oldest).count()) : 0) << "\n";
  Family(out, "fristvakt_deliveries_in_flight", "gauge", "Deliveries under way.");
  out << "fristvakt_deliveries_in_flight " << (hooks_.in_flight ? hooks_.in_flight() : 0) << "\n";

  // Measures by focus area and state: done, cancelled, overdue, due_soon (14 days), open (on
  // track).
  std::vector<Measure> measures;
  // A database that cannot be read shows as no measures and fristvakt_measures_readable 0, so
  // that an alert can tell "nothing open" from "cannot tell".
  const Status read = store_->AllMeasures(&measures);
  if (!read.ok()) spdlog::warn("metrics: cannot read the measures: {}", read.message());
  Family(out, "fristvakt_measures_readable", "gauge",
         "1 when the measures could be read for these metrics, else 0.");
  out << "fristvakt_measures_readable " << (read.ok() ? 1 : 0) << "\n";
  const Classifier classifier(LocalDate(now, config.timezone), kDefaultThresholds,
                              Calendar(config.calendar), config.timezone);
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  for (const FocusArea& a : config.rules.areas) {
    for (const char* s : {"open", "due_soon", "overdue", "done", "cancelled"})
      counts[{a.id, s}] = 0;
  }
  for (const Measure& m : measures) {
    ++counts[{m.focus_area, StateLabel(classifier.Classify(m).standing)}];
  }
  Family(out, "fristvakt_measures", "gauge", "Measures by focus area and state.");
  for (const auto& [key, n] : counts) {
    out << "fristvakt_measures{focus_area=\"" << Label(key.first) << "\",state=\"" << key.second
        << "\"} " << n << "\n";
  }
  Family(out, "fristvakt_last_send_timestamp_seconds", "gauge",
         "When the last notification went out, by channel.");
  for (const auto& [channel, at] : stats.last_sent) {
    out << "fristvakt_last_send_timestamp_seconds{channel=\"" << Label(channel) << "\"} "
        << at.time_since_epoch().count() << "\n";
  }
  Family(out, "fristvakt_evaluation_seconds", "gauge",
         "How long the last evaluation of every measure took.");
  out << "fristvakt_evaluation_seconds "
      << (hooks_.evaluation_seconds ? hooks_.evaluation_seconds() : 0.0) << "\n";
  Family(out, "fristvakt_reloads_total", "counter", "Configuration reloads, by result.");
  const auto reloads = hooks_.reloads ? hooks_.reloads() : std::map<std::string, int64_t>{};
  for (const char* result : {"ok", "failed"}) {
    auto it = reloads.find(result);
    out << "fristvakt_reloads_total{result=\"" << result << "\"} "
        << (it == reloads.end() ? 0 : it->second) << "\n";
  }
  Family(out, "fristvakt_build_info", "gauge", "The running build.");
  out << "fristvakt_build_info{version=\"" << FRISTVAKT_VERSION << "\"} 1\n";
  return {200, "text/plain; version=0.0.4; charset=utf-8", out.str()};
}

}  // namespace fristvakt
