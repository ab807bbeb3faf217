#include "daemon/service/change_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>

#include <spdlog/spdlog.h>

namespace fristvakt {
namespace {

// A burst of writes (an import) is one change: look this long after the first event.
constexpr std::chrono::milliseconds kSettle{30};
// Without inotify: how often to look.
constexpr std::chrono::seconds kPoll{1};

}  // namespace

ChangeWatcher::ChangeWatcher(boost::asio::io_context& io, Database& db,
                             std::function<void()> on_change)
    : io_(io), db_(db), on_change_(std::move(on_change)), timer_(io) {}

ChangeWatcher::~ChangeWatcher() { Stop(); }

void ChangeWatcher::Start() {
  version_ = DataVersion();
  namespace fs = std::filesystem;
  fs::path path = fs::absolute(db_.path());
  file_name_ = path.filename().string();
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd >= 0 && inotify_add_watch(fd, path.parent_path().c_str(),
                                   IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO) >= 0) {
    inotify_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, fd);
    WaitForEvent();
    return;
  }
  if (fd >= 0) close(fd);
  spdlog::warn("inotify is not available; looking for changes every {} s", kPoll.count());
  CheckAfter(kPoll);
}

void ChangeWatcher::Stop() {
  stopped_ = true;
  timer_.cancel();
  if (inotify_) inotify_->cancel();
}

void ChangeWatcher::WaitForEvent() {
  inotify_->async_wait(
      boost::asio::posix::stream_descriptor::wait_read,
      [this](const boost::system::error_code& ec) {
        if (ec || stopped_) return;
        alignas(inotify_event) char buffer[4096];
        bool ours = false;
        ssize_t n;
        while ((n = read(inotify_->native_handle(), buffer, sizeof buffer)) > 0) {
          for (char* p = buffer; p < buffer + n;) {
            auto* event = reinterpret_cast<inotify_event*>(p);
            if (event->len > 0 && std::string_view(event->name).rfind(file_name_, 0) == 0) {
              ours = true;  // the database, its -wal or its -shm
            }
            p += sizeof(inotify_event) + event->len;
          }
        }
        if (ours) CheckAfter(kSettle);
        WaitForEvent();
      });
}

void ChangeWatcher::Check() {
  if (stopped_) return;
  int64_t version = DataVersion();
  if (version != version_) {
    version_ = version;
    on_change_();
  }
  if (!inotify_ && !stopped_) CheckAfter(kPoll);
}

void ChangeWatcher::CheckAfter(std::chrono::milliseconds delay) {
  if (check_pending_) return;
  check_pending_ = true;
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    check_pending_ = false;
    if (!ec) Check();
  });
}

int64_t ChangeWatcher::DataVersion() {
  Statement st(db_, "PRAGMA data_version");
  return st.Step() ? st.Int(0) : 0;
}

}  // namespace fristvakt
