#include "daemon/service/scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <future>

#include "db/answers.h"
#include "db/export.h"
#include "db/measure_history.h"
#include "notifiers/answer.h"
#include "rules/json_text.h"
#include "rules/rule_epochs.h"
#include "rules/schedule_fingerprint.h"

namespace fristvakt {
namespace {

using nlohmann::json;

constexpr const char* kWatermark = "event_watermark";
// What the persisted schedule was derived from (rules/schedule_fingerprint.h), and the latest
// moment it was evaluated at (unix seconds).
constexpr const char* kFingerprint = "schedule_fingerprint";
constexpr const char* kEvaluatedAt = "schedule_evaluated_at";

Timestamp FromSecondsText(const std::string& text) {
  return Timestamp(std::chrono::seconds(std::strtoll(text.c_str(), nullptr, 10)));
}

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }

std::optional<EventKind> RuleEventFor(const std::string& kind) { return ParseEventKind(kind); }

// `answers` holds the unit's answer of every measure in the digest.
json DigestToJson(const DigestContent& content, const std::map<std::string, UnitAnswer>& answers,
                  const date::time_zone* zone) {
  json sections = json::object();
  for (const auto& [section, items] : content.sections) {
    json list = json::array();
    for (const DigestItem& item : items) {
      json entry = MeasureToJson(item.measure, zone);
      entry["days"] = item.days;
      entry["moves"] = item.moves;
      entry["moves_total"] = item.moves_total;
      if (auto it = answers.find(item.measure.id); it != answers.end()) {
        AddAnswerJson(it->second, zone, &entry);
      }
      list.push_back(std::move(entry));
    }
    sections[DigestSectionName(section)] = std::move(list);
  }
  return {{"name", content.name}, {"date", FormatIsoDate(content.date)}, {"sections", sections}};
}

}  // namespace

Scheduler::Scheduler(const Config& config, Store* store)
    : config_(config), store_(store), calendar_(config.calendar) {
  ctx_ = {&calendar_, &config_.directory, config_.timezone, &epochs_};
  for (const FocusArea& area : config_.rules.areas) {
    effective_rules_[area.id] = config_.rules.EffectiveRules(area.id);
  }
}

Status Scheduler::Start(Timestamp now, std::vector<Notice>* queued, StartMode mode) {
  tally_ = {};
  // First: the events below are evaluated with the rules too.
  std::optional<std::string> epochs;
  if (Status s = store_->GetState(kRuleEpochsState, &epochs); !s.ok()) return s;
  epochs_ = UpdateRuleEpochs(config_, epochs ? RuleEpochs::Parse(*epochs) : std::nullopt, now);
  std::optional<std::string> mark;
  if (Status s = store_->GetState(kWatermark, &mark); !s.ok()) return s;
  if (mark) {
    event_watermark_ = std::stoll(*mark);
  } else if (Status s = store_->MaxEventSeq(&event_watermark_); !s.ok()) {
    return s;  // a first start does not replay the history as event notices
  }
  if (Status s = ProcessEvents(now, queued); !s.ok()) return s;

  Transaction tx(*store_);
  if (!tx.status().ok()) return tx.status();
  evaluations_ = 0;
  const ScheduleFingerprint current = FingerprintSchedule(config_);
  std::optional<std::string> text;
  if (Status s = store_->GetState(kFingerprint, &text); !s.ok()) return s;
  const std::optional<ScheduleFingerprint> stored =
      text ? ScheduleFingerprint::Parse(*text) : std::nullopt;
  std::optional<std::string> evaluated;
  if (Status s = store_->GetState(kEvaluatedAt, &evaluated); !s.ok()) return s;
  const bool clock_back = evaluated && now < FromSecondsText(*evaluated);
  if (mode == StartMode::kEvaluateAll || !stored || stored->shared != current.shared ||
      clock_back) {
    if (Status s = store_->BeginScheduleRewrite(); !s.ok()) return s;
    auto all = [&](const std::string& after, int limit, std::vector<Measure>* out) {
      return store_->OpenMeasuresAfter("", after, limit, out);
    };
    if (Status s = EvaluatePages(all, false, now, queued); !s.ok()) return s;
    if (Status s = store_->EndScheduleRewrite(); !s.ok()) return s;
  } else {
    std::set<std::string> changed;
    for (const auto* side : {&stored->areas, &current.areas}) {
      for (const auto& [area, hash] : *side) {
        auto a = stored->areas.find(area);
        auto b = current.areas.find(area);
        if (a == stored->areas.end() || b == current.areas.end() || a->second != b->second) {
          changed.insert(area);
        }
      }
    }
    // Every area changed (the defaults they share, say): one pass over all open measures in id
    // order reads each page's acknowledgements and handled occurrences as one range, where a
    // pass per area would read them measure by measure.
    const bool every_area = !current.areas.empty() &&
                            std::all_of(current.areas.begin(), current.areas.end(),
                                        [&](const auto& a) { return changed.count(a.first); });
    if (every_area) {
      spdlog::info("every focus area's rules changed; evaluating all measures again");
      auto all = [&](const std::string& after, int limit, std::vector<Measure>* out) {
        return store_->OpenMeasuresAfter("", after, limit, out);
      };
      if (Status s = EvaluatePages(all, false, now, queued); !s.ok()) return s;
      changed.clear();
    }
    for (const std::string& area : changed) {
      spdlog::info("focus area {}: its rules changed; evaluating its measures again", area);
      auto of_area = [&](const std::string& after, int limit, std::vector<Measure>* out) {
        return store_->OpenMeasuresAfter(area, after, limit, out);
      };
      if (Status s = EvaluatePages(of_area, true, now, queued); !s.ok()) return s;
    }
    if (Status s = EvaluateDue(now, queued); !s.ok()) return s;
  }
  started_measures_ = evaluations_;
  // Kept even when no event came, so that the events of measures added while the daemon is
  // stopped are handled at the next start: the schedule has no entry for those measures.
  if (Status s = store_->SetState(kWatermark, std::to_string(event_watermark_)); !s.ok()) {
    return s;
  }
  if (Status s = store_->SetState(kFingerprint, current.ToString()); !s.ok()) return s;
  if (Status s = store_->SetState(kEvaluatedAt, std::to_string(Seconds(now))); !s.ok()) return s;
  if (Status s = store_->SetState(kRuleEpochsState, epochs_.ToString()); !s.ok()) return s;
  std::vector<const DigestConfig*> missed;
  PlanDigests(now, &missed);
  for (const DigestConfig* digest : missed) {
    spdlog::info("digest {}: missed this morning, sending it now", digest->name);
    if (Status s = RunDigest(*digest, now, false, queued); !s.ok()) return s;
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  evaluated_at_ = now;
  return ReadNextMeasure();
}

namespace {

// One page of measures with what belongs to them, read from the store.
struct MeasurePage {
  std::vector<Measure> measures;
  std::map<std::string, std::vector<Acknowledgement>> acks;
  std::map<std::string, std::set<std::string>> handled;
};

}  // namespace

Status Scheduler::EvaluatePages(const PageFn& page, bool sparse, Timestamp now,
                                std::vector<Notice>* queued) {
  // A page of measures at a time, with their acknowledgements and what was already sent or
  // decided: memory stays bounded however large the plan.
  constexpr int kPage = 5000;
  paged_drops_ = 0;
  struct EndCount {
    std::optional<size_t>& count;
    ~EndCount() { count.reset(); }
  } end_count{paged_drops_};
  std::string after;
  bool more = true;
  auto read = [&](MeasurePage* out) -> Status {
    if (!more) {
      out->measures.clear();
      return Status::Ok();
    }
    out->measures.reserve(kPage);  // read into place, not moved as the vector grows
    if (Status s = page(after, kPage, &out->measures); !s.ok()) return s;
    more = static_cast<int>(out->measures.size()) == kPage;
    if (out->measures.empty()) return Status::Ok();
    after = out->measures.back().id;
    if (!sparse) {
      Status s = store_->AcknowledgementsBetween(out->measures.front().id, after, &out->acks);
      return s.ok()
                 ? store_->HandledOccurrencesBetween(out->measures.front().id, after, &out->handled)
                 : s;
    }
    std::vector<std::string> ids;
    ids.reserve(out->measures.size());
    for (const Measure& m : out->measures) ids.push_back(m.id);
    Status s = store_->AcknowledgementsOf(ids, &out->acks);
    return s.ok() ? store_->HandledOccurrencesOf(ids, &out->handled) : s;
  };
  // Deciding is pure: a page is decided on a second thread while this one reads the next page
  // and records the one before.
  auto decide = [this, now](const MeasurePage* p) {
    static const std::vector<Acknowledgement> kNoAcks;
    static const std::set<std::string> kNothing;
    std::vector<Evaluation> out;
    out.reserve(p->measures.size());
    for (const Measure& m : p->measures) {
      auto a = p->acks.find(m.id);
      auto h = p->handled.find(m.id);
      out.push_back(Decide(m, a == p->acks.end() ? kNoAcks : a->second,
                           h == p->handled.end() ? kNothing : h->second, now));
    }
    return out;
  };
  MeasurePage pages[2];
  int current = 0;
  if (Status s = read(&pages[current]); !s.ok()) return s;
  std::future<std::vector<Evaluation>> decided;
  if (!pages[current].measures.empty()) {
    decided = std::async(std::launch::async, decide, &pages[current]);
  }
  while (!pages[current].measures.empty()) {
    // The page before this one, recorded and decided: its measures are read over in place.
    MeasurePage& next = pages[1 - current];
    next.acks.clear();
    next.handled.clear();
    Status s = read(&next);
    std::vector<Evaluation> evaluations = decided.get();
    if (!s.ok()) return s;
    if (!next.measures.empty()) decided = std::async(std::launch::async, decide, &next);
    const std::vector<Measure>& measures = pages[current].measures;
    std::vector<NextEvaluation> nexts;
    nexts.reserve(measures.size());
    for (size_t i = 0; i < evaluations.size(); ++i) {
      if (Status s = Record(measures[i], std::move(evaluations[i]), now, queued, &nexts); !s.ok()) {
        return s;  // the future's destructor waits for the page being decided
      }
    }
    if (Status s = store_->SetNextEvaluations(nexts); !s.ok()) return s;
    current = 1 - current;
  }
  if (*paged_drops_ > kDropsLogged) {
    spdlog::info("and {} more not sent; the outbox keeps each with its reason",
                 *paged_drops_ - kDropsLogged);
  }
  return Status::Ok();
}

Status Scheduler::EvaluateDue(Timestamp now, std::vector<Notice>* queued) {
  constexpr int kPage = 500;
  // An evaluation moves a measure's next moment past `now`; each is evaluated once regardless.
  std::set<std::string> done;
  for (;;) {
    std::vector<std::string> due;
    if (Status s = store_->DueMeasures(now, kPage, &due); !s.ok()) return s;
    size_t fresh = 0;
    for (const std::string& id : due) {
      if (!done.insert(id).second) continue;
      ++fresh;
      if (Status s = EvaluateById(id, now, queued); !s.ok()) return s;
    }
    if (fresh == 0 || static_cast<int>(due.size()) < kPage) return Status::Ok();
  }
}

Status Scheduler::ReadNextMeasure() { return store_->EarliestEvaluation(&next_measure_); }

Status Scheduler::RunDue(Timestamp now, std::vector<Notice>* queued) {
  tally_ = {};
  if (Status s = ProcessEvents(now, queued); !s.ok()) return s;
  Transaction tx(*store_);
  if (!tx.status().ok()) return tx.status();
  if (Status s = EvaluateDue(now, queued); !s.ok()) return s;
  for (const DigestConfig& digest : config_.digests) {
    auto it = next_digest_.find(digest.name);
    if (it == next_digest_.end() || it->second > now) continue;
    Timestamp at = it->second;
    if (!DigestOutOfDate(at, now, ctx_)) {
      if (Status s = RunDigest(digest, at, false, queued); !s.ok()) return s;
    } else {
      spdlog::info("digest {}: skipped the one of {}, which is out of date", digest.name,
                   FormatNorwegianDate(LocalDate(at, config_.timezone)));
      at = now;
    }
    if (auto next = NextDigestTime(digest, at, ctx_)) {
      it->second = *next;
    } else {
      next_digest_.erase(it);
    }
  }
  // The latest moment evaluated at, for a start to see that the clock was set back.
  if (now > evaluated_at_) {
    if (Status s = store_->SetState(kEvaluatedAt, std::to_string(Seconds(now))); !s.ok()) {
      return s;
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  evaluated_at_ = std::max(evaluated_at_, now);
  return ReadNextMeasure();
}

std::optional<Timestamp> Scheduler::NextWake() const {
  std::optional<Timestamp> next = next_measure_;
  for (const auto& [name, at] : next_digest_) {
    if (!next || at < *next) next = at;
  }
  return next;
}

Status Scheduler::ProcessEvents(Timestamp now, std::vector<Notice>* queued) {
  while (true) {
    std::vector<Event> events;
    if (Status s = store_->EventsAfter(event_watermark_, 500, &events); !s.ok()) return s;
    if (events.empty()) return Status::Ok();
    Transaction tx(*store_);
    if (!tx.status().ok()) return tx.status();
    std::set<std::string> changed;
    // Measure -> whose notices its acknowledgements hold back: a unit's id, or "" for everyone.
    std::map<std::string, std::string> acknowledged;
    for (const Event& e : events) {
      if (e.measure_id.empty()) continue;
      changed.insert(e.measure_id);
      if (e.kind == "acknowledged") {
        const std::string unit = TextMember(e.data, "unit");
        auto [it, added] = acknowledged.emplace(e.measure_id, unit);
        if (!added && unit.empty()) it->second = "";  // an administrator's holds for everyone
      }
      auto kind = RuleEventFor(e.kind);
      if (!kind) continue;
      std::optional<Measure> m;
      std::vector<Acknowledgement> acks;
      if (Status s = store_->GetMeasure(e.measure_id, &m); !s.ok()) return s;
      if (!m) continue;
      if (Status s = store_->AcknowledgementsFor(m->id, &acks); !s.ok()) return s;
      auto notices = EvaluateEvent(*m, RulesOf(m->focus_area), acks, *kind, e.seq, e.at, ctx_, now);
      if (*kind == EventKind::kDeadlineMoveRequested &&
          config_.answers.moves() == DeadlineMoves::kRequest) {
        // The approvers decide through the link their notice carries (docs/answers.md).
        auto approvals = ApprovalNotices(*m, config_.answers.approvers, e.seq, e.at, ctx_, now);
        notices.insert(notices.end(), approvals.begin(), approvals.end());
      }
      std::optional<UnitAnswer> answer;
      if (Status s = AnswerForGroups(notices, *m, now, &answer); !s.ok()) return s;
      if (Status s = store_->QueueNotices(
              notices, {},
              [&](const Notice& n) {
                json payload = Payload(n, *m, answer);
                payload["event"] = {{"kind", e.kind},
                                    {"data", e.data},
                                    {"at", FormatIsoTimestamp(e.at, config_.timezone)}};
                return payload;
              },
              now);
          !s.ok()) {
        return s;
      }
      Keep(notices, queued);
    }
    for (const std::string& id : changed) {
      std::optional<Measure> m;
      if (Status s = store_->GetMeasure(id, &m); !s.ok()) return s;
      int dropped = 0;
      if (m) {
        if (Status s = store_->DropSuperseded(*m, config_.timezone, now, &dropped); !s.ok()) {
          return s;
        }
        if (auto ack = acknowledged.find(id); ack != acknowledged.end()) {
          // An acknowledgement also holds back what is queued but not yet sent.
          std::vector<std::string> rules;
          for (const Rule* r : RulesOf(m->focus_area)) {
            if (r->unless_acknowledged && r->is_time_rule()) rules.push_back(r->name);
          }
          int held = 0;
          if (Status s = store_->DropQueued(id, rules, ack->second, "acknowledged", now, &held);
              !s.ok()) {
            return s;
          }
          dropped += held;
        }
      }
      if (dropped > 0) spdlog::info("{}: dropped {} queued notices no longer due", id, dropped);
      if (Status s = EvaluateById(id, now, queued); !s.ok()) return s;
    }
    event_watermark_ = events.back().seq;
    if (Status s = store_->SetState(kWatermark, std::to_string(event_watermark_)); !s.ok()) {
      return s;
    }
    if (Status s = tx.Commit(); !s.ok()) return s;
  }
}

Status Scheduler::EvaluateById(const std::string& id, Timestamp now, std::vector<Notice>* queued) {
  std::optional<Measure> m;
  std::vector<Acknowledgement> acks;
  std::set<std::string> handled;
  if (Status s = store_->GetMeasure(id, &m); !s.ok()) return s;
  if (!m) return store_->SetNextEvaluation(id, std::nullopt);
  if (Status s = store_->AcknowledgementsFor(id, &acks); !s.ok()) return s;
  if (Status s = store_->HandledOccurrences(id, &handled); !s.ok()) return s;
  return Record(*m, Decide(*m, acks, handled, now), now, queued);
}

Evaluation Scheduler::Decide(const Measure& m, const std::vector<Acknowledgement>& acks,
                             const std::set<std::string>& handled, Timestamp now) const {
  return EvaluateTimeRules(m, RulesOf(m.focus_area), acks, ctx_, now,
                           [&](const std::string& p) { return handled.count(p) > 0; });
}

const std::vector<const Rule*>& Scheduler::RulesOf(std::string_view area) const {
  static const std::vector<const Rule*> kNone;
  auto rules = effective_rules_.find(area);
  return rules == effective_rules_.end() ? kNone : rules->second;
}

Status Scheduler::Record(const Measure& m, Evaluation e, Timestamp now, std::vector<Notice>* queued,
                         std::vector<NextEvaluation>* nexts) {
  if (!e.send.empty() || !e.drop.empty()) {
    std::optional<UnitAnswer> answer;
    if (Status s = AnswerForGroups(e.send, m, now, &answer); !s.ok()) return s;
    if (Status s = store_->QueueNotices(
            e.send, e.drop, [&](const Notice& n) { return Payload(n, m, answer); }, now);
        !s.ok()) {
      return s;
    }
    for (const Notice& n : e.drop) {
      if (!paged_drops_ || (*paged_drops_)++ < kDropsLogged) {
        spdlog::info("{}: not sent ({})", n.key, n.reason);
      }
    }
    Keep(e.send, queued);
  }
  ++evaluations_;
  if (nexts != nullptr) {
    nexts->push_back({m.id, e.next});
    return Status::Ok();
  }
  return store_->SetNextEvaluation(m.id, e.next);
}

Status Scheduler::AnswerForGroups(const std::vector<Notice>& notices, const Measure& m,
                                  Timestamp now, std::optional<UnitAnswer>* out) {
  const bool to_group = std::any_of(notices.begin(), notices.end(), [&](const Notice& n) {
    const Recipient* r = config_.directory.Find(n.recipient);
    return r != nullptr && r->is_group;
  });
  if (!to_group) return Status::Ok();
  UnitAnswer answer;
  if (Status s = ReadUnitAnswer(store_, m, now, LocalDate(now, config_.timezone), &answer);
      !s.ok()) {
    return s;
  }
  *out = std::move(answer);
  return Status::Ok();
}

json Scheduler::Payload(const Notice& n, const Measure& m,
                        const std::optional<UnitAnswer>& answer) const {
  json payload = {{"severity", SeverityName(n.severity)},
                  {"late", n.late},
                  {"measure", MeasureToJson(m, config_.timezone)}};
  // A group is shown what the unit has said (SPEC §9); a unit knows it.
  const Recipient* r = config_.directory.Find(n.recipient);
  if (answer && r != nullptr && r->is_group) {
    AddAnswerJson(*answer, config_.timezone, &payload["measure"]);
  }
  if (const FocusArea* area = config_.rules.FindArea(m.focus_area)) {
    payload["focus_area"] = {{"id", area->id}, {"title", area->title}};
  }
  return payload;
}

Status Scheduler::BuildDigestNotices(const DigestConfig& digest, Timestamp at, bool manual,
                                     std::vector<std::pair<Notice, json>>* out) {
  std::optional<Timestamp> previous;
  if (Status s = store_->LastDigestRun(digest.name, &previous); !s.ok()) return s;
  // The first digest of a name looks back a week.
  const Timestamp since = previous ? *previous : at - std::chrono::hours(24 * 7);
  DigestHistory history;
  if (Status s = ReadDigestHistory(store_, since, &history); !s.ok()) return s;
  std::vector<Measure> measures;
  if (Status s = store_->AllMeasures(&measures); !s.ok()) return s;
  const Date today = LocalDate(at, config_.timezone);
  // The unit's answer of each measure a digest lists, read once for all its recipients.
  std::map<std::string, UnitAnswer> answers;
  Status status;
  auto add = [&](const std::string& recipient, const std::vector<Measure>& subset) {
    DigestContent content = BuildDigest(digest, subset, history, today, ctx_);
    content.recipient = recipient;
    if (content.empty() && !digest.send_empty) return;
    for (const auto& [section, items] : content.sections) {
      for (const DigestItem& item : items) {
        if (!status.ok() || answers.count(item.measure.id) > 0) continue;
        status = ReadUnitAnswer(store_, item.measure, at, today, &answers[item.measure.id]);
      }
    }
    json body = {{"digest", DigestToJson(content, answers, config_.timezone)}};
    for (Notice& n : DigestNotices(digest, recipient, at, ctx_)) {
      if (manual) {
        // A digest made by hand must not take the key of the scheduled one of the same day.
        const std::string stamp = FormatIsoTimestamp(at, config_.timezone).substr(0, 19);
        n.series = stamp;
        n.key = NotificationKey::ForDigest(digest.name, stamp, recipient, n.channel).ToString();
      }
      out->emplace_back(std::move(n), body);
    }
  };
  for (const std::string& to : digest.to) {
    if (to != "each_unit") {
      add(to, measures);
      continue;
    }
    for (const Recipient& unit : config_.directory.units()) {
      std::vector<Measure> own;
      for (const Measure& m : measures) {
        if (m.responsible == unit.id) own.push_back(m);
      }
      add(unit.id, own);
    }
  }
  return status;
}

Status Scheduler::RunDigest(const DigestConfig& digest, Timestamp at, bool manual,
                            std::vector<Notice>* queued) {
  std::vector<std::pair<Notice, json>> built;
  if (Status s = BuildDigestNotices(digest, at, manual, &built); !s.ok()) return s;
  for (const auto& [notice, body] : built) {
    if (Status s = store_->QueueNotices(
            {notice}, {}, [&body = body](const Notice&) { return body; }, at);
        !s.ok()) {
      return s;
    }
    Keep({notice}, queued);
  }
  return store_->RecordDigestRun(digest.name, at);
}

void Scheduler::Keep(const std::vector<Notice>& notices, std::vector<Notice>* queued) {
  for (const Notice& n : notices) {
    ++tally_.queued;
    if (n.late) ++tally_.late;
    if (queued->size() < keep_) queued->push_back(n);
  }
}

void Scheduler::PlanDigests(Timestamp now, std::vector<const DigestConfig*>* missed_today) {
  for (const DigestConfig& digest : config_.digests) {
    std::optional<Timestamp> last;
    if (store_->LastDigestRun(digest.name, &last).ok() &&
        SendMissedDigestAtStart(digest, now, last, ctx_)) {
      missed_today->push_back(&digest);
    }
    if (auto next = NextDigestTime(digest, now - std::chrono::seconds(1), ctx_)) {
      next_digest_[digest.name] = *next;
    }
  }
}

}  // namespace fristvakt
