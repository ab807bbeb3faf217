#ifndef FRISTVAKT_TESTS_TESTING_FAKE_TRANSPORT_H_
#define FRISTVAKT_TESTS_TESTING_FAKE_TRANSPORT_H_

#include <utility>  // before Asio: Boost 1.74 needs it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "notifiers/notifier.h"

namespace fristvakt::testing {

// A transport that sends nothing: it records every message it is asked to send and answers as
// the test scripts it. Each answer is posted to the io_context, as a real transport's would be,
// never run inside Send. Single-threaded, like the dispatcher that drives it.
class FakeTransport : public Notifier {
 public:
  explicit FakeTransport(boost::asio::io_context& io, int limit = 4) : io_(io), limit_(limit) {}
  FakeTransport(const FakeTransport&) = delete;
  FakeTransport& operator=(const FakeTransport&) = delete;

  // The next send not yet scripted answers `result`; once the script is used up, sends answer
  // Sent().
  void AnswerNext(DeliveryResult result) { script_.push_back(std::move(result)); }
  // The next send not yet scripted stays in flight until Release.
  void HoldNext() { script_.push_back(std::nullopt); }
  // Completes the oldest send held in flight with `result`.
  // REQUIRES: held() > 0.
  void Release(DeliveryResult result = DeliveryResult::Sent()) {
    Done done = std::move(held_.front());
    held_.pop_front();
    Answer(std::move(done), std::move(result));
  }

  // Every message it was asked to send, in order.
  const std::vector<OutgoingMessage>& messages() const { return messages_; }
  size_t held() const { return held_.size(); }
  int cancel_calls() const { return cancel_calls_; }

  std::string Destination(const OutgoingMessage&) const override { return "fake"; }
  int Limit() const override { return limit_; }
  void Send(const OutgoingMessage& m, Done done) override {
    messages_.push_back(m);
    std::optional<DeliveryResult> answer = DeliveryResult::Sent();
    if (!script_.empty()) {
      answer = std::move(script_.front());
      script_.pop_front();
    }
    if (answer) {
      Answer(std::move(done), std::move(*answer));
    } else {
      held_.push_back(std::move(done));
    }
  }
  // The held sends are abandoned: their `done` never runs, as the interface promises.
  void CancelAll() override {
    held_.clear();
    ++cancel_calls_;
  }

 private:
  void Answer(Done done, DeliveryResult result) {
    boost::asio::post(io_, [done = std::move(done), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  }

  boost::asio::io_context& io_;
  const int limit_;
  std::deque<std::optional<DeliveryResult>> script_;  // nothing: hold
  std::deque<Done> held_;
  std::vector<OutgoingMessage> messages_;
  int cancel_calls_ = 0;
};

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_TESTING_FAKE_TRANSPORT_H_
