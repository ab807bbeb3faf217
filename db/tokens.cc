#include "db/tokens.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace fristvakt {

std::string GenerateToken() {
  unsigned char bytes[32];
  RAND_bytes(bytes, sizeof bytes);
  unsigned char b64[64];
  int n = EVP_EncodeBlock(b64, bytes, sizeof bytes);
  std::string token = "fv_";
  for (int i = 0; i < n; ++i) {
    char c = static_cast<char>(b64[i]);
    if (c == '=') break;
    token.push_back(c == '+' ? '-' : c == '/' ? '_' : c);
  }
  return token;
}

std::string HashToken(const std::string& token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : digest) hex += {kHex[b >> 4], kHex[b & 15]};
  return hex;
}

}  // namespace fristvakt
