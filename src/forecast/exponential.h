// e^-x for the solver's probabilities, four at a time: the calls to std::exp took a
// tenth of a cross-validation. Plain IEEE arithmetic in a fixed order (Tang's
// table-driven method), so it gives the same bits on every CPU, in its AVX2 and
// baseline clones alike; within one unit in the last place of the exact value, where
// std::exp is within half of one, so probabilities differ from std::exp's at rounding
// level. Internal to the forecast module.
#pragma once

#include <cstddef>

namespace tocsin::forecast {

// The largest |x| for which the result is e^-x; beyond it, e^-x at x = +-kMaxExpArgument.
inline constexpr double kMaxExpArgument = 700.0;

// out_i = e^(-x_i)
void ExpOfNegated(const double* x, double* out, std::size_t n);

}  // namespace tocsin::forecast
