// R's default random number generator, so that fold assignments made by R code
// (`set.seed(s); sample(rep(1:k, length = n))`, which is what cv.glmnet does) can be
// reproduced without R. Written from R's documented algorithms (?Random, ?sample):
// Mersenne-Twister with R's seed scrambling, and the "Rejection" sample kind that
// is R's default since 3.6.0.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace tocsin::forecast {

// A generator holds mutable state: not thread-safe; use one per thread.
class RRandom {
 public:
  // As R's set.seed(seed) with kind "Mersenne-Twister". R's seed is a signed
  // integer; a negative seed s is the same as static_cast<std::uint32_t>(s) here.
  explicit RRandom(std::uint32_t seed);

  // As unif_rand(): a double in (0, 1).
  double Uniform();

  // As R_unif_index(n) with sample.kind "Rejection": an integer in [0, n), held
  // in a double as R does; 0 when n <= 0. Consumes a variable number of uniforms.
  double UniformIndex(double n);

  // As sample(x) for a vector x of length >= 2: a random permutation of `values`,
  // drawn by do_sample's swap-with-last algorithm. (R's sample(x) treats a single
  // positive number x as 1:x; this function never does.)
  std::vector<int> Permute(const std::vector<int>& values);

 private:
  static constexpr int kStateSize = 624;  // MT19937's words of state

  std::array<std::uint32_t, kStateSize> state_{};
  int index_ = kStateSize;  // next state word to temper; kStateSize: regenerate first
};

// cv.glmnet's default fold ids: set.seed(seed); sample(rep(1:folds, length = rows)).
// Each id is in 1..folds. Empty when rows or folds is not positive.
std::vector<int> RFoldIds(std::uint32_t seed, int rows, int folds);

}  // namespace tocsin::forecast
