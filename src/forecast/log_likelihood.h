// The binomial log-likelihood of the solver's deviance, with one call to log per
// sixteen lanes instead of one per row: the probabilities are multiplied in sixteen
// running products, whose exponents are moved into integers before they can
// underflow. The products round once per row, as the sum of logs does, so the result
// agrees with sum_i log(q_i) to rounding. Like the other kernels it has AVX2 and
// baseline clones that agree bit for bit. Internal to the forecast module.
#pragma once

#include <cstddef>

namespace tocsin::forecast {

// Below this smallest probability 32 factors could underflow between two moves of the
// exponents.
inline constexpr double kMinLikelihoodProbability = 0x1p-30;

// sum_i log(q_i) with q_i = y_i > 0 ? c_i : 1 - c_i, c_i = std::clamp(p_i, min_probability,
// 1 - min_probability); min_probability >= kMinLikelihoodProbability.
double BinomialLogLikelihood(const double* p, const double* y, std::size_t n, double min_probability);

}  // namespace tocsin::forecast
