#include "daemon/cli/explain.h"

#include <algorithm>
#include <ostream>
#include <set>

#include "rules/evaluate.h"
#include "rules/rule_epochs.h"

namespace fristvakt {
namespace {

std::string DurationText(const Duration& d, Language lang) {
  const bool one = d.count == 1;
  std::string unit;
  switch (d.unit) {
    case Duration::Unit::kDays:
      unit = one ? Tr(lang, "dag", "day") : Tr(lang, "dager", "days");
      break;
    case Duration::Unit::kWeeks:
      unit = one ? Tr(lang, "uke", "week") : Tr(lang, "uker", "weeks");
      break;
    case Duration::Unit::kWorkingDays:
      unit = one ? Tr(lang, "arbeidsdag", "working day") : Tr(lang, "arbeidsdager", "working days");
      break;
  }
  return std::to_string(d.count) + " " + unit;
}

// "frist 16.03.2026 − 14 dager = 02.03.2026", and the repeats.
std::string BaseText(const Rule& rule, const Occurrence& o, Language lang) {
  std::string base = FormatNorwegianDate(o.base);
  std::string out;
  switch (rule.trigger) {
    case Trigger::kBeforeDeadline:
      out = Tr(lang, "frist ", "deadline ") + base + " − " + DurationText(rule.offset, lang);
      break;
    case Trigger::kOnDeadline:
      out = Tr(lang, "frist ", "deadline ") + base;
      break;
    case Trigger::kAfterDeadline:
      out = Tr(lang, "frist ", "deadline ") + base + " + " + DurationText(rule.offset, lang);
      break;
    case Trigger::kNoUpdateFor:
    case Trigger::kEvent:
      out = Tr(lang, "sist oppdatert ", "last updated ") + base + " + " +
            DurationText(rule.offset, lang);
      break;
  }
  if (o.repeats > 0 && rule.repeat) {
    out += " + " + std::to_string(o.repeats) + " × " + DurationText(*rule.repeat, lang);
  }
  if (rule.trigger != Trigger::kOnDeadline || o.repeats > 0) {
    out += " = " + FormatNorwegianDate(o.day);
  }
  return out;
}

// "14.03.2026 lørdag, 15.03.2026 søndag → 13.03.2026"; empty when the day is a working day.
std::string MoveText(const Occurrence& o, const Calendar& calendar, Language lang) {
  if (o.day == o.slot_day) return {};
  std::string out;
  const int step = o.slot_day < o.day ? -1 : 1;
  for (Date d = o.day; d != o.slot_day; d += date::days(step)) {
    if (!out.empty()) out += ", ";
    out += FormatNorwegianDate(d) + " " + calendar.WhyClosed(d, lang).value_or("");
  }
  return out + " → " + FormatNorwegianDate(o.slot_day);
}

std::string RecipientsText(const Rule& rule, const Measure& m) {
  std::string out;
  for (const std::string& to : rule.to) {
    if (!out.empty()) out += ", ";
    out += to == "responsible" ? m.responsible : to;
  }
  return out;
}

}  // namespace

Status ExplainCommand(CommandContext& ctx, const std::string& id,
                      const std::optional<std::string>& from_text,
                      const std::optional<std::string>& to_text) {
  const Language lang = ctx.lang();
  std::optional<Measure> found;
  if (Status s = ctx.store->GetMeasure(id, &found); !s.ok()) return s;
  if (!found) {
    return Status::BadInput(Tr(lang, "finner ikke tiltaket «", "no such measure '") + id +
                            Tr(lang, "»", "'"));
  }
  const Measure& m = *found;
  Date from = ctx.Today();
  if (from_text) {
    auto d = ParseDate(*from_text);
    if (!d) {
      return Status::Usage("--from: " + Quote(lang, *from_text) +
                           Tr(lang, " er ikke en dato", " is not a date"));
    }
    from = *d;
  }
  Date to = from + date::days(90);
  if (to_text) {
    auto d = ParseDate(*to_text);
    if (!d) {
      return Status::Usage("--to: " + Quote(lang, *to_text) +
                           Tr(lang, " er ikke en dato", " is not a date"));
    }
    to = *d;
  }
  std::vector<Acknowledgement> acks;
  std::set<std::string> handled;
  if (Status s = ctx.store->AcknowledgementsFor(id, &acks); !s.ok()) return s;
  if (Status s = ctx.store->HandledOccurrences(id, &handled); !s.ok()) return s;

  std::optional<std::string> epochs_text;
  if (Status s = ctx.store->GetState(kRuleEpochsState, &epochs_text); !s.ok()) return s;
  RuleEpochs epochs;
  if (epochs_text) epochs = RuleEpochs::Parse(*epochs_text).value_or(RuleEpochs{});

  Calendar calendar(ctx.config.calendar);
  EvaluationContext ectx{&calendar, &ctx.config.directory, ctx.zone(), &epochs};
  std::ostream& out = *ctx.out;
  out << m.id << "  " << m.title << "\n"
      << Tr(lang, "Frist ", "Deadline ") << FormatNorwegianDate(m.deadline) << ", "
      << MeasureStatusLabel(m.status, lang) << ", " << Tr(lang, "ansvar ", "responsible ")
      << m.responsible << "\n"
      << Tr(lang, "Varsler ", "Notices ") << FormatNorwegianDate(from) << "–"
      << FormatNorwegianDate(to) << ":\n";
  const Timestamp start = LocalMoment(from, {}, ctx.zone());
  const Timestamp end = LocalMoment(to + date::days(1), {}, ctx.zone());
  auto is_handled = [&](const std::string& prefix) { return handled.count(prefix) > 0; };
  // Each coming occurrence as its lines of text, ordered by time.
  std::vector<std::pair<Timestamp, std::string>> entries;
  std::string events;
  for (const Rule* rule : ctx.config.rules.EffectiveRules(m.focus_area)) {
    if (!rule->is_time_rule()) {
      events +=
          "  " + Tr(lang, "ved hendelsen ", "on the event ") + EventKindName(rule->event) + ": " +
          rule->name + " → " + RecipientsText(*rule, m) +
          Tr(lang, " (første tid i sendevinduet)\n", " (first moment in the sending window)\n");
      continue;
    }
    RulePlan plan = PlanTimeRule(m, *rule, acks, ectx, start, end, is_handled);
    if (plan.applies == RuleApplies::kMeasureNotOpen) continue;
    if (plan.applies == RuleApplies::kFilteredOut) {
      events += "  " + rule->name +
                Tr(lang, ": gjelder ikke dette tiltaket (if)\n", ": does not apply (if)\n");
      continue;
    }
    for (const PlannedOccurrence& planned : plan.occurrences) {
      const Occurrence& o = planned.occurrence;
      std::string state;
      if (planned.verdict == Verdict::kHandled) {
        state = Tr(lang, " [behandlet]", " [handled]");
      } else if (planned.verdict == Verdict::kAcknowledged) {
        state = Tr(lang, " [kvittert: sendes ikke]", " [acknowledged: not sent]");
      } else if (planned.verdict == Verdict::kBeforeRule) {
        state = Tr(lang, " [før regelen gjaldt: sendes ikke]",
                   " [before the rule came into force: not sent]");
      } else if (planned.verdict == Verdict::kBeforeKnown) {
        // Not at its time; catch-up may still send the latest overdue or stale one late.
        state = Tr(lang, " [før tiltaket var kjent: sendes ikke til vanlig tid]",
                   " [before the measure was known: not sent at its time]");
      }
      std::string text = "  " + FormatNorwegianTimestamp(o.at, ctx.zone()) + "  " + rule->name +
                         (rule->repeat ? " #" + std::to_string(o.k) : "") + " → " +
                         RecipientsText(*rule, m) + state + "\n      " + BaseText(*rule, o, lang) +
                         "\n";
      if (std::string move = MoveText(o, calendar, lang); !move.empty()) {
        text += "      " + Tr(lang, "ikke arbeidsdag: ", "not a working day: ") + move + "\n";
      }
      text += "      " + Tr(lang, "sendes ", "sent at ") +
              FormatNorwegianTimestamp(o.at, ctx.zone()).substr(11) + "\n";
      entries.emplace_back(o.at, std::move(text));
    }
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [at, text] : entries) out << text;
  out << events;
  const size_t shown = entries.size();
  if (!IsOpen(m.status)) {
    out << Tr(lang, "  Tiltaket er ikke åpent: ingen varsler etter tid.\n",
              "  The measure is not open: no time notices.\n");
  } else if (shown == 0) {
    out << Tr(lang, "  Ingen varsler etter tid i perioden.\n",
              "  No time notices in the period.\n");
  }
  return Status::Ok();
}

}  // namespace fristvakt
