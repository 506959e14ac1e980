#include "tocsin/access/password.h"

#include <sodium.h>

#include <array>

#include "sodium.h"

namespace tocsin::access {

PasswordHashOptions MinimumPasswordHashCost() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password, const PasswordHashOptions& options) {
  EnsureSodium();
  if (password.size() < kMinimumPasswordLength) {
    return InvalidArgumentError("a password needs at least " + std::to_string(kMinimumPasswordLength) +
                                " characters");
  }
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(), options.operations,
                            options.memory_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return InternalError("argon2id: out of memory while hashing a password");
  }
  return std::string(hash.data());
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  EnsureSodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string GeneratePassword(std::size_t length) {
  EnsureSodium();
  // No 0/O, 1/l/I: a generated password is read off a terminal and typed.
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  password.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    password.push_back(kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))]);
  }
  return password;
}

}  // namespace tocsin::access
