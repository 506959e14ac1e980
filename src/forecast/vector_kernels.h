// The dense loops of coordinate descent. Reductions keep four running sums over
// i mod 4, combined pairwise at the end, so their result does not depend on how the
// compiler vectorises (fits are reproducible across builds and threads); the loops
// are unrolled by hand so that -O2 vectorises them too. Internal to the forecast
// module.
#pragma once

#include <cstddef>

namespace tocsin::forecast {

// sum_i a_i b_i
inline double Dot(const double* a, const double* b, std::size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

// sum_i a_i
inline double Sum(const double* a, std::size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i];
    s1 += a[i + 1];
    s2 += a[i + 2];
    s3 += a[i + 3];
  }
  for (; i < n; ++i) s0 += a[i];
  return (s0 + s1) + (s2 + s3);
}

// sum_i w_i x_i^2
inline double WeightedSquares(const double* w, const double* x, std::size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += w[i] * (x[i] * x[i]);
    s1 += w[i + 1] * (x[i + 1] * x[i + 1]);
    s2 += w[i + 2] * (x[i + 2] * x[i + 2]);
    s3 += w[i + 3] * (x[i + 3] * x[i + 3]);
  }
  for (; i < n; ++i) s0 += w[i] * (x[i] * x[i]);
  return (s0 + s1) + (s2 + s3);
}

// r_i -= scale * (w_i x_i)
inline void SubtractWeightedColumn(double* r, double scale, const double* w, const double* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    r[i] -= scale * (w[i] * x[i]);
    r[i + 1] -= scale * (w[i + 1] * x[i + 1]);
    r[i + 2] -= scale * (w[i + 2] * x[i + 2]);
    r[i + 3] -= scale * (w[i + 3] * x[i + 3]);
  }
  for (; i < n; ++i) r[i] -= scale * (w[i] * x[i]);
}

// r_i -= scale * w_i
inline void SubtractScaled(double* r, double scale, const double* w, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    r[i] -= scale * w[i];
    r[i + 1] -= scale * w[i + 1];
    r[i + 2] -= scale * w[i + 2];
    r[i + 3] -= scale * w[i + 3];
  }
  for (; i < n; ++i) r[i] -= scale * w[i];
}

// y_i += scale * x_i
inline void AddScaled(double* y, double scale, const double* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    y[i] += scale * x[i];
    y[i + 1] += scale * x[i + 1];
    y[i + 2] += scale * x[i + 2];
    y[i + 3] += scale * x[i + 3];
  }
  for (; i < n; ++i) y[i] += scale * x[i];
}

}  // namespace tocsin::forecast
