#include "db/measure_changes.h"

#include "rules/text.h"

namespace fristvakt {
namespace {

Status Find(Store* store, const std::string& id, Language lang, std::optional<Measure>* out) {
  if (Status s = store->GetMeasure(id, out); !s.ok()) return s;
  if (!*out) {
    return Status::NotFound(Tr(lang, "finner ikke tiltaket ", "no such measure ") +
                            Quote(lang, id));
  }
  return Status::Ok();
}

}  // namespace

Status BuildChange(const Measure& before, const MeasureChange& change, Timestamp now, Language lang,
                   Measure* out) {
  if (change.deadline && Trim(change.reason.value_or("")).empty()) {
    return Status::BadInput(Tr(lang, "reason: en ny frist trenger en begrunnelse",
                               "reason: a new deadline needs a reason"));
  }
  Measure after = before;
  if (change.status) {
    auto status = ParseMeasureStatus(*change.status);
    if (!status) {
      return Status::BadInput("status: " + Tr(lang, "ukjent status ", "unknown status ") +
                              Quote(lang, *change.status));
    }
    after.status = *status;
  }
  if (change.progress) {
    std::string p = Trim(*change.progress);
    if (!p.empty() && p.back() == '%') p = Trim(p.substr(0, p.size() - 1));
    bool numeric =
        !p.empty() && p.size() <= 3 && p.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric || std::stoi(p) > 100) {
      return Status::BadInput(
          "progress: " + Quote(lang, *change.progress) +
          Tr(lang, " er ikke et helt tall fra 0 til 100", " is not a whole number from 0 to 100"));
    }
    after.progress = std::stoi(p);
  }
  if (change.deadline) {
    auto d = ParseDate(*change.deadline);
    if (!d) {
      return Status::BadInput("deadline: " + Tr(lang, "ugyldig dato ", "invalid date ") +
                              Quote(lang, *change.deadline));
    }
    after.deadline = *d;
  }
  if (change.comment) after.comment = *change.comment;
  after.updated_at = now;
  *out = std::move(after);
  return Status::Ok();
}

Status ChangeMeasure(Store* store, const std::string& id, const MeasureChange& change,
                     const std::string& actor, Timestamp now, Language lang, int* events) {
  std::optional<Measure> found;
  if (Status s = Find(store, id, lang, &found); !s.ok()) return s;
  Measure after;
  if (Status s = BuildChange(*found, change, now, lang, &after); !s.ok()) return s;
  Transaction tx(*store);
  if (!tx.status().ok()) return tx.status();
  if (Status s =
          store->SaveChange(*found, after, now, actor, Trim(change.reason.value_or("")), events);
      !s.ok()) {
    return s;
  }
  if (*events == 0) return Status::Ok();
  return tx.Commit();
}

Status BuildAcknowledgement(Store* store, const Measure& m, const std::optional<std::string>& until,
                            const std::string& note, const std::string& actor,
                            const AckScope& scope, Timestamp now, Date today, Language lang,
                            Acknowledgement* out) {
  Acknowledgement ack;
  ack.measure_id = m.id;
  ack.at = now;
  ack.note = note;
  ack.actor = actor;
  ack.unit = scope.unit;
  ack.deadline = m.deadline;
  ack.status = m.status;
  if (until) {
    ack.until = ParseDate(*until);
    if (!ack.until) {
      return Status::BadInput("until: " + Tr(lang, "ugyldig dato ", "invalid date ") +
                              Quote(lang, *until));
    }
    // An end in the past would quietly end the acknowledgement in force.
    if (*ack.until < today) {
      return Status::BadInput("until: " + Tr(lang, "datoen er passert: ", "the date has passed: ") +
                              Quote(lang, *until));
    }
  }
  if (scope.latest) {
    if (!ack.until) ack.until = scope.latest;
    if (*ack.until > *scope.latest) {
      return Status::BadInput(
          "until: " +
          Tr(lang, "en enhet kan kvittere til og med ", "a unit may acknowledge up to ") +
          FormatNorwegianDate(*scope.latest) + Tr(lang, ", ikke ", ", not ") + Quote(lang, *until));
    }
  }
  if (ack.note.empty()) {
    // The note of the acknowledgement in force (the latest that holds now) carries over.
    std::vector<Acknowledgement> earlier;
    if (Status s = store->AcknowledgementsFor(m.id, &earlier); !s.ok()) return s;
    for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
      if (it->unit == ack.unit && it->InForce(m, now, today)) {
        ack.note = it->note;
        break;
      }
    }
  }
  *out = std::move(ack);
  return Status::Ok();
}

Status AcknowledgeMeasure(Store* store, const std::string& id,
                          const std::optional<std::string>& until, const std::string& note,
                          const std::string& actor, const AckScope& scope, Timestamp now,
                          Date today, Language lang) {
  std::optional<Measure> found;
  if (Status s = Find(store, id, lang, &found); !s.ok()) return s;
  Transaction tx(*store);
  if (!tx.status().ok()) return tx.status();
  Acknowledgement ack;
  if (Status s =
          BuildAcknowledgement(store, *found, until, note, actor, scope, now, today, lang, &ack);
      !s.ok()) {
    return s;
  }
  if (Status s = store->Acknowledge(ack); !s.ok()) return s;
  return tx.Commit();
}

}  // namespace fristvakt
