#ifndef FRISTVAKT_TESTS_INTEGRATION_HTTP_CLIENT_H_
#define FRISTVAKT_TESTS_INTEGRATION_HTTP_CLIENT_H_

// A small HTTP client for the tests that talk to the daemon's API and pages (libcurl), and a
// free port on loopback to make it listen on.
#include <curl/curl.h>

#include <string>
#include <vector>

#include "testing/process.h"

namespace fristvakt {

struct Reply {
  long status = 0;
  std::string body;
  std::string headers;
};

inline size_t Collect(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

inline Reply Http(const std::string& method, const std::string& url, const std::string& token = "",
                  const std::string& body = "", const std::string& cookie = "",
                  const std::vector<std::string>& extra_headers = {}) {
  Reply reply;
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  if (!token.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  bool typed = false;
  for (const std::string& h : extra_headers) {
    headers = curl_slist_append(headers, h.c_str());
    typed = typed || h.rfind("Content-Type:", 0) == 0;
  }
  if (!typed) headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (!body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
  if (!cookie.empty()) curl_easy_setopt(curl, CURLOPT_COOKIE, cookie.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return reply;
}

inline int FreePort() {
  auto r = RunProcess({"/usr/bin/python3", "-c",
                       "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); "
                       "print(s.getsockname()[1])"});
  return std::stoi(r.out);
}

// The value of a cookie that a response sets ("" when it sets none by that name).
inline std::string SetCookie(const Reply& r, const std::string& name) {
  const std::string start = "Set-Cookie: " + name + "=";
  const size_t at = r.headers.find(start);
  if (at == std::string::npos) return "";
  const size_t from = at + start.size();
  return r.headers.substr(from, r.headers.find(';', from) - from);
}

// The hidden anti-forgery value of a page's form.
inline std::string FormKey(const std::string& page) {
  const std::string start = "name=\"form_key\" value=\"";
  const size_t at = page.find(start);
  if (at == std::string::npos) return "";
  const size_t from = at + start.size();
  return page.substr(from, page.find('"', from) - from);
}

}  // namespace fristvakt

#endif  // FRISTVAKT_TESTS_INTEGRATION_HTTP_CLIENT_H_
