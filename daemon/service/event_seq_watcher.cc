#include "daemon/service/event_seq_watcher.h"

#include <spdlog/spdlog.h>

namespace fristvakt {

EventSeqWatcher::EventSeqWatcher(boost::asio::io_context& io, Store& store,
                                 std::function<void()> on_change, std::chrono::milliseconds every)
    : store_(store), on_change_(std::move(on_change)), every_(every), timer_(io) {}

void EventSeqWatcher::Start() {
  stopped_ = false;
  if (Status s = Read(&seen_); !s.ok()) {
    spdlog::warn("cannot read the events' sequence: {}", s.message());
  }
  Arm();
}

Status EventSeqWatcher::Read(Seen* out) {
  if (Status s = store_.MaxEventSeq(&out->seq); !s.ok()) return s;
  return store_.NextAttempt(&out->next_attempt);
}

void EventSeqWatcher::Stop() {
  stopped_ = true;
  timer_.cancel();
}

void EventSeqWatcher::Arm() {
  timer_.expires_after(every_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    Check();
    if (!stopped_) Arm();
  });
}

void EventSeqWatcher::Check() {
  Seen now;
  if (Status s = Read(&now); !s.ok()) {
    spdlog::debug("cannot read the events' sequence: {}", s.message());
    return;
  }
  if (now == seen_) return;
  seen_ = now;
  on_change_();
}

}  // namespace fristvakt
