// ExpOfNegated against std::exp: within one unit in the last place.
#include "exponential.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

namespace tocsin::forecast {
namespace {

// How many representable doubles lie between a and b (both positive).
double UnitsApart(double a, double b) {
  return std::abs(a - b) / (std::nextafter(b, INFINITY) - b);
}

TEST(ExpOfNegated, IsWithinOneUnitInTheLastPlaceOfStdExp) {
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> links(-40.0, 40.0);
  std::vector<double> x = {0.0, -0.0, 1e-300, -1e-17, 0.5, -0.5, 20.7, -20.7, 699.9, -699.9};
  for (int k = -200; k <= 200; ++k) x.push_back(k * 0.6931471805599453 / 64);  // table knots
  while (x.size() < 100003) x.push_back(links(random));
  std::vector<double> out(x.size());
  ExpOfNegated(x.data(), out.data(), x.size());
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    worst = std::max(worst, UnitsApart(out[i], std::exp(-x[i])));
    ASSERT_LE(UnitsApart(out[i], std::exp(-x[i])), 1.0) << x[i];
  }
  RecordProperty("worst_units_apart", std::to_string(worst));
}

TEST(ExpOfNegated, ClampsArgumentsBeyondItsRange) {
  const std::vector<double> x = {-1e6, 1e6, 800.0};
  std::vector<double> out(x.size());
  ExpOfNegated(x.data(), out.data(), x.size());
  EXPECT_EQ(out[0], out[0]);
  EXPECT_NEAR(out[0] / std::exp(kMaxExpArgument), 1.0, 1e-15);
  EXPECT_NEAR(out[1] / std::exp(-kMaxExpArgument), 1.0, 1e-15);
  EXPECT_EQ(out[2], out[1]);
}

}  // namespace
}  // namespace tocsin::forecast
