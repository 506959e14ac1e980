#include "log_likelihood.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>

#include "lanes.h"

namespace tocsin::forecast {

using lanes::Bits;
using lanes::kExponentBias;
using lanes::kMantissaBits;
using lanes::Lanes;
using lanes::Load;

namespace {

constexpr std::int64_t kMantissaMask = (std::int64_t{1} << kMantissaBits) - 1;
constexpr std::int64_t kBiasedOne = kExponentBias << kMantissaBits;
// Products of this many factors of at least kMinLikelihoodProbability, starting
// from [1, 2), stay above the smallest normal double (2^-1022).
constexpr int kFactorsPerExponentMove = 32;
// ln 2 split so that an exponent sum below 2^21 times the high part is exact (fdlibm's).
constexpr double kLn2High = 0x1.62e42feep-1;
constexpr double kLn2Low = 0x1.a39ef35793c76p-33;

// Moves the exponents of positive normal `product` into `exponents`, leaving it in [1, 2).
inline void MoveExponents(Lanes& product, Bits& exponents) {
  Bits bits;
  __builtin_memcpy(&bits, &product, sizeof bits);
  exponents += (bits >> kMantissaBits) - kExponentBias;
  bits = (bits & kMantissaMask) | kBiasedOne;
  __builtin_memcpy(&product, &bits, sizeof bits);
}

}  // namespace

TOCSIN_KERNEL double BinomialLogLikelihood(const double* p, const double* y, std::size_t n,
                                           double min_probability) {
  assert(min_probability >= kMinLikelihoodProbability && min_probability <= 0.5);
  const double max_probability = 1.0 - min_probability;
  const Lanes low = Lanes{} + min_probability;
  const Lanes high = Lanes{} + max_probability;
  // As std::clamp, then the probability of the observed class.
  const auto factor = [&](std::size_t i) {
    const Lanes pi = Load(p + i);
    const Lanes clamped = pi < low ? low : high < pi ? high : pi;
    return Load(y + i) > 0.0 ? clamped : 1.0 - clamped;
  };
  Lanes products[4] = {Lanes{} + 1.0, Lanes{} + 1.0, Lanes{} + 1.0, Lanes{} + 1.0};
  Bits exponents[4] = {};
  std::size_t i = 0;
  for (int factors = 0; i + lanes::kBlock <= n; i += lanes::kBlock) {
    for (std::size_t part = 0; part < 4; ++part) products[part] *= factor(i + part * lanes::kWidth);
    if (++factors == kFactorsPerExponentMove) {
      for (std::size_t part = 0; part < 4; ++part) MoveExponents(products[part], exponents[part]);
      factors = 0;
    }
  }
  double rest = 1.0;  // at most 15 factors
  for (; i < n; ++i) {
    const double clamped = std::clamp(p[i], min_probability, max_probability);
    rest *= y[i] > 0.0 ? clamped : 1.0 - clamped;
  }
  Lanes logs[4];
  std::int64_t exponent = 0;
  for (std::size_t part = 0; part < 4; ++part) {
    MoveExponents(products[part], exponents[part]);
    for (std::size_t lane = 0; lane < lanes::kWidth; ++lane) {
      logs[part][lane] = std::log(products[part][lane]);
      exponent += exponents[part][lane];
    }
  }
  const double scaled = static_cast<double>(exponent);
  return scaled * kLn2High +
         (scaled * kLn2Low + lanes::Combine(logs[0], logs[1], logs[2], logs[3], std::log(rest)));
}

}  // namespace tocsin::forecast
