#include "db/measure_history.h"

#include <algorithm>
#include <map>

#include "rules/json_text.h"

namespace fristvakt {
namespace {

// The comment an `updated` event set, if it changed the comment.
std::optional<std::string> CommentSet(const Event& e) {
  if (!e.data.contains("changes") || !e.data["changes"].contains("comment")) return std::nullopt;
  const nlohmann::json& change = e.data["changes"]["comment"];
  if (!change.is_array() || change.size() != 2 || !change[1].is_string()) return std::nullopt;
  return change[1].get<std::string>();
}

}  // namespace

UnitAnswer AnswerFromEvents(const Measure& m, const std::vector<Event>& events,
                            const std::vector<Acknowledgement>& acks, Timestamp now, Date today) {
  UnitAnswer out;
  out.comment = m.comment;
  for (const Event& e : events) {
    if (e.kind == "created" && !m.comment.empty()) {
      out.comment_actor = e.actor;
      out.comment_at = e.at;
    } else if (e.kind == "updated") {
      if (auto set = CommentSet(e)) {
        // Only the event that set the comment it has now says who wrote it.
        if (*set == m.comment) {
          out.comment_actor = e.actor;
          out.comment_at = e.at;
        } else {
          out.comment_actor.clear();
          out.comment_at.reset();
        }
      }
    } else if (e.kind == "deadline_moved") {
      auto from = ParseDate(TextMember(e.data, "old"));
      auto to = ParseDate(TextMember(e.data, "new"));
      if (from && to) {
        out.moves.push_back({e.at, e.actor, *from, *to, TextMember(e.data, "reason")});
      }
    } else if (e.kind == "deadline_move_requested") {
      // A newer request replaces a pending one (docs/answers.md).
      if (auto to = ParseDate(TextMember(e.data, "new"))) {
        out.pending_request =
            PendingDeadlineRequest{e.at, e.actor, *to, TextMember(e.data, "reason")};
      }
    } else if (e.kind == "deadline_move_approved" || e.kind == "deadline_move_rejected") {
      out.pending_request.reset();
    }
  }
  if (m.comment.empty()) {
    out.comment_actor.clear();
    out.comment_at.reset();
  }
  // The latest acknowledgement that holds now, whoever gave it.
  for (auto it = acks.rbegin(); it != acks.rend(); ++it) {
    if (it->InForce(m, now, today)) {
      out.acknowledgement =
          RunningAcknowledgement{it->at, it->actor, it->unit, it->until, it->note};
      break;
    }
  }
  return out;
}

Status ReadUnitAnswer(MeasureStore* store, const Measure& m, Timestamp now, Date today,
                      UnitAnswer* out) {
  std::vector<Event> events;
  std::vector<Acknowledgement> acks;
  if (Status s = store->EventsFor(m.id, &events); !s.ok()) return s;
  if (Status s = store->AcknowledgementsFor(m.id, &acks); !s.ok()) return s;
  *out = AnswerFromEvents(m, events, acks, now, today);
  return Status::Ok();
}

Status ReadDigestHistory(MeasureStore* store, Timestamp since, DigestHistory* out) {
  std::vector<Event> all_moves;
  std::vector<Event> changed;
  if (Status s = store->EventsOfKindSince("deadline_moved", Timestamp{}, &all_moves); !s.ok()) {
    return s;
  }
  if (Status s = store->EventsOfKindSince("status_changed", since, &changed); !s.ok()) return s;
  for (const Event& e : all_moves) {
    ++out->moved_total[e.measure_id];
    if (e.at > since) ++out->moved[e.measure_id];
  }
  for (const Event& e : changed) {
    const std::string status = TextMember(e.data, "new");
    if (status == "done") out->done.insert(e.measure_id);
    if (status == "cancelled") out->cancelled.insert(e.measure_id);
  }
  return Status::Ok();
}

Status ReadMeasureHistories(MeasureStore* store, Timestamp since,
                            std::vector<MeasureHistory>* out) {
  std::vector<Measure> measures;
  if (Status s = store->AllMeasures(&measures); !s.ok()) return s;
  std::map<std::string, MeasureHistory> by_id;
  for (Measure& m : measures) {
    std::string id = m.id;
    by_id[id].measure = std::move(m);
  }
  std::vector<Event> created;
  std::vector<Event> changes;
  if (Status s = store->EventsOfKindSince("created", since, &created); !s.ok()) return s;
  for (const Event& e : created) {
    if (auto it = by_id.find(e.measure_id); it != by_id.end()) it->second.known_since = e.at;
  }
  for (const char* kind : {"deadline_moved", "status_changed"}) {
    std::vector<Event> events;
    if (Status s = store->EventsOfKindSince(kind, since, &events); !s.ok()) return s;
    changes.insert(changes.end(), events.begin(), events.end());
  }
  std::sort(changes.begin(), changes.end(),
            [](const Event& a, const Event& b) { return a.seq < b.seq; });
  for (const Event& e : changes) {
    auto it = by_id.find(e.measure_id);
    if (it == by_id.end()) continue;
    PastChange c{e.at, std::nullopt, std::nullopt};
    if (e.kind == "deadline_moved") {
      c.old_deadline = ParseDate(TextMember(e.data, "old"));
    } else {
      c.old_status = ParseMeasureStatus(TextMember(e.data, "old"));
    }
    it->second.changes.push_back(c);
  }
  out->clear();
  for (auto& [id, h] : by_id) out->push_back(std::move(h));
  return Status::Ok();
}

}  // namespace fristvakt
