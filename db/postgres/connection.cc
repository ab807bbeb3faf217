#include "db/postgres/connection.h"

#include <cctype>
#include <cstdio>
#include <thread>

namespace fristvakt {
namespace {

// libpq's URI takes parameters percent-encoded.
std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// libpq's message for a failure, trimmed, without the password should it ever hold it.
std::string Why(const std::exception& e, const std::string& password) {
  std::string why = e.what();
  if (!password.empty()) {
    for (size_t p; (p = why.find(password)) != std::string::npos;)
      why.replace(p, password.size(), "***");
  }
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return why;
}

// libpqxx 6 would connect again by itself at the next statement after a session ended, inside
// whatever transaction the caller thinks is open: the connection reports the loss instead, and
// PgConnection::Ready connects again only outside a transaction. (Deprecated in libpqxx 6 along
// with the reconnecting it turns off; libpqxx 7 has neither.)
void NoReconnect(pqxx::connection& conn) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
}

}  // namespace

bool IsPostgresUrl(std::string_view path) {
  return path.starts_with("postgresql://") || path.starts_with("postgres://");
}

std::string RedactedUrl(std::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // A password among the query's parameters.
  size_t query = out.find('?');
  if (query != std::string::npos) {
    std::string kept = out.substr(0, query);
    std::string rest = out.substr(query + 1);
    char sep = '?';
    size_t pos = 0;
    while (pos <= rest.size()) {
      size_t amp = rest.find('&', pos);
      if (amp == std::string::npos) amp = rest.size();
      std::string param = rest.substr(pos, amp - pos);
      if (!param.empty() && !param.starts_with("password=")) {
        kept += sep;
        kept += param;
        sep = '&';
      }
      pos = amp + 1;
    }
    out = kept;
  }
  return out;
}

Status PgConnection::Open(const std::string& url, const std::string& password,
                          std::unique_ptr<PgConnection>* out) {
  std::string conninfo = url;
  auto add = [&](const std::string& parameter) {
    conninfo += conninfo.find('?') == std::string::npos ? '?' : '&';
    conninfo += parameter;
  };
  if (!password.empty()) add("password=" + PercentEncode(password));
  // A server that vanished (its machine died, the network parted) is noticed within about 10 s
  // rather than at TCP's hours, unless the URL says otherwise: a daemon waiting on it would
  // otherwise wait that long. (Over a Unix socket these do nothing.)
  if (url.find("keepalives") == std::string::npos) {
    add("keepalives_idle=5&keepalives_interval=2&keepalives_count=3");
  }
  if (url.find("tcp_user_timeout") == std::string::npos) add("tcp_user_timeout=10000");
  // Nor does connecting again wait on a vanished host for TCP's minutes.
  if (url.find("connect_timeout") == std::string::npos) add("connect_timeout=5");
  std::string shown = RedactedUrl(url);
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo);
    NoReconnect(*conn);
    out->reset(new PgConnection(std::move(conn), conninfo, shown, password));
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot open the database '" + shown + "': " + Why(e, password));
  }
  if (Status s = (*out)->Configure(); !s.ok()) {
    out->reset();
    return s;
  }
  return Status::Ok();
}

PgConnection::PgConnection(std::unique_ptr<pqxx::connection> conn, std::string conninfo,
                           std::string url, std::string password)
    : conn_(std::move(conn)),
      conninfo_(std::move(conninfo)),
      url_(std::move(url)),
      password_(std::move(password)) {
  tx_ = std::make_unique<pqxx::nontransaction>(*conn_);
}

PgConnection::~PgConnection() {
  tx_.reset();
  try {
    conn_->disconnect();
  } catch (...) {
  }
}

Status PgConnection::Configure() {
  // The same keepalives from the server's side: a session whose client vanished ends within
  // about 10 s, and with it the writers' lock it held, so that a standby taking over is not held
  // up by the transaction of a daemon whose machine died. Our transactions never idle for long.
  return Exec("SET lock_timeout = " + std::to_string(lock_wait_.count()) +
              "; SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; "
              "SET tcp_keepalives_count = 3; SET idle_in_transaction_session_timeout = 10000");
}

Status PgConnection::Ready() {
  if (in_transaction_ && (failed_ || broken_)) {
    return Status::Unavailable("database '" + url_ +
                               "': a statement of the transaction failed; nothing more of it runs");
  }
  if (!broken_) return Status::Ok();
  try {
    tx_.reset();
    conn_ = std::make_unique<pqxx::connection>(conninfo_);
    NoReconnect(*conn_);
    tx_ = std::make_unique<pqxx::nontransaction>(*conn_);
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot open the database '" + url_ +
                               "' again: " + Why(e, password_));
  }
  prepared_.clear();
  broken_ = false;
  if (Status s = Configure(); !s.ok()) {
    broken_ = true;  // no statement runs on a session without the settings
    return s;
  }
  return Status::Ok();
}

const std::string& PgConnection::Prepared(const std::string& sql) {
  auto it = prepared_.find(sql);
  if (it != prepared_.end()) return it->second;
  std::string name = "s" + std::to_string(prepared_.size());
  conn_->prepare(name, sql);
  return prepared_.emplace(sql, std::move(name)).first->second;
}

Status PgConnection::Failure(const std::exception& e) {
  if (in_transaction_) failed_ = true;  // PostgreSQL aborts a transaction at its first failure
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr || !conn_->is_open()) {
    broken_ = true;
  }
  const std::string why = Why(e, password_);
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    // lock_not_available: a lock wait ran out (lock_timeout), as SQLite's busy.
    if (sql->sqlstate() == "55P03") {
      return Status::Unavailable("the database '" + url_ +
                                 "' is busy: another process holds its lock (" + why + ")");
    }
  }
  return Status::Unavailable("database '" + url_ + "': " + why);
}

Status PgConnection::Exec(std::string_view sql, pqxx::result* out) {
  if (Status s = Ready(); !s.ok()) return s;
  try {
    pqxx::result r = tx_->exec(std::string(sql));
    if (out != nullptr) *out = std::move(r);
    return Status::Ok();
  } catch (const std::exception& e) {
    return Failure(e);
  }
}

Status PgConnection::Begin() {
  if (Status s = Ready(); !s.ok()) return s;  // a session that ended is opened again first
  in_transaction_ = true;
  failed_ = false;
  // One round trip for both, as COMMIT takes two.
  static const std::string begin =
      "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT "
      "pg_advisory_xact_lock(" +
      std::to_string(kWriterLock) + ")";
  Status s = Exec(begin);
  if (!s.ok()) (void)Rollback();
  return s;
}

Status PgConnection::Commit() {
  // A COMMIT of a transaction in which a statement failed would roll it back without an
  // error: say so instead, and leave it open for the rollback.
  if (failed_) {
    return Status::Unavailable("database '" + url_ +
                               "': a statement of the transaction failed; nothing was written");
  }
  // The transaction's id, if it wrote anything: what to ask about should the answer to the
  // COMMIT be lost.
  pqxx::result id;
  if (Status s = Run("SELECT txid_current_if_assigned()", &id); !s.ok()) return s;
  Status s = Exec("COMMIT");
  if (s.ok()) {
    in_transaction_ = false;
    return s;
  }
  if (!broken_) return s;  // still open, for the rollback
  // The session ended with the COMMIT, before its answer came (a network that parted, a server
  // stopped): the server may have made the transaction or not. A transaction that wrote nothing
  // (no id was assigned) is the same either way. Of one that wrote, a new session asks the
  // server (txid_status, made for this), so that the caller neither thinks a made change lost
  // and does it twice, nor the other way round.
  in_transaction_ = false;
  failed_ = false;
  if (id[0][0].is_null()) return Status::Ok();
  return CommitOutcome(id[0][0].as<int64_t>(), s);
}

Status PgConnection::CommitOutcome(int64_t id, const Status& lost) {
  // Asked again while the server cannot be reached (a restart) or has the transaction "in
  // progress" (it has not yet seen the old session end), for a bounded time: the loop that
  // waits does nothing else meanwhile, and a database away longer is reported as unknown.
  const auto until = std::chrono::steady_clock::now() + kCommitOutcomeWait;
  std::string why = lost.message();
  while (true) {
    pqxx::result r;
    if (Status s = Run("SELECT txid_status($1)", &r, id); !s.ok()) {
      why = s.message();
    } else {
      const std::string outcome = PgText(r[0][0]);
      if (outcome == "committed") return Status::Ok();
      if (outcome == "aborted") {
        return Status::Unavailable("database '" + url_ +
                                   "': the session ended before the transaction was committed; "
                                   "nothing of it was written (" +
                                   lost.message() + ")");
      }
      why = "the server had it " + (outcome.empty() ? std::string("forgotten") : outcome);
    }
    if (std::chrono::steady_clock::now() >= until) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Status::Unavailable("database '" + url_ +
                             "': the session ended as the transaction was committed, and whether "
                             "it was written is not known (" +
                             why + ")");
}

Status PgConnection::Rollback() {
  const bool open = in_transaction_;
  in_transaction_ = false;
  failed_ = false;
  // A session that ended took its transaction with it; the next statement connects again.
  if (!open || broken_) return Status::Ok();
  return Exec("ROLLBACK");
}

void PgConnection::SetLockWait(std::chrono::milliseconds wait) {
  lock_wait_ = wait;
  (void)Exec("SET lock_timeout = " + std::to_string(wait.count()));
}

}  // namespace fristvakt
