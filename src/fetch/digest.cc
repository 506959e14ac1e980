#include "digest.h"

#include <openssl/evp.h>

#include <cassert>

namespace tocsin::fetch {

struct Digest::Context {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(context); }
};

Digest::Digest(Algorithm algorithm) : context_(std::make_unique<Context>()) {
  const EVP_MD* method = algorithm == Algorithm::kMd5 ? EVP_md5() : EVP_sha256();
  [[maybe_unused]] const int initialised = EVP_DigestInit_ex(context_->context, method, nullptr);
  assert(initialised == 1);
}

Digest::~Digest() = default;

void Digest::Update(std::string_view bytes) {
  EVP_DigestUpdate(context_->context, bytes.data(), bytes.size());
}

std::string Digest::Hex() {
  unsigned char value[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->context, value, &length);
  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHexDigits[value[i] >> 4]);
    hex.push_back(kHexDigits[value[i] & 0xF]);
  }
  return hex;
}

}  // namespace tocsin::fetch
