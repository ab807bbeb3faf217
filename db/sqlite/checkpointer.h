#ifndef FRISTVAKT_DB_SQLITE_CHECKPOINTER_H_
#define FRISTVAKT_DB_SQLITE_CHECKPOINTER_H_

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace fristvakt {

// Copies the write-ahead log back into the database file on a thread of its own, through a
// connection of its own. SQLite's automatic checkpoint runs inside the COMMIT that takes the log
// past 1,000 pages, so the writer waits for it; this lets the writer go on. The writer's
// connection hands its commits over with Watch().
class WalCheckpointer {
 public:
  explicit WalCheckpointer(std::string path);
  // Checkpoints what is still waiting, then ends the thread.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Replaces `writer`'s automatic checkpoint with this one.
  void Watch(sqlite3* writer);

 private:
  static int OnCommit(void* self, sqlite3* db, const char* name, int pages);
  void Nudge();
  void Loop();

  std::string path_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_DB_SQLITE_CHECKPOINTER_H_
