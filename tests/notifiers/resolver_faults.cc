// Defined in the unit tests' executable, these come before the C library's for every library the
// tests load (libcurl's resolver thread and its wake-up pipe among them); each hands all else to
// the next definition (dlsym RTLD_NEXT: the sanitizers' or the C library's).
#include "notifiers/resolver_faults.h"

#include <dlfcn.h>
#include <netdb.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

namespace {

std::atomic<int> no_socket_pairs{0};

template <typename F>
F Next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                           struct addrinfo** res) {
  using Fn = int (*)(const char*, const char*, const struct addrinfo*, struct addrinfo**);
  static const Fn next = Next<Fn>("getaddrinfo");
  if (node != nullptr && std::strcmp(node, fristvakt::testing::kSlowLookupHost) == 0) {
    std::this_thread::sleep_for(fristvakt::testing::kSlowLookup);
    return EAI_NONAME;
  }
  return next(node, service, hints, res);
}

extern "C" int socketpair(int domain, int type, int protocol, int sv[2]) {
  using Fn = int (*)(int, int, int, int*);
  static const Fn next = Next<Fn>("socketpair");
  if (no_socket_pairs.load() > 0) {
    errno = EMFILE;
    return -1;
  }
  return next(domain, type, protocol, sv);
}

namespace fristvakt::testing {

NoSocketPairs::NoSocketPairs() { ++no_socket_pairs; }

NoSocketPairs::~NoSocketPairs() { --no_socket_pairs; }

}  // namespace fristvakt::testing
