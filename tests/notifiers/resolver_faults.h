#ifndef FRISTVAKT_TESTS_NOTIFIERS_RESOLVER_FAULTS_H_
#define FRISTVAKT_TESTS_NOTIFIERS_RESOLVER_FAULTS_H_

#include <chrono>

// The unit tests' own getaddrinfo and socketpair (resolver_faults.cc): the C library's, except
// where a test asks for a fault, so that libcurl's real resolver thread and wake-up pipe can be
// made slow or broken.
namespace fristvakt::testing {

// A host whose name takes kSlowLookup to look up, and is then not found.
inline constexpr const char* kSlowLookupHost = "slow-lookup.invalid";
inline constexpr std::chrono::milliseconds kSlowLookup{3000};

// While one lives, socketpair fails as if the process had no file descriptors left.
class NoSocketPairs {
 public:
  NoSocketPairs();
  ~NoSocketPairs();
  NoSocketPairs(const NoSocketPairs&) = delete;
  NoSocketPairs& operator=(const NoSocketPairs&) = delete;
};

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_NOTIFIERS_RESOLVER_FAULTS_H_
