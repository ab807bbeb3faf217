#ifndef FRISTVAKT_DB_SQLITE_DATABASE_H_
#define FRISTVAKT_DB_SQLITE_DATABASE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "rules/status.h"

struct sqlite3;
struct sqlite3_stmt;

// Small RAII wrappers around SQLite: a connection, a prepared statement, a transaction.
namespace fristvakt {

class WalCheckpointer;

// One SQLite connection. Owned and used by a single thread.
class Database {
 public:
  // Opens (creating if need be) the file at `path`, or a private in-memory database for
  // ":memory:". Sets WAL, a busy timeout and foreign keys.
  static Status Open(const std::string& path, std::unique_ptr<Database>* out);
  // Opens an existing file for reading only.
  static Status OpenReadOnly(const std::string& path, std::unique_ptr<Database>* out);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  int64_t LastInsertRowId() const;
  // Rows changed by the last statement.
  int Changes() const;
  // BEGIN IMMEDIATE (so writers queue on the busy timeout instead of failing on upgrade),
  // COMMIT and ROLLBACK: what SqliteTransaction and the store's Transaction run.
  Status Begin();
  Status Commit();
  Status Rollback();
  // Replaces this database's content with a consistent copy of `source` (SQLite's backup).
  Status CopyFrom(Database& source);
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  friend class Statement;
  Database(sqlite3* db, std::string path);
  // Prepared statements not in use, by their SQL: a statement run again is not parsed again.
  sqlite3_stmt* TakePrepared(std::string_view sql);
  void GiveBack(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_;
  std::string path_;
  std::unordered_multimap<std::string, sqlite3_stmt*> prepared_;
  // A file opened for writing checkpoints its log on a thread of its own.
  std::unique_ptr<WalCheckpointer> checkpointer_;
};

// One prepared statement, taken from the connection's cache of idle ones when it has the same
// SQL, and given back (reset, bindings cleared) when destroyed. The first failure is kept in
// status(); later calls do nothing, so a caller may bind and step and check once at the end.
class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters count from 1, as in SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  // NULL when empty.
  Statement& BindOptional(int index, const std::optional<std::string>& value);
  Statement& BindNull(int index);

  // True while there is a row to read.
  bool Step();
  // Steps to the end; for statements that return no rows.
  Status Run();
  // Makes the statement ready to bind and step again.
  void Reset();

  // Columns count from 0.
  int64_t Int(int column) const;
  std::string Text(int column) const;
  // The same without a copy: valid until the next Step, Reset or the statement's end, or until
  // the same column is read again as something else.
  std::string_view TextView(int column) const;
  bool IsNull(int column) const;

  const Status& status() const { return status_; }

 private:
  void Fail(const char* what);

  Database& db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  Status status_;
};

// Database::Begin on construction; ROLLBACK on destruction unless committed. For code that
// holds the Database itself (the migrations); users of a Store take the store's Transaction.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(Database& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  const Status& status() const { return status_; }
  Status Commit();

 private:
  Database& db_;
  Status status_;
  bool open_ = false;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_SQLITE_DATABASE_H_
