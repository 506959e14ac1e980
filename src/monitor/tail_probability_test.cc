#include "tail_probability.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tocsin::monitor {
namespace {

// P(X >= k) by summing the probability mass below k: slow, plainly right.
double PoissonTailBySum(int k, double mean) {
  double below = 0;
  for (int j = 0; j < k; ++j) below += std::exp(j * std::log(mean) - mean - std::lgamma(j + 1.0));
  return 1 - below;
}

double NegativeBinomialTailBySum(int k, double mean, double size) {
  const double p = size / (size + mean);
  double below = 0;
  for (int j = 0; j < k; ++j) {
    below += std::exp(std::lgamma(j + size) - std::lgamma(size) - std::lgamma(j + 1.0) + size * std::log(p) +
                      j * std::log1p(-p));
  }
  return 1 - below;
}

TEST(TailProbability, PoissonMatchesTheSummedMass) {
  for (double mean : {0.3, 1.0, 4.2, 20.0, 75.0}) {
    for (int k : {1, 2, 5, 10, 30, 60, 100}) {
      const double expected = PoissonTailBySum(k, mean);
      if (expected < 1e-12) continue;  // the sum loses precision there; the next test covers it
      EXPECT_NEAR(PoissonUpperTail(k, mean), expected, 1e-10 + 1e-8 * expected) << "k " << k << " mean " << mean;
    }
  }
}

TEST(TailProbability, PoissonFarTailKeepsItsSize) {
  // P(X >= 30 | mean 2): the first term dominates, 2^30 e^-2 / 30! ~ 5.46e-24.
  const double first_term = std::exp(30 * std::log(2.0) - 2 - std::lgamma(31.0));
  EXPECT_NEAR(PoissonUpperTail(30, 2) / first_term, 1.07, 0.01);
}

TEST(TailProbability, NegativeBinomialMatchesTheSummedMass) {
  for (double mean : {0.5, 3.0, 12.0, 50.0}) {
    for (double size : {0.5, 1.0, 5.0, 40.0}) {
      for (int k : {1, 3, 10, 40, 120}) {
        const double expected = NegativeBinomialTailBySum(k, mean, size);
        if (expected < 1e-12) continue;
        EXPECT_NEAR(NegativeBinomialUpperTail(k, mean, size), expected, 1e-10 + 1e-8 * expected)
            << "k " << k << " mean " << mean << " size " << size;
      }
    }
  }
}

TEST(TailProbability, OverdispersionMakesLargeCountsLessSurprising) {
  EXPECT_GT(NegativeBinomialUpperTail(20, 5, 2), 100 * PoissonUpperTail(20, 5));
  EXPECT_NEAR(NegativeBinomialUpperTail(8, 5, 1e7), PoissonUpperTail(8, 5), 1e-6);
}

TEST(TailProbability, EdgesAreCertainOrImpossible) {
  EXPECT_EQ(PoissonUpperTail(0, 3), 1);
  EXPECT_EQ(PoissonUpperTail(1, 0), 0);
  EXPECT_EQ(NegativeBinomialUpperTail(0, 3, 1), 1);
}

}  // namespace
}  // namespace tocsin::monitor
