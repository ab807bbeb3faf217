#include "daemon/service/event_seq_watcher.h"

#include <spdlog/spdlog.h>

namespace fristvakt {

EventSeqWatcher::EventSeqWatcher(boost::asio::io_context& io, Store& store,
                                 std::function<void()> on_change, std::chrono::milliseconds every)
    : store_(store), on_change_(std::move(on_change)), every_(every), timer_(io) {}

void EventSeqWatcher::Start() {
  stopped_ = false;
  if (Status s = store_.MaxEventSeq(&seen_); !s.ok()) {
    spdlog::warn("cannot read the events' sequence: {}", s.message());
  }
  Arm();
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
  int64_t seq = 0;
  if (Status s = store_.MaxEventSeq(&seq); !s.ok()) {
    spdlog::debug("cannot read the events' sequence: {}", s.message());
    return;
  }
  if (seq == seen_) return;
  seen_ = seq;
  on_change_();
}

}  // namespace fristvakt
