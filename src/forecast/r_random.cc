#include "tocsin/forecast/r_random.h"

#include <cmath>
#include <cstddef>

namespace tocsin::forecast {
namespace {

// Mersenne-Twister MT19937 parameters (Matsumoto & Nishimura 1998).
constexpr int kShift = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;
constexpr std::uint32_t kTemperingMaskB = 0x9d2c5680U;
constexpr std::uint32_t kTemperingMaskC = 0xefc60000U;

// R's set.seed scrambles the user's seed with this linear congruential generator
// before using it, so that nearby seeds give unrelated streams.
constexpr std::uint32_t kScrambleMultiplier = 69069U;
constexpr int kScrambleRounds = 50;

// 2^-32: MT's 32-bit output mapped to [0, 1), as R's MT_genrand does.
constexpr double kTwoToMinus32 = 2.3283064365386963e-10;
// 1 / (2^32 - 1): R's unif_rand replaces exact 0 and 1 by half of this from the
// boundary, so that callers such as -log(u) never see 0 or 1.
constexpr double kInverseTwoTo32Minus1 = 2.328306437080797e-10;

// R_unif_index draws random bits 16 at a time from unif_rand.
constexpr int kBitsPerChunk = 16;
constexpr double kChunkRange = 65536.0;

std::uint32_t MixStep(std::uint32_t previous, std::uint32_t next) {
  const std::uint32_t y = (previous & kUpperMask) | (next & kLowerMask);
  return (y >> 1) ^ ((y & 1U) != 0 ? kMatrixA : 0U);
}

}  // namespace

RRandom::RRandom(std::uint32_t seed) {
  // Unsigned arithmetic wraps modulo 2^32, exactly like R's `Int32 seed`.
  for (int round = 0; round < kScrambleRounds; ++round) seed = kScrambleMultiplier * seed + 1U;
  // R's seed vector for Mersenne-Twister has 625 words: the position `mti` first,
  // then the 624 state words. set.seed fills all 625 from the LCG and then
  // overwrites the position with 624, so the first LCG value is consumed and lost.
  seed = kScrambleMultiplier * seed + 1U;
  for (auto& word : state_) {
    seed = kScrambleMultiplier * seed + 1U;
    word = seed;
  }
  index_ = kStateSize;
}

double RRandom::Uniform() {
  if (index_ >= kStateSize) {
    int position = 0;
    for (; position < kStateSize - kShift; ++position) {
      state_[position] = state_[position + kShift] ^ MixStep(state_[position], state_[position + 1]);
    }
    for (; position < kStateSize - 1; ++position) {
      state_[position] =
          state_[position + kShift - kStateSize] ^ MixStep(state_[position], state_[position + 1]);
    }
    state_[kStateSize - 1] = state_[kShift - 1] ^ MixStep(state_[kStateSize - 1], state_[0]);
    index_ = 0;
  }
  std::uint32_t y = state_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & kTemperingMaskB;
  y ^= (y << 15) & kTemperingMaskC;
  y ^= y >> 18;

  const double value = static_cast<double>(y) * kTwoToMinus32;
  if (value <= 0.0) return 0.5 * kInverseTwoTo32Minus1;
  if (1.0 - value <= 0.0) return 1.0 - 0.5 * kInverseTwoTo32Minus1;
  return value;
}

double RRandom::UniformIndex(double n) {
  if (n <= 0) return 0.0;
  // Rejection sampling from the integers below the next power of two avoids the
  // bias of floor(n * u) for large n; this is R's sample.kind = "Rejection".
  const int bits = static_cast<int>(std::ceil(std::log2(n)));
  const std::int64_t mask = (std::int64_t{1} << bits) - 1;
  for (;;) {
    std::int64_t value = 0;
    // `<=` (not `<`) matches R: one chunk more than needed when bits is a
    // multiple of 16, and one chunk even when n == 1.
    for (int drawn = 0; drawn <= bits; drawn += kBitsPerChunk) {
      const auto chunk = static_cast<std::int64_t>(std::floor(Uniform() * kChunkRange));
      value = static_cast<std::int64_t>(kChunkRange) * value + chunk;
    }
    const auto candidate = static_cast<double>(value & mask);
    if (candidate < n) return candidate;
  }
}

std::vector<int> RRandom::Permute(const std::vector<int>& values) {
  // do_sample without replacement: draw a position among those left, take it,
  // and move the last remaining position into its place.
  std::vector<std::size_t> remaining(values.size());
  for (std::size_t i = 0; i < remaining.size(); ++i) remaining[i] = i;
  std::vector<int> permuted;
  permuted.reserve(values.size());
  std::size_t left = remaining.size();
  while (left > 0) {
    const auto drawn = static_cast<std::size_t>(UniformIndex(static_cast<double>(left)));
    permuted.push_back(values[remaining[drawn]]);
    remaining[drawn] = remaining[--left];
  }
  return permuted;
}

std::vector<int> RFoldIds(std::uint32_t seed, int rows, int folds) {
  if (rows <= 0 || folds <= 0) return {};
  std::vector<int> cycled(static_cast<std::size_t>(rows));
  for (int row = 0; row < rows; ++row) cycled[static_cast<std::size_t>(row)] = row % folds + 1;
  RRandom random(seed);
  return random.Permute(cycled);
}

}  // namespace tocsin::forecast
