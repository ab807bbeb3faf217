#include "rules/evaluate.h"

#include <algorithm>
#include <functional>
#include <set>

#include "rules/rule_epochs.h"

namespace fristvakt {
namespace {

bool IsBeforeLike(Trigger t) { return t == Trigger::kBeforeDeadline || t == Trigger::kOnDeadline; }

// The moment `rule` came into force for `m`'s focus area (rules/rule_epochs.h).
Timestamp InForceSince(const Measure& m, const Rule& rule, const EvaluationContext& ctx) {
  return ctx.epochs != nullptr ? ctx.epochs->Since(m.focus_area, rule.name) : Timestamp{};
}

bool Acknowledged(const std::vector<Acknowledgement>& acks, const Measure& m, Timestamp t,
                  const EvaluationContext& ctx, const std::string& recipient) {
  Date day = LocalDate(t, ctx.zone);
  return std::any_of(acks.begin(), acks.end(), [&](const Acknowledgement& a) {
    return a.Covers(recipient) && a.InForce(m, t, day);
  });
}

// A notice to `recipient` of a rule with unless_acknowledged going out at `t` is held back for
// good.
bool HeldBack(const Rule& rule, const std::vector<Acknowledgement>& acks, const Measure& m,
              Timestamp t, const EvaluationContext& ctx, const std::string& recipient) {
  return rule.unless_acknowledged && Acknowledged(acks, m, t, ctx, recipient);
}

// The recipients' ids of a rule for a measure, each once, in the rule's order.
std::vector<std::string> RecipientIds(const Measure& m, const Rule& rule) {
  std::vector<std::string> ids;
  for (const std::string& to : rule.to) {
    const std::string& id = to == "responsible" ? m.responsible : to;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

// Which recipients an acknowledgement holds back at `t`: none, all, or only some (a unit's).
bool HeldBackForAll(const Rule& rule, const std::vector<Acknowledgement>& acks, const Measure& m,
                    Timestamp t, const EvaluationContext& ctx) {
  const std::vector<std::string> ids = RecipientIds(m, rule);
  return !ids.empty() && std::all_of(ids.begin(), ids.end(), [&](const std::string& id) {
    return HeldBack(rule, acks, m, t, ctx, id);
  });
}

NoticeKind KindFor(Trigger t, bool to_group) {
  switch (t) {
    case Trigger::kBeforeDeadline:
    case Trigger::kOnDeadline:
      return NoticeKind::kReminder;
    case Trigger::kAfterDeadline:
      return to_group ? NoticeKind::kEscalation : NoticeKind::kOverdue;
    case Trigger::kNoUpdateFor:
      return NoticeKind::kStale;
    case Trigger::kEvent:
      return NoticeKind::kEvent;
  }
  return NoticeKind::kReminder;
}

// Expands one occurrence into a notice per recipient and channel. With `held`, the notices to a
// recipient it names go to `held_out` instead, with the reason "acknowledged".
void AddNotices(const Measure& m, const Rule& rule, const std::string& series, int k, Timestamp at,
                bool late, const std::string& reason, const EvaluationContext& ctx,
                std::vector<Notice>* out,
                const std::function<bool(const std::string&)>& held = nullptr,
                std::vector<Notice>* held_out = nullptr) {
  std::set<std::string> seen;
  for (const std::string& to : rule.to) {
    const std::string& id = to == "responsible" ? m.responsible : to;
    const Recipient* r = ctx.directory->Find(id);
    if (r == nullptr || !seen.insert(id).second) continue;
    for (Channel c : {Channel::kEmail, Channel::kWebhook}) {
      bool allowed = rule.channels.empty() || std::find(rule.channels.begin(), rule.channels.end(),
                                                        c) != rule.channels.end();
      bool has = c == Channel::kEmail ? r->has_email() : r->has_webhook();
      if (!allowed || !has) continue;
      Notice n;
      n.kind = KindFor(rule.trigger, r->is_group);
      n.measure_id = m.id;
      n.rule = rule.name;
      n.recipient = id;
      n.channel = c;
      n.series = series;
      n.occurrence = k;
      n.at = at;
      n.severity = rule.severity;
      n.late = late;
      n.reason = reason;
      n.key = NotificationKey{m.id, rule.name, series, k, id, c}.ToString();
      if (held && held(id)) {
        n.reason = "acknowledged";
        held_out->push_back(std::move(n));
      } else {
        out->push_back(std::move(n));
      }
    }
  }
}

void EvaluateRule(const Measure& m, const Rule& rule, const std::vector<Acknowledgement>& acks,
                  const EvaluationContext& ctx, Timestamp now, const HandledFn& handled,
                  Evaluation* out) {
  if (TimeRuleApplies(rule, m) != RuleApplies::kYes) return;
  Series series(rule, m, ctx);
  auto occurrence_prefix = [&](int k) { return series.OccurrencePrefix(k); };
  auto emit = [&](const Occurrence& o, Timestamp at, const std::string& reason) {
    AddNotices(m, rule, series.series(), o.k, at, at > o.at, reason, ctx,
               reason.empty() ? &out->send : &out->drop);
  };
  // Sent now, but to no recipient an acknowledgement in force holds back.
  auto emit_now = [&](const Occurrence& o, Timestamp at) {
    auto held = [&](const std::string& id) { return HeldBack(rule, acks, m, at, ctx, id); };
    AddNotices(m, rule, series.series(), o.k, at, at > o.at, "", ctx, &out->send, held, &out->drop);
  };
  auto wake = [&](Timestamp t) {
    if (!out->next || t < *out->next) out->next = t;
  };
  // An occurrence before its rule came into force was never owed: no missed notice to record.
  // And while the clock is before that moment (set back, or `simulate` from the past), such an
  // occurrence is not sent either.
  const Timestamp since = InForceSince(m, rule, ctx);
  // Nor was one before the measure became known: catch-up sends what it sends, as for any
  // measure known late, but what it drops is not recorded as missed.
  const Timestamp owed_since = std::max(since, m.known_since);

  if (IsBeforeLike(rule.trigger)) {
    while (auto o = series.Next()) {
      if (o->at > now) {
        wake(o->at);
        return;
      }
      if (now < since || handled(occurrence_prefix(o->k))) continue;
      // A reminder that comes a day late would say something false: late only on its own day.
      bool own_day = LocalDate(now, ctx.zone) == o->slot_day &&
                     now < LocalMoment(o->slot_day, ctx.calendar->config().send_until, ctx.zone);
      if (!own_day) {
        if (o->at >= owed_since) emit(*o, o->at, "missed");
      } else {
        emit_now(*o, now);
      }
    }
    return;
  }

  // Overdue and stale notices stay true: of the missed ones only the latest goes out, at the
  // first moment inside the window; if a regular occurrence falls on that moment, it is the one.
  const Timestamp window = NextWindowMoment(now, ctx);
  std::vector<Occurrence> due;
  while (auto o = series.Next()) {
    if (o->at > window) {
      wake(o->at);
      break;
    }
    due.push_back(*o);
  }
  if (due.empty() || handled(occurrence_prefix(due.back().k))) return;
  if (now < since && due.back().at < since) return;
  if (window > now) {
    wake(window);
    return;
  }
  for (size_t i = 0; i + 1 < due.size(); ++i) {
    if (due[i].at >= owed_since && !handled(occurrence_prefix(due[i].k))) {
      emit(due[i], due[i].at, "missed");
    }
  }
  emit_now(due.back(), now);
}

}  // namespace

RuleApplies TimeRuleApplies(const Rule& rule, const Measure& m) {
  if (!IsOpen(m.status)) return RuleApplies::kMeasureNotOpen;
  if (!rule.filter.Matches(m)) return RuleApplies::kFilteredOut;
  return RuleApplies::kYes;
}

RulePlan PlanTimeRule(const Measure& m, const Rule& rule, const std::vector<Acknowledgement>& acks,
                      const EvaluationContext& ctx, Timestamp from, Timestamp until,
                      const HandledFn& handled) {
  RulePlan plan;
  plan.applies = TimeRuleApplies(rule, m);
  if (plan.applies != RuleApplies::kYes) return plan;
  Series series(rule, m, ctx);
  const Timestamp since = InForceSince(m, rule, ctx);
  while (auto o = series.Next()) {
    if (o->at >= until) break;
    if (o->at < from) continue;
    Verdict verdict = Verdict::kSend;
    if (handled(series.OccurrencePrefix(o->k))) {
      verdict = Verdict::kHandled;
    } else if (o->at < since) {
      verdict = Verdict::kBeforeRule;
    } else if (o->at < m.known_since) {
      verdict = Verdict::kBeforeKnown;
    } else if (HeldBackForAll(rule, acks, m, o->at, ctx)) {
      verdict = Verdict::kAcknowledged;
    }
    plan.occurrences.push_back({*o, verdict});
  }
  return plan;
}

Series::Series(const Rule& rule, const Measure& m, const EvaluationContext& ctx)
    : rule_(rule), ctx_(ctx) {
  const Calendar& cal = *ctx.calendar;
  switch (rule.trigger) {
    case Trigger::kBeforeDeadline:
      base_ = m.deadline;
      first_ = cal.Add(base_, rule.offset, -1);
      break;
    case Trigger::kOnDeadline:
      base_ = m.deadline;
      first_ = base_;
      break;
    case Trigger::kAfterDeadline:
      base_ = m.deadline;
      first_ = cal.Add(base_, rule.offset, 1);
      break;
    case Trigger::kNoUpdateFor:
    case Trigger::kEvent:
      base_ = LocalDate(m.updated_at, ctx.zone);
      first_ = cal.Add(base_, rule.offset, 1);
      break;
  }
  key_.measure = m.id;
  key_.rule = rule.name;
}

const NotificationKey& Series::Key() const {
  if (key_.series.empty()) key_.series = FormatIsoDate(base_);
  return key_;
}

std::string Series::OccurrencePrefix(int k) const {
  NotificationKey key = Key();
  key.occurrence = k;
  return key.OccurrencePrefix();
}

std::optional<Occurrence> Series::Next() {
  const Calendar& cal = *ctx_.calendar;
  const int limit = rule_.occurrence_limit();
  while (true) {
    if (limit > 0 && k_ >= limit) return std::nullopt;
    if (step_ > 0 && !rule_.repeat) return std::nullopt;
    Date day = first_;
    if (step_ > 0) {
      Duration step = *rule_.repeat;
      step.count *= step_;
      day = cal.Add(first_, step, 1);
    }
    ++step_;
    if (rule_.trigger == Trigger::kBeforeDeadline && day > base_) return std::nullopt;
    Date slot = IsBeforeLike(rule_.trigger) ? cal.PreviousWorkingDay(day) : cal.NextWorkingDay(day);
    if (last_slot_ && slot <= *last_slot_) continue;
    last_slot_ = slot;
    ++k_;
    Occurrence o;
    o.k = k_;
    o.repeats = step_ - 1;
    o.base = base_;
    o.day = day;
    o.slot_day = slot;
    o.at = LocalMoment(slot, cal.config().send_time, ctx_.zone);
    return o;
  }
}

Timestamp NextWindowMoment(Timestamp t, const EvaluationContext& ctx) {
  const Calendar& cal = *ctx.calendar;
  Date day = LocalDate(t, ctx.zone);
  if (cal.IsWorkingDay(day)) {
    Timestamp open = LocalMoment(day, cal.config().send_time, ctx.zone);
    Timestamp close = LocalMoment(day, cal.config().send_until, ctx.zone);
    if (t < open) return open;
    if (t < close) return t;
  }
  return LocalMoment(cal.NextWorkingDay(day + date::days(1)), cal.config().send_time, ctx.zone);
}

Evaluation EvaluateTimeRules(const Measure& m, const std::vector<const Rule*>& rules,
                             const std::vector<Acknowledgement>& acks, const EvaluationContext& ctx,
                             Timestamp now, const HandledFn& handled) {
  Evaluation out;
  for (const Rule* rule : rules) {
    if (rule->is_time_rule()) EvaluateRule(m, *rule, acks, ctx, now, handled, &out);
  }
  return out;
}

std::vector<Notice> EvaluateEvent(const Measure& m, const std::vector<const Rule*>& rules,
                                  const std::vector<Acknowledgement>& acks, EventKind event,
                                  int64_t seq, Timestamp event_at, const EvaluationContext& ctx,
                                  Timestamp now) {
  std::vector<Notice> out;
  Timestamp at = NextWindowMoment(std::max(event_at, now), ctx);
  for (const Rule* rule : rules) {
    if (rule->trigger != Trigger::kEvent || rule->event != event) continue;
    if (!rule->filter.Matches(m)) continue;
    // Notices to a recipient that an acknowledgement holds back are not made at all.
    std::vector<Notice> held;
    AddNotices(
        m, *rule, std::to_string(seq), 1, at, false, "", ctx, &out,
        [&](const std::string& id) { return HeldBack(*rule, acks, m, now, ctx, id); }, &held);
  }
  return out;
}

std::vector<Notice> ApprovalNotices(const Measure& m, const std::vector<std::string>& approvers,
                                    int64_t seq, Timestamp requested_at,
                                    const EvaluationContext& ctx, Timestamp now) {
  Rule rule;
  rule.name = kApprovalRule;
  rule.trigger = Trigger::kEvent;
  rule.event = EventKind::kDeadlineMoveRequested;
  rule.to = approvers;
  rule.severity = Severity::kWarning;
  std::vector<Notice> out;
  AddNotices(m, rule, std::to_string(seq), 1, NextWindowMoment(std::max(requested_at, now), ctx),
             false, "", ctx, &out);
  for (Notice& n : out) n.kind = NoticeKind::kApproval;
  return out;
}

}  // namespace fristvakt
