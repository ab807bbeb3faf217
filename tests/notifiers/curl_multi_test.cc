// The transport thread of CurlMulti, against a real HTTP receiver on loopback (the integration
// tests' webhook_receiver.py): every transfer ends once, on the io_context's thread, and a
// transfer removed or abandoned is never touched again, whatever stage it was at.
#include "notifiers/curl_multi.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "notifiers/resolver_faults.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using namespace std::chrono_literals;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::TempDir;
using testing::WaitFor;

class CurlMultiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string port_file = dir_.File("port");
    receiver_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{
            "/usr/bin/python3",
            std::string(FRISTVAKT_SOURCE_DIR) + "/tests/integration/servers/webhook_receiver.py",
            "--port-file", port_file, "--log", dir_.File("requests.jsonl")},
        dir_.File("receiver.log"));
    ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(port_file); }, 10s));
    base_ = "http://127.0.0.1:" + ReadFile(port_file);
  }

  // A POST to `path` on the receiver, its answer's body discarded.
  std::unique_ptr<CurlTransfer> Post(const std::string& path) {
    auto t = std::make_unique<CurlTransfer>();
    curl_easy_setopt(t->easy, CURLOPT_URL, (base_ + path).c_str());
    curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, "{}");
    curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, 20000L);
    return t;
  }

  // How many requests the receiver has logged.
  int Logged() const {
    const std::string text = ReadFile(dir_.File("requests.jsonl"));
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> receiver_;
  std::string base_;
};

TEST_F(CurlMultiTest, EveryTransferEndsOnceOnTheLoopsThread) {
  boost::asio::io_context io;
  CurlMulti multi(io);
  // 16 at a time, as a destination's limit keeps them; each end adds the next from the loop.
  constexpr int kTransfers = 200;
  constexpr int kAtOnce = 16;
  std::vector<std::unique_ptr<CurlTransfer>> transfers;
  std::vector<int> ends(kTransfers, 0);
  std::set<std::thread::id> threads;
  std::function<void()> add_next = [&]() {
    const int i = static_cast<int>(transfers.size());
    if (i == kTransfers) return;
    transfers.push_back(Post("/ok"));
    multi.Add(transfers.back()->easy, [&, i](CURLcode code) {
      EXPECT_EQ(code, CURLE_OK) << transfers[i]->Error(code);
      ++ends[i];
      threads.insert(std::this_thread::get_id());
      add_next();
    });
  };
  for (int i = 0; i < kAtOnce; ++i) add_next();
  EXPECT_EQ(multi.in_flight(), static_cast<size_t>(kAtOnce));
  // run() returns only when every transfer has come back: while they run, the loop has work.
  io.run();
  EXPECT_EQ(ends, std::vector<int>(kTransfers, 1));
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
  EXPECT_EQ(multi.in_flight(), 0u);
  EXPECT_EQ(Logged(), kTransfers);
}

TEST_F(CurlMultiTest, ARemovedTransferNeverEndsAndCanBeFreedAtOnce) {
  boost::asio::io_context io;
  CurlMulti multi(io);
  auto hanging = Post("/hang");
  auto ok = Post("/ok");
  bool hanging_ended = false;
  bool ok_ended = false;
  multi.Add(hanging->easy, [&](CURLcode) { hanging_ended = true; });
  ASSERT_TRUE(WaitFor([&] { return Logged() == 1; }, 10s));  // it is on the transport thread
  multi.Add(ok->easy, [&](CURLcode code) {
    EXPECT_EQ(code, CURLE_OK);
    ok_ended = true;
  });
  multi.Remove(hanging->easy);
  hanging.reset();  // libcurl has let go of it: freeing it now is safe
  io.run();
  EXPECT_FALSE(hanging_ended);
  EXPECT_TRUE(ok_ended);
}

TEST_F(CurlMultiTest, ATransferRemovedAfterItEndedButBeforeItsEndRanIsNotReported) {
  boost::asio::io_context io;
  CurlMulti multi(io);
  auto first = Post("/ok");
  int first_ends = 0;
  multi.Add(first->easy, [&](CURLcode) { ++first_ends; });
  // It ends on the transport thread, and its end waits in the loop, which does not run yet.
  ASSERT_TRUE(WaitFor([&] { return Logged() == 1; }, 10s));
  std::this_thread::sleep_for(200ms);
  multi.Remove(first->easy);
  first.reset();
  // A new transfer, perhaps at the freed one's address, gets only its own end.
  auto second = Post("/ok");
  int second_ends = 0;
  multi.Add(second->easy, [&](CURLcode code) {
    EXPECT_EQ(code, CURLE_OK);
    ++second_ends;
  });
  io.run();
  EXPECT_EQ(first_ends, 0);
  EXPECT_EQ(second_ends, 1);
}

// At a shutdown whose grace ran out, the transfers still in flight are removed and their
// notices put back in the queue. One that had ended already (its request went out and was
// answered) must report that instead, or it would be sent again at the next start.
TEST_F(CurlMultiTest, ATransferRemovedAfterItEndedReportsItsEndWhenAsked) {
  boost::asio::io_context io;
  CurlMulti multi(io);
  auto ended = Post("/ok");
  auto hanging = Post("/hang");
  std::vector<CURLcode> ends;
  bool hanging_ended = false;
  multi.Add(ended->easy, [&](CURLcode code) { ends.push_back(code); });
  multi.Add(hanging->easy, [&](CURLcode) { hanging_ended = true; });
  ASSERT_TRUE(WaitFor([&] { return Logged() == 2; }, 10s));
  std::this_thread::sleep_for(200ms);  // the first has ended on the transport thread
  multi.Remove(ended->easy, /*report_end=*/true);
  EXPECT_EQ(ends, std::vector<CURLcode>{CURLE_OK});  // at once, inside Remove
  multi.Remove(hanging->easy, /*report_end=*/true);
  EXPECT_FALSE(hanging_ended);  // still running: removed, and nothing to report
  io.run();
  EXPECT_EQ(ends.size(), 1u);  // not twice
  EXPECT_FALSE(hanging_ended);
}

TEST_F(CurlMultiTest, GoesWithTransfersRunningAndEndsWaiting) {
  boost::asio::io_context io;
  auto hanging = Post("/hang");
  auto ok = Post("/ok");
  bool ended = false;
  {
    CurlMulti multi(io);
    multi.Add(hanging->easy, [&](CURLcode) { ended = true; });
    multi.Add(ok->easy, [&](CURLcode) { ended = true; });
    ASSERT_TRUE(WaitFor([&] { return Logged() == 2; }, 10s));
    std::this_thread::sleep_for(200ms);
  }
  // Both handles are free of libcurl; the end left in the loop does nothing.
  hanging.reset();
  ok.reset();
  io.run();
  EXPECT_FALSE(ended);
}

// A transfer to a host whose name takes kSlowLookup to look up (resolver_faults.cc).
std::unique_ptr<CurlTransfer> ToSlowLookup() {
  auto t = std::make_unique<CurlTransfer>();
  const std::string url = std::string("http://") + testing::kSlowLookupHost + ":9/hook";
  curl_easy_setopt(t->easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, "{}");
  return t;
}

// Runs `io` until `done` holds or `limit` passed.
void RunUntil(boost::asio::io_context& io, const std::function<bool()>& done,
              std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < until) {
    io.run_for(10ms);
    io.restart();
  }
}

TEST_F(CurlMultiTest, RemovingATransferWhoseHostIsStillLookedUpDoesNotWaitForTheLookup) {
  // A shutdown whose grace ran out takes every transfer back: a receiver whose name server does
  // not answer must not hold it past systemd's stop timeout, its sent notices unrecorded.
  boost::asio::io_context io;
  CurlMulti multi(io);
  auto t = ToSlowLookup();
  bool ended = false;
  multi.Add(t->easy, [&](CURLcode) { ended = true; });
  std::this_thread::sleep_for(300ms);  // the lookup runs on libcurl's resolver thread by now
  const auto start = std::chrono::steady_clock::now();
  multi.Remove(t->easy);
  t.reset();  // nor does freeing it
  EXPECT_LT(std::chrono::steady_clock::now() - start, testing::kSlowLookup / 2);
  io.poll();
  EXPECT_FALSE(ended);
}

TEST_F(CurlMultiTest, ALookupThatTimesOutDoesNotHoldUpTheOtherTransfers) {
  boost::asio::io_context io;
  CurlMulti multi(io);
  auto slow = ToSlowLookup();
  curl_easy_setopt(slow->easy, CURLOPT_CONNECTTIMEOUT_MS, 200L);
  std::optional<CURLcode> slow_end;
  multi.Add(slow->easy, [&](CURLcode code) { slow_end = code; });
  RunUntil(
      io, [&] { return slow_end.has_value(); }, testing::kSlowLookup / 2);
  ASSERT_TRUE(slow_end.has_value()) << "the timed-out lookup ended only with the lookup";
  EXPECT_NE(*slow_end, CURLE_OK);
  // The transport thread is free at once for the next transfer.
  auto t = Post("/ok");
  std::optional<CURLcode> end;
  const auto start = std::chrono::steady_clock::now();
  multi.Add(t->easy, [&](CURLcode code) { end = code; });
  RunUntil(
      io, [&] { return end.has_value(); }, testing::kSlowLookup);
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(*end, CURLE_OK) << t->Error(*end);
  EXPECT_LT(std::chrono::steady_clock::now() - start, testing::kSlowLookup / 2);
}

TEST_F(CurlMultiTest, WithoutAWakeUpPipeTransfersStillStartEndAndStop) {
  // libcurl goes on without its wake-up pipe when the process has no file descriptor left for
  // it: the transport thread must not sleep for ever waiting for a wake-up that cannot come.
  boost::asio::io_context io;
  std::optional<CurlMulti> multi;
  {
    testing::NoSocketPairs none;
    multi.emplace(io);
  }
  std::this_thread::sleep_for(300ms);  // idle
  auto t = Post("/ok");
  std::optional<CURLcode> end;
  multi->Add(t->easy, [&](CURLcode code) { end = code; });
  RunUntil(
      io, [&] { return end.has_value(); }, 5s);
  ASSERT_TRUE(end.has_value()) << "an idle transport thread was never woken";
  EXPECT_EQ(*end, CURLE_OK) << t->Error(*end);
  auto removed = Post("/ok");
  multi->Add(removed->easy, [](CURLcode) {});
  multi->Remove(removed->easy);
  multi.reset();
}

}  // namespace
}  // namespace fristvakt
