#include "notifiers/render.h"

#include "notifiers/render_data.h"
#include "rules/json_text.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

using kainjow::mustache::data;
using nlohmann::json;
using nlohmann::ordered_json;

std::string EventText(const json& event, Language lang) {
  const std::string kind = TextMember(event, "kind");
  const json& d = MemberOrEmpty(event, "data");
  if (kind == "deadline_moved") {
    std::string out = Tr(lang, "Fristen er flyttet fra ", "The deadline has moved from ") +
                      NorwegianDateText(TextMember(d, "old")) + Tr(lang, " til ", " to ") +
                      NorwegianDateText(TextMember(d, "new")) + ".";
    const std::string reason = TextMember(d, "reason");
    if (!reason.empty()) out += Tr(lang, " Begrunnelse: ", " Reason: ") + reason;
    return out;
  }
  if (kind == "status_changed") {
    return Tr(lang, "Status er endret fra ", "The status has changed from ") +
           StatusText(TextMember(d, "old"), lang) + Tr(lang, " til ", " to ") +
           StatusText(TextMember(d, "new"), lang) + ".";
  }
  if (kind == "acknowledged") {
    std::string out = Tr(lang, "Varslene er kvittert ut", "The notices have been acknowledged");
    const std::string until = TextMember(d, "until");
    if (!until.empty()) out += Tr(lang, " til ", " until ") + NorwegianDateText(until);
    out += ".";
    const std::string note = TextMember(d, "note");
    if (!note.empty()) out += Tr(lang, " Merknad: ", " Note: ") + note;
    return out;
  }
  return Tr(lang, "Tiltaket er registrert.", "The measure has been registered.");
}

}  // namespace

data Renderer::MeasureData(const NoticeRecord& n, const Recipient& r, Timestamp now) const {
  const Language lang = config_.language;
  const json& m = MemberOrEmpty(n.payload, "measure");
  const Date today = LocalDate(now, config_.timezone);
  const Date deadline = ParseDate(TextMember(m, "deadline")).value_or(today);
  const int to_deadline = static_cast<int>((deadline - today).count());
  const std::optional<MeasureStatus> parsed_status = ParseMeasureStatus(TextMember(m, "status"));
  const bool open = parsed_status && IsOpen(*parsed_status);
  const std::string status = StatusText(TextMember(m, "status"), lang);
  const auto updated = ParseTimestamp(TextMember(m, "updated_at"), config_.timezone);
  const Date updated_day = updated ? LocalDate(*updated, config_.timezone) : today;
  const Recipient* unit = config_.directory.Find(TextMember(m, "responsible"));
  data d;
  d.set("key", n.key);
  d.set("recipient_name", r.name);
  d.set("measure_id", TextMember(m, "id"));
  d.set("measure_title", TextMember(m, "title"));
  d.set("description", TextMember(m, "description"));
  d.set("plan", TextMember(m, "plan"));
  d.set("priority", TextMember(m, "priority"));
  d.set("comment", TextMember(m, "comment"));
  d.set("focus_area", n.payload.contains("focus_area")
                          ? TextMember(n.payload["focus_area"], "title")
                          : TextMember(m, "focus_area"));
  d.set("responsible_name", unit ? unit->name : TextMember(m, "responsible"));
  d.set("deadline", FormatNorwegianDate(deadline));
  d.set("status", status);
  d.set("progress", std::to_string(IntMember(m, "progress")));
  d.set("due_today", to_deadline == 0);
  d.set("days_to_deadline", std::to_string(to_deadline));
  d.set("days_text",
        to_deadline >= 0 ? DaysNote(to_deadline, true, status, lang) : Days(-to_deadline, lang));
  d.set("days_note", DaysNote(to_deadline, open, status, lang));
  d.set("last_update", FormatNorwegianDate(updated_day));
  d.set("days_since_update", std::to_string((today - updated_day).count()));
  d.set("severity", TextMember(n.payload, "severity"));
  const auto late = n.payload.find("late");  // end() too when the payload is no object
  d.set("late", late != n.payload.end() && late->is_boolean() && late->get<bool>());
  d.set("rule", n.rule);
  d.set("event_text", n.payload.contains("event") ? EventText(n.payload["event"], lang) : "");
  // What the reader can do depends on who reads and on what the configuration allows; a group
  // follows the measure up and is told what the unit has said (SPEC §9).
  d.set("to_unit", !r.is_group);
  d.set("to_group", r.is_group);
  SetAnswerData(AnswerFromJson(m, config_.timezone), config_, &d);
  const DeadlineMoves moves = config_.answers.moves();
  d.set("moves_request", moves == DeadlineMoves::kRequest);
  d.set("moves_direct", moves == DeadlineMoves::kDirect);
  const bool approval = n.kind == "approval";
  // Mustache takes every text, even an empty one, as true: sections test these.
  d.set("answer_url", approval ? "" : n.action_url);
  d.set("approve_url", approval ? n.action_url : "");
  d.set("has_answer_url", !approval && !n.action_url.empty());
  d.set("has_approve_url", approval && !n.action_url.empty());
  if (approval && n.payload.contains("event")) {
    const json& e = n.payload["event"];
    const json& data = MemberOrEmpty(e, "data");
    d.set("requested_deadline", NorwegianDateText(TextMember(data, "new")));
    d.set("request_reason", TextMember(data, "reason"));
  }
  return d;
}

data Renderer::DigestData(const NoticeRecord& n, const Recipient& r) const {
  data d;
  d.set("key", n.key);
  d.set("recipient_name", r.name);
  d.set("digest_name", n.rule);
  SetDigestData(BuildDigestView(n.payload, n.rule, config_), config_, &d);
  return d;
}

std::optional<OutgoingMessage> Renderer::Render(const NoticeRecord& n, Timestamp now) const {
  const Recipient* r = config_.directory.Find(n.recipient);
  if (r == nullptr) return std::nullopt;
  const bool digest = n.kind == "digest";
  std::string name = n.kind;
  for (const FocusArea& area : config_.rules.areas) {
    for (const Rule& rule : area.rules) {
      if (!digest && rule.name == n.rule && !rule.template_name.empty()) name = rule.template_name;
    }
  }
  for (const Rule& rule : config_.rules.defaults) {
    if (!digest && rule.name == n.rule && !rule.template_name.empty()) name = rule.template_name;
  }
  data d = digest ? DigestData(n, *r) : MeasureData(n, *r, now);
  OutgoingMessage out;
  out.key = n.key;
  out.channel = n.channel;
  out.date = now;
  out.subject = Trim(templates_.Render(name, "subject", d));
  d.set("subject", out.subject);
  out.text = templates_.Render(name, "text", d);
  if (n.channel == Channel::kEmail) {
    out.to_name = r->name;
    out.to = r->email;
    out.html = templates_.Render(name, "html", d);
    return out;
  }
  auto hook = config_.webhooks.find(r->webhook);
  if (hook == config_.webhooks.end()) return std::nullopt;
  out.webhook = hook->first;
  out.body = WebhookBody(n, *r, hook->second.format, out.subject, out.text, now);
  return out;
}

ordered_json Renderer::WebhookJson(const NoticeRecord& n, const Recipient& r,
                                   const std::string& text, Timestamp now) const {
  ordered_json out;
  out["schema"] = "fristvakt.notification/v1";
  out["key"] = n.key;
  out["kind"] = n.kind;
  out["sent_at"] = FormatIsoTimestamp(now, config_.timezone);
  out["rule"] = n.rule;
  out["severity"] = n.kind == "digest" ? "info" : TextMember(n.payload, "severity");
  out["recipient"] = {{"id", r.id}, {"name", r.name}};
  if (n.kind == "digest") {
    out["focus_area"] = nullptr;
    out["sections"] = MemberOrEmpty(MemberOrEmpty(n.payload, "digest"), "sections");
  } else {
    const json& m = MemberOrEmpty(n.payload, "measure");
    const FocusArea* area = config_.rules.FindArea(TextMember(m, "focus_area"));
    out["focus_area"] = {{"id", TextMember(m, "focus_area")},
                         {"title", area ? area->title : TextMember(m, "focus_area")}};
    const Date today = LocalDate(now, config_.timezone);
    const Date deadline = ParseDate(TextMember(m, "deadline")).value_or(today);
    out["measure"] = {{"id", TextMember(m, "id")},
                      {"title", TextMember(m, "title")},
                      {"responsible", TextMember(m, "responsible")},
                      {"deadline", TextMember(m, "deadline")},
                      {"status", TextMember(m, "status")},
                      {"progress", IntMember(m, "progress")},
                      {"days_to_deadline", (deadline - today).count()}};
    // A notice to a group carries what the unit has said, as a digest's measures do.
    if (m.contains("deadline_moves")) {
      for (const char* key : {"comment", "comment_by", "comment_at", "acknowledgement",
                              "deadline_moves", "pending_request"}) {
        if (m.contains(key)) out["measure"][key] = m[key];
      }
    }
  }
  out["text"] = text;
  if (!n.action_url.empty()) {
    const bool approval = n.kind == "approval";
    out["actions"] = ordered_json::array({{{"id", approval ? "approve" : "answer"},
                                           {"title", ActionTitle(n.kind, config_.language)},
                                           {"url", n.action_url}}});
  }
  return out;
}

std::string ActionTitle(const std::string& kind, Language lang) {
  return kind == "approval" ? Tr(lang, "Godkjenn eller avslå", "Approve or reject")
                            : Tr(lang, "Svar på varselet", "Answer the notice");
}

}  // namespace fristvakt
