// Where the bytes that matter to a delimited-text parser lie in a 64-byte block,
// as bit masks (bit i for byte i): the building block of RecordReader's fast
// path, which finds a record's fields from masks instead of testing each byte.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tocsin::monitor {

inline constexpr std::size_t kBlockWidth = 64;

struct ByteClasses {
  std::uint64_t quote = 0;
  std::uint64_t delimiter = 0;
  std::uint64_t line_feed = 0;
  std::uint64_t carriage_return = 0;
  std::uint64_t non_ascii = 0;  // bytes >= 0x80 (UTF-8 to check)
  std::uint64_t nul = 0;
};

// Classifies the 64 bytes at `block` (all must be readable).
inline ByteClasses ClassifyBlock(const char* block, char delimiter) {
  ByteClasses classes;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i separator = _mm_set1_epi8(delimiter);
  const __m128i line_feed = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const __m128i zero = _mm_setzero_si128();
  for (int lane = 0; lane < 4; ++lane) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * lane));
    const auto mask = [&](__m128i equal) {
      return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(equal))) << (16 * lane);
    };
    classes.quote |= mask(_mm_cmpeq_epi8(bytes, quote));
    classes.delimiter |= mask(_mm_cmpeq_epi8(bytes, separator));
    classes.line_feed |= mask(_mm_cmpeq_epi8(bytes, line_feed));
    classes.carriage_return |= mask(_mm_cmpeq_epi8(bytes, carriage_return));
    classes.nul |= mask(_mm_cmpeq_epi8(bytes, zero));
    classes.non_ascii |= mask(bytes);  // the sign bit of each byte
  }
#else
  for (unsigned i = 0; i < kBlockWidth; ++i) {
    const auto byte = static_cast<unsigned char>(block[i]);
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (byte == '"') classes.quote |= bit;
    if (byte == static_cast<unsigned char>(delimiter)) classes.delimiter |= bit;
    if (byte == '\n') classes.line_feed |= bit;
    if (byte == '\r') classes.carriage_return |= bit;
    if (byte == 0) classes.nul |= bit;
    if (byte >= 0x80) classes.non_ascii |= bit;
  }
#endif
  return classes;
}

// Bit i of the result is the parity of bits 0..i of `bits`: with quote
// positions in, the bytes inside quotes (an opening quote counts as inside, a
// closing one as outside).
inline std::uint64_t PrefixParity(std::uint64_t bits) {
  bits ^= bits << 1;
  bits ^= bits << 2;
  bits ^= bits << 4;
  bits ^= bits << 8;
  bits ^= bits << 16;
  bits ^= bits << 32;
  return bits;
}

// The number of bits set, for masks with few of them (quotes, line feeds in
// quoted text): baseline x86-64 has no popcount instruction, and a loop over
// the set bits beats the library's table.
inline unsigned CountSparseBits(std::uint64_t bits) {
  unsigned count = 0;
  for (; bits != 0; bits &= bits - 1) ++count;
  return count;
}

// The bits up to and including bit `index`.
inline std::uint64_t BitsThrough(unsigned index) {
  return index >= 63 ? ~std::uint64_t{0} : (std::uint64_t{1} << (index + 1)) - 1;
}

}  // namespace tocsin::monitor
