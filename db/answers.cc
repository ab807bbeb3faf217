#include "db/answers.h"

#include "db/measure_changes.h"
#include "db/tokens.h"
#include "rules/calendar.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

// A message from BuildChange or BuildAcknowledgement starts with its field's name: "progress:
// ...". Returns the text after it.
std::string AfterField(const std::string& message) {
  const size_t colon = message.find(": ");
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

}  // namespace

std::string NewLinkSecret() { return GenerateToken().substr(3); }  // 256 bits, base64url

std::string HashLink(const std::string& secret) { return HashToken(secret); }

Status IssueLink(Store* store, const Config& config, const std::string& page,
                 const std::string& measure, const std::string& holder, int64_t request,
                 Timestamp now, std::string* url) {
  const Date today = LocalDate(now, config.timezone);
  const Date last = Calendar(config.calendar).Add(today, config.answers.link_valid, 1);
  AnswerLink link;
  link.page = page;
  link.measure = measure;
  link.holder = holder;
  link.request = request;
  link.created_at = now;
  link.expires_at = now + date::days((last - today).count());
  const std::string secret = NewLinkSecret();
  if (Status s = store->CreateLink(HashLink(secret), link); !s.ok()) return s;
  *url = config.public_url + "/" + page + "/" + secret;
  return Status::Ok();
}

Status FindLiveLink(Store* store, const std::string& page, const std::string& secret, Timestamp now,
                    std::optional<AnswerLink>* out) {
  out->reset();
  // A link's random part is 43 characters of base64url; anything else is not looked up.
  if (secret.size() != 43 ||
      secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                               "opqrstuvwxyz0123456789-_") != std::string::npos) {
    return Status::Ok();
  }
  std::optional<AnswerLink> link;
  if (Status s = store->FindLink(HashLink(secret), &link); !s.ok()) return s;
  if (link && link->page == page && now < link->expires_at) *out = std::move(link);
  return Status::Ok();
}

std::string LinkActor(const std::string& holder) { return holder + " (via link)"; }

Status RecordAnswer(Store* store, const Config& config, const AnswerLink& link,
                    const AnswerForm& form, Timestamp now, AnswerOutcome* out) {
  const Language lang = config.language;
  const Date today = LocalDate(now, config.timezone);
  std::optional<Measure> found;
  if (Status s = store->GetMeasure(link.measure, &found); !s.ok()) return s;
  if (!found) return Status::NotFound("the measure of this link no longer exists");
  const Measure& before = *found;
  const std::string actor = LinkActor(link.holder);
  auto given = [](const std::string& v) { return !Trim(v).empty(); };

  // Each field alone first, so that every problem is named beside its own field.
  MeasureChange change;
  if (given(form.status)) change.status = Trim(form.status);
  if (given(form.progress)) change.progress = Trim(form.progress);
  if (given(form.comment)) change.comment = Trim(form.comment);
  Measure probe;
  for (const auto& [field, one] :
       {std::pair{"status", MeasureChange{change.status, {}, {}, {}, {}}},
        std::pair{"progress", MeasureChange{{}, change.progress, {}, {}, {}}}}) {
    if (Status s = BuildChange(before, one, now, lang, &probe); !s.ok()) {
      out->errors[field] = AfterField(s.message());
    }
  }

  const DeadlineMoves moves = config.answers.moves();
  std::optional<Date> new_deadline;
  if (given(form.new_deadline)) {
    new_deadline = ParseDate(Trim(form.new_deadline));
    if (moves == DeadlineMoves::kNone) {
      out->errors["new_deadline"] =
          Tr(lang, "fristen kan ikke flyttes her", "the deadline cannot be moved here");
    } else if (!new_deadline) {
      out->errors["new_deadline"] =
          Tr(lang, "ugyldig dato ", "invalid date ") + Quote(lang, form.new_deadline);
    } else if (*new_deadline < today) {
      out->errors["new_deadline"] = Tr(lang, "datoen er passert: ", "the date has passed: ") +
                                    FormatNorwegianDate(*new_deadline);
    } else if (*new_deadline == before.deadline) {
      out->errors["new_deadline"] = Tr(lang, "det er fristen nå", "that is the deadline already");
    }
    if (!given(form.reason)) {
      out->errors["reason"] =
          Tr(lang, "en ny frist trenger en begrunnelse", "a new deadline needs a reason");
    }
  } else if (given(form.reason)) {
    out->errors["new_deadline"] = Tr(lang, "begrunnelsen gjelder en ny frist: fyll inn datoen",
                                     "the reason is for a new deadline: fill in the date");
  }

  std::optional<Acknowledgement> ack;
  if (given(form.ack_until)) {
    AckScope scope;
    scope.unit = link.holder;
    scope.latest = Calendar(config.calendar).Add(today, config.answers.ack_max, 1);
    Acknowledgement a;
    if (Status s = BuildAcknowledgement(store, before, Trim(form.ack_until), Trim(form.ack_note),
                                        actor, scope, now, today, lang, &a);
        !s.ok()) {
      if (s.code() != Status::Code::kBadInput) return s;
      out->errors["ack_until"] = AfterField(s.message());
    } else {
      ack = std::move(a);
    }
  } else if (given(form.ack_note)) {
    out->errors["ack_until"] = Tr(lang, "velg hvor lenge kvitteringen skal gjelde",
                                  "choose how long the acknowledgement lasts");
  }
  if (!out->errors.empty()) return Status::Ok();

  if (new_deadline && moves == DeadlineMoves::kDirect) {
    change.deadline = FormatIsoDate(*new_deadline);
    change.reason = Trim(form.reason);
  }
  Measure after;
  if (Status s = BuildChange(before, change, now, lang, &after); !s.ok()) return s;

  Transaction tx(*store);
  if (!tx.status().ok()) return tx.status();
  // An acknowledgement or a request alone is no change of the measure: its last update (and
  // with it the series of `no_update_for`) stays where it was.
  const bool changes = change.status || change.progress || change.comment || change.deadline;
  if (changes) {
    if (Status s = store->SaveChange(before, after, now, actor, Trim(form.reason), &out->changes);
        !s.ok()) {
      return s;
    }
  }
  out->moved = change.deadline.has_value();
  if (ack) {
    if (Status s = store->Acknowledge(*ack); !s.ok()) return s;
    out->acknowledged = true;
  }
  if (new_deadline && moves == DeadlineMoves::kRequest) {
    DeadlineRequest r;
    r.measure = before.id;
    r.unit = link.holder;
    r.old_deadline = before.deadline;
    r.new_deadline = *new_deadline;
    r.reason = Trim(form.reason);
    r.requested_at = now;
    if (Status s = store->AddDeadlineRequest(&r); !s.ok()) return s;
    Event e;
    e.at = now;
    e.measure_id = before.id;
    e.kind = "deadline_move_requested";
    e.actor = actor;
    e.data = {{"request", r.id},
              {"old", FormatIsoDate(r.old_deadline)},
              {"new", FormatIsoDate(r.new_deadline)},
              {"reason", r.reason},
              {"unit", r.unit}};
    if (Status s = store->AppendEvent(&e); !s.ok()) return s;
    out->requested = true;
  }
  return tx.Commit();
}

Status DecideRequest(Store* store, const Config& config, const AnswerLink& link,
                     const std::string& decision, const std::string& note, Timestamp now,
                     bool* decided) {
  const Language lang = config.language;
  *decided = false;
  if (decision != "approve" && decision != "reject") {
    return Status::BadInput(Tr(lang, "velg godkjenn eller avslå", "choose approve or reject"));
  }
  std::optional<DeadlineRequest> request;
  if (Status s = store->GetDeadlineRequest(link.request, &request); !s.ok()) return s;
  std::optional<Measure> found;
  if (Status s = store->GetMeasure(link.measure, &found); !s.ok()) return s;
  if (!request || !found || request->measure != link.measure) {
    return Status::NotFound("the request of this link no longer exists");
  }
  const std::string actor = LinkActor(link.holder);
  Transaction tx(*store);
  if (!tx.status().ok()) return tx.status();
  const bool approve = decision == "approve";
  if (Status s = store->DecideDeadlineRequest(request->id, approve ? "approved" : "rejected",
                                              link.holder, Trim(note), now, decided);
      !s.ok() || !*decided) {
    return s;
  }
  if (approve) {
    Measure after = *found;
    after.deadline = request->new_deadline;
    after.updated_at = now;
    int events = 0;
    if (Status s = store->SaveChange(*found, after, now, actor, request->reason, &events);
        !s.ok()) {
      return s;
    }
  }
  Event e;
  e.at = now;
  e.measure_id = found->id;
  e.kind = approve ? "deadline_move_approved" : "deadline_move_rejected";
  e.actor = actor;
  e.data = {{"request", request->id},
            {"old", FormatIsoDate(request->old_deadline)},
            {"new", FormatIsoDate(request->new_deadline)},
            {"reason", request->reason},
            {"unit", request->unit},
            {"by", link.holder},
            {"note", Trim(note)}};
  if (Status s = store->AppendEvent(&e); !s.ok()) return s;
  return tx.Commit();
}

}  // namespace fristvakt
