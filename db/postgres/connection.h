#ifndef FRISTVAKT_DB_POSTGRES_CONNECTION_H_
#define FRISTVAKT_DB_POSTGRES_CONNECTION_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <pqxx/pqxx>

#include "rules/dates.h"
#include "rules/status.h"

// A small wrapper around one libpqxx connection: statements prepared on first use and run
// with exceptions turned into Status, and explicit transactions (BEGIN ... COMMIT) that the
// Store's Transaction drives.
namespace fristvakt {

// The URL without its password, for messages: postgresql://user:secret@host/db becomes
// postgresql://user@host/db, and a password=... query parameter goes too.
std::string RedactedUrl(std::string_view url);
// Whether `path` names a PostgreSQL database (postgresql:// or postgres://).
bool IsPostgresUrl(std::string_view path);

// How moments are stored: whole seconds since the Unix epoch, in BIGINT columns.
inline int64_t PgSeconds(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp PgMoment(const pqxx::field& f) {
  return Timestamp(std::chrono::seconds(f.as<int64_t>()));
}
inline std::optional<Timestamp> PgOptionalMoment(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return PgMoment(f);
}
// Text, "" for NULL (as SQLite's column text is).
inline std::string PgText(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }
// A parameter that may be NULL: libpqxx sends a null `const char*` as NULL.
inline const char* PgOrNull(const std::optional<std::string>& s) {
  return s ? s->c_str() : nullptr;
}

// One connection to a PostgreSQL database. Owned and used by a single thread. When the server
// ends the session (a restart, an administrator, a network that parted), the statement that
// finds out fails, and so does every later one of the same transaction, unrun; the first
// statement after it connects again, with the same settings.
class PgConnection {
 public:
  // Connects to `url` (a libpq connection URI; `password`, when not empty, is given to libpq
  // apart from it). A failure names the URL without its password.
  static Status Open(const std::string& url, const std::string& password,
                     std::unique_ptr<PgConnection>* out);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` (one or more statements without parameters) outside the statement cache.
  Status Exec(std::string_view sql, pqxx::result* out = nullptr);
  // Runs `sql` with parameters $1, $2, ... prepared once per connection.
  template <typename... Args>
  Status Run(const std::string& sql, pqxx::result* out, Args&&... args) {
    if (Status s = Ready(); !s.ok()) return s;
    try {
      const std::string& name = Prepared(sql);
      pqxx::result r = tx_->exec_prepared(name, std::forward<Args>(args)...);
      if (out != nullptr) *out = std::move(r);
      return Status::Ok();
    } catch (const std::exception& e) {
      return Failure(e);
    }
  }

  // BEGIN, then waits for the one writer's lock (pg_advisory_xact_lock) so that writers of
  // several processes queue as SQLite's BEGIN IMMEDIATE makes them; COMMIT; ROLLBACK. A COMMIT
  // whose answer is lost with the session reports what the server made of the transaction,
  // asked of a new session, and fails when it cannot tell.
  Status Begin();
  Status Commit();
  Status Rollback();
  bool in_transaction() const { return in_transaction_; }
  // SET lock_timeout: how long a statement waits for a lock before failing as Unavailable.
  void SetLockWait(std::chrono::milliseconds wait);

  const std::string& url() const { return url_; }  // without its password
  pqxx::connection& raw() { return *conn_; }

  // How long a COMMIT whose answer was lost waits to learn what the server made of it.
  static constexpr std::chrono::milliseconds kCommitOutcomeWait{3000};

  // The advisory lock key writers queue on (one per database).
  static constexpr int64_t kWriterLock = 0x66726973'74766b74;  // "fristvkt"

 private:
  PgConnection(std::unique_ptr<pqxx::connection> conn, std::string conninfo, std::string url,
               std::string password);
  const std::string& Prepared(const std::string& sql);
  Status Failure(const std::exception& e);
  // Whether a statement may run now: not in a transaction in which one failed; connected again
  // first if the session ended. libpqxx would connect again by itself inside the transaction,
  // run the rest of it outside any, and forget the settings below.
  Status Ready();
  // The session's settings: the lock wait, and keepalives from the server's side.
  Status Configure();
  // Whether the transaction `id`, whose COMMIT's answer the ended session took with it, was
  // made: Ok if so, else a failure that says whether it is known not to have been (`lost`: the
  // COMMIT's own).
  Status CommitOutcome(int64_t id, const Status& lost);

  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::nontransaction> tx_;
  std::string conninfo_;  // with the password: never shown
  std::string url_;
  std::string password_;  // to take out of a message, should libpq ever repeat it
  std::chrono::milliseconds lock_wait_{10000};
  bool broken_ = false;                                    // the server ended the session
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  bool in_transaction_ = false;
  bool failed_ = false;  // a statement failed inside the open transaction
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_POSTGRES_CONNECTION_H_
