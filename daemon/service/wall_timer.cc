#include "daemon/service/wall_timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace fristvakt {

WallTimer::WallTimer(boost::asio::io_context& io)
    : descriptor_(io, timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC)) {}

WallTimer::~WallTimer() = default;

void WallTimer::ArmAt(Timestamp at, const Clock& clock, Handler handler) {
  // The real wall-clock moment that lies as far ahead as `at` does on `clock`.
  const auto real_now = std::chrono::system_clock::now();
  const auto target = real_now + clock.RealDelay(at - clock.Now());
  const auto since_epoch =
      std::chrono::duration_cast<std::chrono::nanoseconds>(target.time_since_epoch());
  itimerspec spec{};
  if (since_epoch.count() <= 0) {
    spec.it_value.tv_nsec = 1;  // zero would disarm the timer
  } else {
    spec.it_value.tv_sec = static_cast<time_t>(since_epoch.count() / 1000000000);
    spec.it_value.tv_nsec = static_cast<long>(since_epoch.count() % 1000000000);
  }
  timerfd_settime(descriptor_.native_handle(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec,
                  nullptr);
  handler_ = std::move(handler);
  ++generation_;
  descriptor_.cancel();
  Wait();
}

void WallTimer::Cancel() {
  itimerspec off{};
  timerfd_settime(descriptor_.native_handle(), 0, &off, nullptr);
  ++generation_;
  handler_ = nullptr;
  descriptor_.cancel();
}

void WallTimer::Wait() {
  const unsigned generation = generation_;
  descriptor_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                         [this, generation](const boost::system::error_code& ec) {
                           if (ec || generation != generation_) return;
                           uint64_t expirations = 0;
                           ssize_t n =
                               read(descriptor_.native_handle(), &expirations, sizeof expirations);
                           // ECANCELED: the clock was set while the timer was armed.
                           const bool changed = n < 0 && errno == ECANCELED;
                           if (n < 0 && !changed) {
                             Wait();  // a spurious wake-up (EAGAIN)
                             return;
                           }
                           Handler handler = std::move(handler_);
                           handler_ = nullptr;
                           if (handler) handler(changed);
                         });
}

}  // namespace fristvakt
