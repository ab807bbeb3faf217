// libcurl alone, as bench/receiver_ceiling.sh runs it: TOTAL POSTs of a 1,004-byte JSON body to
// URL with IN_FLIGHT at once on kept-alive connections, through one multi handle on one thread,
// doing nothing else. REUSE 1 keeps each finished easy handle for the next request; 0 makes a
// new one per request, as fristvakt's webhook notifier does. A transfer that fails or is answered
// other than 2xx counts as failed.
// Usage: curl_ceiling URL TOTAL IN_FLIGHT REUSE
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s URL TOTAL IN_FLIGHT REUSE\n", argv[0]);
    return 2;
  }
  const char* url = argv[1];
  const int total = std::atoi(argv[2]);
  const int in_flight = std::atoi(argv[3]);
  const bool reuse = std::atoi(argv[4]) == 1;
  const std::string body = "{\"schema\":\"x\",\"text\":\"" + std::string(980, 'x') + "\"}";
  curl_global_init(CURL_GLOBAL_ALL);
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 256L);
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Expect:");
  auto make = [&] {
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Discard);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    return easy;
  };
  int started = 0;
  int done = 0;
  int failed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (; started < in_flight && started < total; ++started) curl_multi_add_handle(multi, make());
  while (done < total) {
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      if (msg->data.result != CURLE_OK || status < 200 || status > 299) ++failed;
      curl_multi_remove_handle(multi, easy);
      ++done;
      if (started < total) {
        if (!reuse) {
          curl_easy_cleanup(easy);
          easy = make();
        }
        curl_multi_add_handle(multi, easy);
        ++started;
      } else {
        curl_easy_cleanup(easy);
      }
    }
    if (done < total) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%d requests (%d failed) in %.3f s = %.0f requests/s\n", total, failed, seconds,
              total / seconds);
  curl_slist_free_all(headers);
  curl_multi_cleanup(multi);
  return failed == 0 ? 0 : 1;
}
