// The dense loops of coordinate descent. Internal to the forecast module.
//
// Reductions keep sixteen running sums, over i mod 16, combined in a fixed order at
// the end (lanes.h): enough independent chains that the loops run at the speed of the
// loads rather than of the adder's latency, in an order that does not depend on how
// the compiler vectorises. Each kernel has an AVX2 and a baseline x86-64 clone that
// agree bit for bit, so fits are reproducible across CPUs, builds and thread counts.
#pragma once

#include <cstddef>

namespace tocsin::forecast {

// sum_i a_i b_i
double Dot(const double* a, const double* b, std::size_t n);

// sum_i a_i
double Sum(const double* a, std::size_t n);

// sum_i w_i x_i^2
double WeightedSquares(const double* w, const double* x, std::size_t n);

// y_i += scale * x_i
void AddScaled(double* y, double scale, const double* x, std::size_t n);

// product_i = w_i x_i; returns sum_i product_i and sets squares = sum_i w_i x_i^2,
// bit for bit Dot(w, x, n) and WeightedSquares(w, x, n), in one pass.
double WeightedColumn(const double* w, const double* x, double* product, double& squares, std::size_t n);

// r_i -= scale * x_i
void SubtractScaled(double* r, double scale, const double* x, std::size_t n);

// SubtractScaled, then returns Dot(r, next, n) over the updated r, in one pass: a
// coordinate's residual update fused with the next coordinate's gradient. Bit for
// bit the same as the two calls.
double SubtractScaledThenDot(double* r, double scale, const double* x, const double* next, std::size_t n);

}  // namespace tocsin::forecast
