// Incremental MD5 and SHA-256 of a byte stream (OpenSSL's EVP), for checking a
// download against a published checksum while it is written.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tocsin::fetch {

// Not thread-safe. Hex() ends the digest; Update after it is a programmer error.
class Digest {
 public:
  enum class Algorithm { kMd5, kSha256 };

  explicit Digest(Algorithm algorithm);
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;

  void Update(std::string_view bytes);
  // The digest as lower-case hex.
  std::string Hex();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace tocsin::fetch
