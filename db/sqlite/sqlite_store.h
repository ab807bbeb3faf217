#ifndef FRISTVAKT_DB_SQLITE_SQLITE_STORE_H_
#define FRISTVAKT_DB_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "db/sqlite/database.h"
#include "db/store.h"

namespace fristvakt {

// The Store in one SQLite file, opened in WAL mode with a busy timeout so that the command
// line and the daemon can share it; the schema is db/sqlite/schema.cc's. Owned and used by one
// thread at a time.
//
// Only code that needs SQLite itself sees this class, through db(): the daemon's change
// watcher (PRAGMA data_version), which finds it with dynamic_cast<SqliteStore*> on the Store it
// is given, and the tests and the API fuzz target, which run raw SQL and copy databases.
// Everything else takes a Store, which is what another database implements. Not final: a test
// makes one whose answer to a COMMIT is lost, as PostgreSQL's can be.
class SqliteStore : public Store {
 public:
  // As Store::Open and Store::OpenCopy, with the SQLite store's own type.
  static Status Open(const std::string& path, std::unique_ptr<SqliteStore>* out);
  static Status OpenCopy(const std::string& path, std::unique_ptr<SqliteStore>* out);
  // REQUIRES: `db` is at the latest schema (Migrate).
  explicit SqliteStore(std::unique_ptr<Database> db);
  ~SqliteStore() override;

  Database& db() { return *db_; }
  void SetLockWait(std::chrono::milliseconds wait) override;

  // MeasureStore (sqlite_store_measures.cc).
  Status GetMeasure(std::string_view id, std::optional<Measure>* out) override;
  Status AllMeasures(std::vector<Measure>* out) override;
  Status MeasuresAfter(std::string_view after_id, int limit, std::vector<Measure>* out) override;
  Status InsertMeasure(const Measure& m, Timestamp now, const std::string& actor,
                       const nlohmann::json& data) override;
  Status SaveChange(const Measure& before, const Measure& after, Timestamp now,
                    const std::string& actor, const std::string& reason, int* events) override;
  Status GetImportBase(std::string_view id, std::optional<ImportBase>* out) override;
  Status SaveImportBase(const ImportBase& base) override;
  Status AppendEvent(Event* e) override;
  Status EventsFor(std::string_view measure_id, std::vector<Event>* out) override;
  Status EventsAfter(int64_t after, int limit, std::vector<Event>* out) override;
  Status EventsOfKindSince(std::string_view kind, Timestamp since,
                           std::vector<Event>* out) override;
  Status MaxEventSeq(int64_t* out) override;
  Status Acknowledge(const Acknowledgement& ack) override;
  Status AcknowledgementsFor(std::string_view measure_id,
                             std::vector<Acknowledgement>* out) override;
  Status AllAcknowledgements(std::map<std::string, std::vector<Acknowledgement>>* out) override;
  Status AcknowledgementsBetween(std::string_view first, std::string_view last,
                                 std::map<std::string, std::vector<Acknowledgement>>* out) override;
  Status AcknowledgementsOf(const std::vector<std::string>& ids,
                            std::map<std::string, std::vector<Acknowledgement>>* out) override;

  // OutboxStore (sqlite_store_outbox.cc).
  Status QueueNotices(const std::vector<Notice>& send, const std::vector<Notice>& drop,
                      const std::function<nlohmann::json(const Notice&)>& payload,
                      Timestamp now) override;
  Status DropSuperseded(const Measure& m, const date::time_zone* zone, Timestamp now,
                        int* dropped) override;
  Status DropQueued(const std::string& measure_id, const std::vector<std::string>& rules,
                    const std::string& recipient, const std::string& reason, Timestamp now,
                    int* dropped) override;
  Status HandledOccurrences(std::string_view measure_id, std::set<std::string>* out) override;
  Status AllHandledOccurrences(std::map<std::string, std::set<std::string>>* out) override;
  Status HandledOccurrencesBetween(std::string_view first, std::string_view last,
                                   std::map<std::string, std::set<std::string>>* out) override;
  Status HandledOccurrencesOf(const std::vector<std::string>& ids,
                              std::map<std::string, std::set<std::string>>* out) override;
  Status DueOutbox(Timestamp now, Timestamp after_at, const std::string& after_key, int limit,
                   std::vector<OutboxEntry>* out) override;
  Status NextAttempt(std::optional<Timestamp>* at) override;
  Status MarkSending(const std::string& key, bool* marked) override;
  Status MarkSent(const std::string& key, Timestamp at) override;
  Status MarkSendingMany(const std::vector<std::string>& keys,
                         std::vector<std::string>* marked) override;
  Status MarkSentMany(const std::vector<std::pair<std::string, Timestamp>>& sent) override;
  Status Reschedule(const std::string& key, Timestamp next, const std::string& error) override;
  Status Unmark(const std::string& key) override;
  Status MarkDead(const std::string& key, const std::string& error) override;
  Status RequeueInFlight(int* count) override;
  Status ForgetOldPayloads(Timestamp before, int* count) override;
  Status OutboxFor(std::string_view measure_id, std::vector<OutboxEntry>* out) override;
  Status ListOutbox(const std::string& which, std::vector<OutboxEntry>* out) override;
  Status RetryDead(const std::string& key, Timestamp now, int* count) override;
  Status Summarize(OutboxSummary* out) override;
  Status OldestQueued(std::optional<Timestamp>* at) override;

  // TokenStore (sqlite_store_tokens.cc).
  Status CreateToken(const ApiToken& token, const std::string& hash, int64_t* id) override;
  Status ListTokens(std::vector<ApiToken>* out) override;
  Status RevokeToken(int64_t id, Timestamp now, bool* found) override;
  Status FindToken(const std::string& hash, std::optional<ApiToken>* out) override;
  Status TouchToken(int64_t id, Timestamp now) override;

  // AnswerStore (sqlite_store_answers.cc).
  Status CreateLink(const std::string& hash, const AnswerLink& link) override;
  Status FindLink(const std::string& hash, std::optional<AnswerLink>* out) override;
  Status ForgetExpiredLinks(Timestamp before, int* count) override;
  Status AddDeadlineRequest(DeadlineRequest* r) override;
  Status GetDeadlineRequest(int64_t id, std::optional<DeadlineRequest>* out) override;
  Status PendingRequestFor(std::string_view measure, std::optional<DeadlineRequest>* out) override;
  Status PendingRequests(std::vector<DeadlineRequest>* out) override;
  Status DecideDeadlineRequest(int64_t id, const std::string& state, const std::string& by,
                               const std::string& note, Timestamp at, bool* decided) override;

  // ScheduleStore (sqlite_store_schedule.cc).
  Status SetNextEvaluation(std::string_view measure_id, std::optional<Timestamp> at) override;
  Status SetNextEvaluations(const std::vector<NextEvaluation>& entries) override;
  Status BeginScheduleRewrite() override;
  Status EndScheduleRewrite() override;
  Status DueMeasures(Timestamp now, int limit, std::vector<std::string>* out) override;
  Status EarliestEvaluation(std::optional<Timestamp>* at) override;
  Status OpenMeasuresAfter(std::string_view area, std::string_view after_id, int limit,
                           std::vector<Measure>* out) override;
  // LeaseStore (sqlite_store.cc): none; the daemon flocks the file instead.
  bool HoldsLease() const override { return false; }
  Status TakeLease(const DaemonLease& me, std::chrono::seconds ttl, bool* taken) override;
  Status RenewLease(const std::string& holder, std::chrono::seconds ttl, bool* held) override;
  Status ReleaseLease(const std::string& holder) override;
  Status ActiveDaemon(std::optional<DaemonLease>* out) override;
  // StateStore (sqlite_store.cc).
  Status GetState(const std::string& key, std::optional<std::string>* value) override;
  Status SetState(const std::string& key, const std::string& value) override;
  Status LastDigestRun(const std::string& name, std::optional<Timestamp>* at) override;
  Status RecordDigestRun(const std::string& name, Timestamp at) override;

 private:
  // BEGIN IMMEDIATE, COMMIT, ROLLBACK (Database::Begin and the others).
  Status BeginTransaction() override;
  Status CommitTransaction() override;
  void RollbackTransaction() override;

  const std::unique_ptr<Database> db_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_SQLITE_SQLITE_STORE_H_
