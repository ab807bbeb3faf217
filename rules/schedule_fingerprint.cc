#include "rules/schedule_fingerprint.h"

#include <nlohmann/json.hpp>

#include "rules/json_text.h"

namespace fristvakt {
namespace {

using nlohmann::json;

json DurationJson(const Duration& d) { return {d.count, static_cast<int>(d.unit)}; }

// Every field of a rule that evaluation reads; not where it was written.
json RuleJson(const Rule& r) {
  json statuses = json::array();
  for (MeasureStatus s : r.filter.status) statuses.push_back(static_cast<int>(s));
  json channels = json::array();
  for (Channel c : r.channels) channels.push_back(static_cast<int>(c));
  return {r.name,
          r.area,
          static_cast<int>(r.trigger),
          DurationJson(r.offset),
          static_cast<int>(r.event),
          r.to,
          channels,
          r.repeat ? DurationJson(*r.repeat) : json(nullptr),
          r.max_times ? json(*r.max_times) : json(nullptr),
          statuses,
          r.filter.priority,
          r.filter.units,
          r.filter.tags,
          r.unless_acknowledged,
          static_cast<int>(r.severity),
          r.template_name};
}

json RecipientJson(const Recipient& r) { return {r.id, r.email, r.webhook, r.is_group}; }

}  // namespace

std::string ScheduleFingerprint::ToString() const {
  return JsonText(json{{"shared", shared}, {"areas", areas}});
}

std::optional<ScheduleFingerprint> ScheduleFingerprint::Parse(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("shared") || !j["shared"].is_string() || !j.contains("areas") ||
      !j["areas"].is_object()) {
    return std::nullopt;
  }
  ScheduleFingerprint f;
  f.shared = j["shared"].get<std::string>();
  for (const auto& [area, text] : j["areas"].items()) {
    if (!text.is_string()) return std::nullopt;
    f.areas[area] = text.get<std::string>();
  }
  return f;
}

ScheduleFingerprint FingerprintSchedule(const Config& config) {
  ScheduleFingerprint f;
  const CalendarConfig& cal = config.calendar;
  json closed = json::array();
  for (Date d : cal.closed) closed.push_back(FormatIsoDate(d));
  json recipients = json::array();
  for (const Recipient& r : config.directory.units()) recipients.push_back(RecipientJson(r));
  for (const Recipient& r : config.directory.groups()) recipients.push_back(RecipientJson(r));
  json shared = {
      config.timezone != nullptr ? std::string(config.timezone->name()) : config.timezone_name,
      cal.norwegian_holidays,
      cal.workdays,
      closed,
      cal.send_time.count(),
      cal.send_until.count(),
      recipients};
  f.shared = JsonText(shared);
  for (const FocusArea& area : config.rules.areas) {
    json rules = json::array();
    for (const Rule* r : config.rules.EffectiveRules(area.id)) rules.push_back(RuleJson(*r));
    f.areas[area.id] = JsonText(rules);
  }
  return f;
}

}  // namespace fristvakt
