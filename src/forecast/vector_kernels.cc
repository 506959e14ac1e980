#include "vector_kernels.h"

#include "lanes.h"

namespace tocsin::forecast {

using lanes::Accumulate;
using lanes::Combine;
using lanes::kBlock;
using lanes::kWidth;
using lanes::Lanes;
using lanes::Load;
using lanes::Store;

TOCSIN_KERNEL double Dot(const double* a, const double* b, std::size_t n) {
  return Accumulate(
      n, [&](std::size_t i) { return Load(a + i) * Load(b + i); },
      [&](std::size_t i) { return a[i] * b[i]; });
}

TOCSIN_KERNEL double Sum(const double* a, std::size_t n) {
  return Accumulate(
      n, [&](std::size_t i) { return Load(a + i); }, [&](std::size_t i) { return a[i]; });
}

TOCSIN_KERNEL double WeightedSquares(const double* w, const double* x, std::size_t n) {
  return Accumulate(
      n,
      [&](std::size_t i) {
        const Lanes xi = Load(x + i);
        return Load(w + i) * (xi * xi);
      },
      [&](std::size_t i) { return w[i] * (x[i] * x[i]); });
}

TOCSIN_KERNEL void AddScaled(double* y, double scale, const double* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + kWidth <= n; i += kWidth) Store(y + i, Load(y + i) + scale * Load(x + i));
  for (; i < n; ++i) y[i] += scale * x[i];
}

// Dot(w, x) and WeightedSquares(w, x) in one pass, bit for bit.
TOCSIN_KERNEL double WeightedColumn(const double* w, const double* x, double* product, double& squares,
                                    std::size_t n) {
  Lanes sums[4] = {};
  Lanes square_sums[4] = {};
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    for (std::size_t part = 0; part < 4; ++part) {
      const std::size_t at = i + part * kWidth;
      const Lanes xi = Load(x + at);
      const Lanes wi = Load(w + at);
      const Lanes pi = wi * xi;
      Store(product + at, pi);
      sums[part] += pi;
      square_sums[part] += wi * (xi * xi);
    }
  }
  double rest = 0;
  double square_rest = 0;
  for (; i < n; ++i) {
    product[i] = w[i] * x[i];
    rest += product[i];
    square_rest += w[i] * (x[i] * x[i]);
  }
  squares = Combine(square_sums[0], square_sums[1], square_sums[2], square_sums[3], square_rest);
  return Combine(sums[0], sums[1], sums[2], sums[3], rest);
}

TOCSIN_KERNEL void SubtractScaled(double* r, double scale, const double* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + kWidth <= n; i += kWidth) Store(r + i, Load(r + i) - scale * Load(x + i));
  for (; i < n; ++i) r[i] -= scale * x[i];
}

TOCSIN_KERNEL double SubtractScaledThenDot(double* r, double scale, const double* x, const double* next,
                                           std::size_t n) {
  return Accumulate(
      n,
      [&](std::size_t i) {
        const Lanes updated = Load(r + i) - scale * Load(x + i);
        Store(r + i, updated);
        return updated * Load(next + i);
      },
      [&](std::size_t i) { return (r[i] -= scale * x[i]) * next[i]; });
}

}  // namespace tocsin::forecast
