#include "db/sqlite/checkpointer.h"

#include <sqlite3.h>

namespace fristvakt {
namespace {

// SQLite's own threshold (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).
constexpr int kPages = 1000;
// A log this long means the thread is behind or failing.
constexpr int kBehind = 20 * kPages;

// A connection sees that the file is in WAL mode only once it has read from it; until then a
// checkpoint does nothing.
sqlite3* OpenForCheckpoints(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
          SQLITE_OK ||
      sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) !=
          SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path)
    : path_(std::move(path)), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalCheckpointer::Watch(sqlite3* writer) { sqlite3_wal_hook(writer, &OnCommit, this); }

int WalCheckpointer::OnCommit(void* self, sqlite3* writer, const char*, int pages) {
  if (pages >= kBehind) {
    // The thread cannot keep up or cannot checkpoint (no connection, say): the writer does it
    // itself, as SQLite would, so that the log never grows without end.
    sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= kPages) {
    static_cast<WalCheckpointer*>(self)->Nudge();
  }
  return SQLITE_OK;
}

void WalCheckpointer::Nudge() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = true;
  }
  wake_.notify_one();
}

void WalCheckpointer::Loop() {
  sqlite3* db = nullptr;
  for (;;) {
    bool stop = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return pending_ || stop_; });
      if (!pending_) break;
      pending_ = false;
      stop = stop_;
    }
    if (db == nullptr) db = OpenForCheckpoints(path_);
    // PASSIVE: copies what no reader still needs and never blocks the writer. A checkpoint that
    // fails (the file gone, say) is tried again at the next nudge; the log is not lost meanwhile.
    if (db != nullptr) {
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    if (stop) break;
  }
  sqlite3_close(db);
}

}  // namespace fristvakt
