// Passwords: argon2id hashes (libsodium) and generated passwords.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tocsin/core/result.h"

namespace tocsin::access {

// The cost of one argon2id hash. The defaults are libsodium's "interactive"
// limits (about 0.1 s and 64 MiB); tests use the minimum to stay fast.
struct PasswordHashOptions {
  unsigned long long operations = 2;       // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t memory_bytes = 64ull << 20;  // crypto_pwhash_MEMLIMIT_INTERACTIVE
};

// The cheapest cost libsodium accepts, for tests only.
PasswordHashOptions MinimumPasswordHashCost();

// Passwords shorter than this are refused.
inline constexpr std::size_t kMinimumPasswordLength = 12;

// An argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$...").
// Errors: InvalidArgument for a password shorter than kMinimumPasswordLength,
// Internal when libsodium runs out of memory.
Result<std::string> HashPassword(std::string_view password, const PasswordHashOptions& options = {});

// True when `password` matches `hash`. Constant time in the password.
bool VerifyPassword(std::string_view password, const std::string& hash);

// A password of `length` letters and digits from the secure random source, for
// accounts created without one (shown once, never stored in clear).
inline constexpr std::size_t kGeneratedPasswordLength = 20;
std::string GeneratePassword(std::size_t length = kGeneratedPasswordLength);

}  // namespace tocsin::access
