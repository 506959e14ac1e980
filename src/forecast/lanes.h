// Four doubles operated on lane by lane (a GCC vector extension), and the fixed-order
// reduction shared by the kernels in vector_kernels.cc and block_kernels.cc.
// Internal to the forecast module.
#pragma once

#include <cstddef>
#include <cstdint>

// Each kernel is compiled for AVX2 and for baseline x86-64, the clone chosen once when
// the program is loaded (GNU ifunc). Both evaluate the same IEEE operations in the
// same order (the module is built with -ffp-contract=off), so they agree bit for bit.
#define TOCSIN_KERNEL __attribute__((target_clones("avx2", "default")))

namespace tocsin::forecast::lanes {

using Lanes = double __attribute__((vector_size(32)));
// The bits of four doubles, as integers.
using Bits = std::int64_t __attribute__((vector_size(32)));
// A double's fraction bits and its exponent's bias (IEEE 754 binary64).
constexpr std::int64_t kMantissaBits = 52;
constexpr std::int64_t kExponentBias = 1023;
constexpr std::size_t kWidth = 4;
// Elements per iteration of Accumulate: four Lanes accumulators, sixteen running sums.
constexpr std::size_t kBlock = 4 * kWidth;

inline Lanes Load(const double* p) {
  Lanes value;
  __builtin_memcpy(&value, p, sizeof value);
  return value;
}

inline void Store(double* p, Lanes value) {
  __builtin_memcpy(p, &value, sizeof value);
}

// The order in which every reduction adds up its sixteen sums and its tail.
inline double Combine(Lanes s0, Lanes s1, Lanes s2, Lanes s3, double rest) {
  const Lanes s = (s0 + s1) + (s2 + s3);
  return ((s[0] + s[1]) + (s[2] + s[3])) + rest;
}

// Sums `step(i)`, the four terms of elements i..i+3, over the whole blocks and then
// `tail(i)` over the remaining elements, lane by lane in sixteen independent sums (so
// that the adder's latency does not bound the loop), combined in a fixed order.
template <typename Step, typename Tail>
inline double Accumulate(std::size_t n, Step step, Tail tail) {
  Lanes s0{}, s1{}, s2{}, s3{};
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    s0 += step(i);
    s1 += step(i + kWidth);
    s2 += step(i + 2 * kWidth);
    s3 += step(i + 3 * kWidth);
  }
  double rest = 0;
  for (; i < n; ++i) rest += tail(i);
  return Combine(s0, s1, s2, s3, rest);
}

}  // namespace tocsin::forecast::lanes
