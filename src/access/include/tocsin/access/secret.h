// Secrets: random tokens, SHA-256 and constant-time comparison (libsodium).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tocsin::access {

// `bytes` bytes from the system's secure random source, as lower-case hex.
std::string RandomHex(std::size_t bytes);

// SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// Compares two strings in time that does not depend on where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace tocsin::access
