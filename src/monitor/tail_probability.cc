// The regularised incomplete gamma and beta functions by series and continued
// fractions (Press et al., Numerical Recipes, 3rd ed., sections 6.2 and 6.4),
// each evaluated on the side where it converges fast and keeps small tails exact.
#include "tail_probability.h"

#include <cmath>
#include <limits>

namespace tocsin::monitor {
namespace {

constexpr int kMaxIterations = 10000;
constexpr double kEpsilon = 1e-15;
constexpr double kTiny = 1e-300;

// P(a, x) = gamma(a, x) / Gamma(a), the regularised lower incomplete gamma.
double RegularizedGammaP(double a, double x) {
  if (x <= 0) return 0;
  const double log_prefix = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < kMaxIterations; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::abs(term) < std::abs(sum) * kEpsilon) break;
    }
    return sum * std::exp(log_prefix);
  }
  // Lentz's method for the continued fraction of Q(a, x) = 1 - P(a, x).
  double b = x + 1 - a;
  double c = 1 / kTiny;
  double d = 1 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < kEpsilon) break;
  }
  return 1 - std::exp(log_prefix) * h;
}

// The continued fraction of the incomplete beta function.
double BetaContinuedFraction(double a, double b, double x) {
  const double qab = a + b;
  const double qap = a + 1;
  const double qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::abs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m < kMaxIterations; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::abs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::abs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < kEpsilon) break;
  }
  return h;
}

// I_x(a, b), the regularised incomplete beta function.
double RegularizedBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * BetaContinuedFraction(a, b, x) / a;
  return 1 - std::exp(log_front) * BetaContinuedFraction(b, a, 1 - x) / b;
}

}  // namespace

double PoissonUpperTail(double k, double mean) {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  return RegularizedGammaP(k, mean);
}

double NegativeBinomialUpperTail(double k, double mean, double size) {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  if (!std::isfinite(size)) return PoissonUpperTail(k, mean);
  return RegularizedBeta(k, size, mean / (size + mean));
}

}  // namespace tocsin::monitor
