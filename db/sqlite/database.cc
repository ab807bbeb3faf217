#include "db/sqlite/database.h"

#include <sqlite3.h>

#include "db/sqlite/checkpointer.h"

namespace fristvakt {
namespace {

// Before the first connection: SQLite keeps memory statistics (which nothing here reads) under
// one lock for the whole process, which the loop's connection and the checkpoint thread's
// would otherwise take turns at for every allocation.
void ConfigureSqliteOnce() {
  static const int kDone = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kDone;  // SQLITE_MISUSE if SQLite was started already: it then keeps them
}

}  // namespace

Status Database::Open(const std::string& path, std::unique_ptr<Database>* out) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open the database '" + path +
                          "': " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return Status::Unavailable(message);
  }
  sqlite3_extended_result_codes(db, 1);
  // A CLI command and the daemon share the file; writers wait for each other this long.
  sqlite3_busy_timeout(db, 10000);
  out->reset(new Database(db, path));
  Status s =
      (*out)->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!s.ok()) {
    out->reset();
    return s;
  }
  if (path != ":memory:") {
    (*out)->checkpointer_ = std::make_unique<WalCheckpointer>(path);
    (*out)->checkpointer_->Watch(db);
  }
  return s;
}

Status Database::OpenReadOnly(const std::string& path, std::unique_ptr<Database>* out) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open the database '" + path +
                          "': " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return Status::Unavailable(message);
  }
  sqlite3_busy_timeout(db, 10000);
  out->reset(new Database(db, path));
  return Status::Ok();
}

Database::Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

Database::~Database() {
  // Its connection closes first: the last one to close checkpoints and removes the log.
  if (checkpointer_) sqlite3_wal_hook(db_, nullptr, nullptr);
  checkpointer_.reset();
  for (auto& [sql, stmt] : prepared_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

sqlite3_stmt* Database::TakePrepared(std::string_view sql) {
  auto it = prepared_.find(std::string(sql));
  if (it == prepared_.end()) return nullptr;
  sqlite3_stmt* stmt = it->second;
  prepared_.erase(it);
  return stmt;
}

void Database::GiveBack(std::string sql, sqlite3_stmt* stmt) {
  // Statements built with a varying number of parameters would grow this without end.
  constexpr size_t kMaxPrepared = 128;
  if (prepared_.size() >= kMaxPrepared) {
    sqlite3_finalize(stmt);
    return;
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  prepared_.emplace(std::move(sql), stmt);
}

int Database::Changes() const { return sqlite3_changes(db_); }

Status Database::CopyFrom(Database& source) {
  sqlite3_backup* backup = sqlite3_backup_init(db_, "main", source.handle(), "main");
  if (backup == nullptr) {
    return Status::Unavailable(std::string("cannot copy the database: ") + sqlite3_errmsg(db_));
  }
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return Status::Unavailable("cannot copy the database '" + source.path() +
                               "': " + sqlite3_errstr(rc));
  }
  return Status::Ok();
}

Status Database::Exec(std::string_view sql) {
  char* error = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = std::string("database error: ") + (error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    return Status::Unavailable(message);
  }
  return Status::Ok();
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

Statement::Statement(Database& db, std::string_view sql) : db_(db), sql_(sql) {
  stmt_ = db_.TakePrepared(sql_);
  if (stmt_ != nullptr) return;
  int rc = sqlite3_prepare_v3(db_.handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) Fail("prepare");
}

Statement::~Statement() {
  if (stmt_ != nullptr) db_.GiveBack(std::move(sql_), stmt_);
}

void Statement::Fail(const char* what) {
  if (status_.ok()) {
    status_ = Status::Unavailable(std::string("database error (") + what +
                                  "): " + sqlite3_errmsg(db_.handle()));
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  if (status_.ok() && sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) Fail("bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  if (status_.ok() && sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                        SQLITE_TRANSIENT) != SQLITE_OK) {
    Fail("bind");
  }
  return *this;
}

Statement& Statement::BindOptional(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  if (status_.ok() && sqlite3_bind_null(stmt_, index) != SQLITE_OK) Fail("bind");
  return *this;
}

bool Statement::Step() {
  if (!status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) Fail("step");
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  return status_;
}

void Statement::Reset() {
  if (!status_.ok()) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const { return std::string(TextView(column)); }

std::string_view Statement::TextView(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

namespace {

// Transactions begin and end often: through prepared statements, not parsed each time.
Status RunPrepared(Database& db, std::string_view sql) {
  Statement st(db, sql);
  return st.Run();
}

}  // namespace

Status Database::Begin() { return RunPrepared(*this, "BEGIN IMMEDIATE"); }

Status Database::Commit() { return RunPrepared(*this, "COMMIT"); }

Status Database::Rollback() { return RunPrepared(*this, "ROLLBACK"); }

SqliteTransaction::SqliteTransaction(Database& db) : db_(db) {
  status_ = db_.Begin();
  open_ = status_.ok();
}

SqliteTransaction::~SqliteTransaction() {
  // A ROLLBACK that fails has nothing left to undo: SQLite has then ended the transaction
  // itself (or the connection is gone), and the changes are not committed either way.
  if (open_) (void)db_.Rollback();
}

Status SqliteTransaction::Commit() {
  if (!open_) return status_;
  status_ = db_.Commit();
  if (status_.ok()) open_ = false;
  return status_;
}

}  // namespace fristvakt
