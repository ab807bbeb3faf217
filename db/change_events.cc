#include "db/change_events.h"

namespace fristvakt {
namespace {

using nlohmann::json;

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }

// Adds [old, new] for `field` when they differ, compared as they are (not as JSON).
template <typename T>
void Note(json& changes, const char* field, const T& old_value, const T& new_value) {
  if (old_value != new_value) changes[field] = json::array({json(old_value), json(new_value)});
}

// The fields that an `updated` event lists, as JSON values.
json ChangedFields(const Measure& a, const Measure& b) {
  json changes = json::object();
  Note(changes, "focus_area", a.focus_area, b.focus_area);
  Note(changes, "title", a.title, b.title);
  Note(changes, "responsible", a.responsible, b.responsible);
  Note(changes, "progress", a.progress, b.progress);
  Note(changes, "description", a.description, b.description);
  Note(changes, "plan", a.plan, b.plan);
  Note(changes, "priority", a.priority, b.priority);
  Note(changes, "tags", a.tags, b.tags);
  Note(changes, "owner", a.owner, b.owner);
  Note(changes, "comment", a.comment, b.comment);
  return changes;
}

}  // namespace

std::vector<Event> ChangeEvents(const Measure& before, const Measure& after, Timestamp now,
                                const std::string& actor, const std::string& reason) {
  std::vector<Event> written;
  if (before.deadline != after.deadline) {
    written.push_back({0,
                       now,
                       after.id,
                       "deadline_moved",
                       actor,
                       {{"old", FormatIsoDate(before.deadline)},
                        {"new", FormatIsoDate(after.deadline)},
                        {"reason", reason}}});
  }
  if (before.status != after.status) {
    written.push_back(
        {0,
         now,
         after.id,
         "status_changed",
         actor,
         {{"old", MeasureStatusName(before.status)}, {"new", MeasureStatusName(after.status)}}});
  }
  json changes = ChangedFields(before, after);
  if (before.updated_at != after.updated_at && written.empty() && changes.empty()) {
    changes["updated_at"] = json::array({Seconds(before.updated_at), Seconds(after.updated_at)});
  }
  if (!changes.empty()) {
    written.push_back({0, now, after.id, "updated", actor, {{"changes", changes}}});
  }
  return written;
}

}  // namespace fristvakt
