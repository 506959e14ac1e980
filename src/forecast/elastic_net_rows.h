// FitElasticNet on a subset of the rows of a design matrix, without copying it first:
// the fold fits of cross-validation use it. Internal to the forecast module.
#pragma once

#include <cstddef>
#include <span>

#include "tocsin/core/result.h"
#include "tocsin/forecast/elastic_net.h"
#include "tocsin/forecast/matrix.h"

namespace tocsin::forecast {

// As FitElasticNet on the rows `rows` of `x` and `y` (in that order); an empty
// `rows` means every row.
Result<ElasticNetPath> FitElasticNetOnRows(const Matrix& x, std::span<const double> y,
                                           std::span<const std::size_t> rows,
                                           const ElasticNetOptions& options, std::span<const double> lambdas);

}  // namespace tocsin::forecast
