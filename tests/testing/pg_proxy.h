#ifndef FRISTVAKT_TESTS_TESTING_PG_PROXY_H_
#define FRISTVAKT_TESTS_TESTING_PG_PROXY_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fristvakt::testing {

// A proxy in front of the test run's PostgreSQL server, on a Unix socket of its own, that can
// lose a COMMIT as a network that parts or a server that stops can: either the answer (the
// COMMIT is passed on, and once the server answered, so that the transaction is made, the
// client's connection is closed instead) or the COMMIT itself (the connection is closed before
// it reaches the server, which then rolls the transaction back). Everything else passes
// through unchanged.
class PgProxy {
 public:
  // Proxies to the server that `url` names by its host= folder (PostgreSQL's default port).
  explicit PgProxy(const std::string& url);
  ~PgProxy();
  PgProxy(const PgProxy&) = delete;
  PgProxy& operator=(const PgProxy&) = delete;

  // `url` with its host= through the proxy; "" when the proxy could not start.
  const std::string& url() const { return url_; }
  // What becomes of the next COMMIT any connection sends.
  enum class Loss { kNone, kAnswer, kCommit };
  void LoseNextCommit(Loss loss) { lose_next_ = loss; }
  // How many COMMITs or their answers it lost.
  int lost() const { return lost_; }

 private:
  struct Link;
  void Accept();
  void ClientToServer(Link* link);
  void ServerToClient(Link* link);

  std::string url_;
  std::string server_socket_;
  std::string dir_;
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<Loss> lose_next_{Loss::kNone};
  std::atomic<int> lost_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Link>> links_;
};

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_TESTING_PG_PROXY_H_
