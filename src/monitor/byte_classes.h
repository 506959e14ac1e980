// Where the bytes that matter to a delimited-text parser lie in a 64-byte block,
// as bit masks (bit i for byte i): the building block of RecordReader's fast
// path, which finds a record's fields from masks instead of testing each byte.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace tocsin::monitor {

inline constexpr std::size_t kBlockWidth = 64;

struct ByteClasses {
  std::uint64_t quote = 0;
  std::uint64_t delimiter = 0;
  std::uint64_t line_break = 0;  // '\n' or '\r'
  bool non_ascii = false;        // some byte >= 0x80 (UTF-8 to check)
  bool nul = false;              // some byte 0
};

// Classifies the 64 bytes at `block` (all must be readable). Bytes >= 0x80 and
// NUL bytes are only noted as present: a record holding them is checked
// further, or read byte by byte.
inline ByteClasses ClassifyBlock(const char* block, char delimiter) {
  ByteClasses classes;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i separator = _mm_set1_epi8(delimiter);
  const __m128i line_feed = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  __m128i high = _mm_setzero_si128();      // the OR of every byte: its sign bit, any byte >= 0x80
  __m128i lowest = _mm_set1_epi8('\x7f');  // the least of every byte
  for (int lane = 0; lane < 4; ++lane) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * lane));
    const auto mask = [&](__m128i equal) {
      return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(equal))) << (16 * lane);
    };
    classes.quote |= mask(_mm_cmpeq_epi8(bytes, quote));
    classes.delimiter |= mask(_mm_cmpeq_epi8(bytes, separator));
    classes.line_break |=
        mask(_mm_or_si128(_mm_cmpeq_epi8(bytes, line_feed), _mm_cmpeq_epi8(bytes, carriage_return)));
    high = _mm_or_si128(high, bytes);
    lowest = _mm_min_epu8(lowest, bytes);
  }
  classes.non_ascii = _mm_movemask_epi8(high) != 0;
  classes.nul = _mm_movemask_epi8(_mm_cmpeq_epi8(lowest, _mm_setzero_si128())) != 0;
#else
  for (unsigned i = 0; i < kBlockWidth; ++i) {
    const auto byte = static_cast<unsigned char>(block[i]);
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (byte == '"') classes.quote |= bit;
    if (byte == static_cast<unsigned char>(delimiter)) classes.delimiter |= bit;
    if (byte == '\n' || byte == '\r') classes.line_break |= bit;
    if (byte == 0) classes.nul = true;
    if (byte >= 0x80) classes.non_ascii = true;
  }
#endif
  return classes;
}

#if defined(__x86_64__) && defined(__GNUC__)
#define TOCSIN_BYTE_CLASSES_AVX2 1
// ClassifyBlock in two 32-byte lanes, for processors with AVX2 (chosen at run time).
__attribute__((target("avx2"))) inline std::uint64_t JoinLanes(__m256i low_equal, __m256i high_equal) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(low_equal))) |
         static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(high_equal))) << 32;
}
__attribute__((target("avx2"))) inline ByteClasses ClassifyBlockAvx2(const char* block, char delimiter) {
  ByteClasses classes;
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i separator = _mm256_set1_epi8(delimiter);
  const __m256i line_feed = _mm256_set1_epi8('\n');
  const __m256i carriage_return = _mm256_set1_epi8('\r');
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32));
  classes.quote = JoinLanes(_mm256_cmpeq_epi8(low, quote), _mm256_cmpeq_epi8(high, quote));
  classes.delimiter = JoinLanes(_mm256_cmpeq_epi8(low, separator), _mm256_cmpeq_epi8(high, separator));
  classes.line_break = JoinLanes(
      _mm256_or_si256(_mm256_cmpeq_epi8(low, line_feed), _mm256_cmpeq_epi8(low, carriage_return)),
      _mm256_or_si256(_mm256_cmpeq_epi8(high, line_feed), _mm256_cmpeq_epi8(high, carriage_return)));
  classes.non_ascii = _mm256_movemask_epi8(_mm256_or_si256(low, high)) != 0;
  classes.nul =
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(low, high), _mm256_setzero_si256())) != 0;
  return classes;
}
#endif

// The line feeds of the 64 bytes at `block`, for the few blocks that have line
// breaks inside quoted text (counted as lines).
inline std::uint64_t LineFeeds(const char* block) {
  std::uint64_t bits = 0;
  for (unsigned i = 0; i < kBlockWidth; ++i) {
    if (block[i] == '\n') bits |= std::uint64_t{1} << i;
  }
  return bits;
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
