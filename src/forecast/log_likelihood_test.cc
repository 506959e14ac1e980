// BinomialLogLikelihood against the plain sum of logs it replaces.
#include "log_likelihood.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

namespace tocsin::forecast {
namespace {

constexpr double kMinProbability = 1e-9;

double SumOfLogs(const std::vector<double>& p, const std::vector<double>& y) {
  double sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double clamped = std::clamp(p[i], kMinProbability, 1.0 - kMinProbability);
    sum += std::log(y[i] > 0.0 ? clamped : 1.0 - clamped);
  }
  return sum;
}

class LikelihoodRows : public ::testing::TestWithParam<std::size_t> {};

// Many rows of probabilities at the clamp: without moving the exponents out, the
// products would underflow after 36 of them.
TEST_P(LikelihoodRows, AgreesWithTheSumOfLogs) {
  const std::size_t n = GetParam();
  std::mt19937_64 random(n);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> p(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = i % 7 == 0 ? 0.0 : i % 11 == 0 ? 1.0 : uniform(random);
    y[i] = i % 3 == 0 ? 1.0 : 0.0;
  }
  const double expected = SumOfLogs(p, y);
  EXPECT_NEAR(BinomialLogLikelihood(p.data(), y.data(), n, kMinProbability), expected,
              1e-13 * std::max(1.0, std::abs(expected)));
}

INSTANTIATE_TEST_SUITE_P(LogLikelihood, LikelihoodRows, ::testing::Values(0, 1, 15, 16, 17, 600, 9001));

}  // namespace
}  // namespace tocsin::forecast
