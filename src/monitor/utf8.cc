#include "utf8.h"

#include <cstdint>
#include <cstring>

namespace tocsin::monitor {
namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
constexpr unsigned char kContinuationMask = 0xC0;
constexpr unsigned char kContinuationTag = 0x80;

bool IsContinuation(unsigned char byte) { return (byte & kContinuationMask) == kContinuationTag; }

}  // namespace

std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // Most event text is ASCII: skip it eight bytes at a time.
    if (i + sizeof(std::uint64_t) <= size) {
      std::uint64_t word;
      std::memcpy(&word, bytes + i, sizeof word);
      if ((word & kHighBits) == 0) {
        i += sizeof word;
        continue;
      }
    }
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Table 3-7 of the Unicode Standard: well-formed byte sequences.
    std::size_t length = 0;
    unsigned char second_low = 0x80;
    unsigned char second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_low = 0xA0;
      if (lead == 0xED) second_high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_low = 0x90;
      if (lead == 0xF4) second_high = 0x8F;
    } else {
      return i;
    }
    if (i + length > size || bytes[i + 1] < second_low || bytes[i + 1] > second_high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (!IsContinuation(bytes[i + k])) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace tocsin::monitor
