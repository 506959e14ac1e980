// The residual r_i = w_i (y_i - p_i) of the solver's coordinate descent, kept as
//   r = stored + shift * v,   with sum_i stored_i kept alongside,
// where v are the weights of the current quadratic approximation. A column's update
// r -= change * (v o x) splits, for x = base + offsets on a few rows (column_encoding.h),
// into shift -= change * base and a scatter over those rows; the intercept's update
// r -= change * v is shift -= change. Gradients and updates take the column's
// moments (column_encoding.h), which the solver computes once per quadratic
// approximation. Internal to the forecast module.
#pragma once

#include <cstddef>
#include <vector>

#include "aligned_vector.h"
#include "column_encoding.h"

namespace tocsin::forecast {

class WeightedResidual {
 public:
  explicit WeightedResidual(std::size_t rows) : rows_(rows), stored_(PaddedRows(rows), 0.0) {}

  // Where the caller writes a new residual (rows values; shift 0) before calling Reset.
  double* data() { return stored_.data(); }

  // Starts from the residual in data(), with weights `weights` (PaddedRows(rows)
  // values, zero past rows; not owned, unchanged until the next Reset) summing to
  // `weight_sum`.
  void Reset(const double* weights, double weight_sum);

  // Folds the shift and any deferred update into data(), so that data() is r.
  void Materialize();

  // x.r for `column`, given its moments under the current weights.
  double Gradient(const EncodedColumn& column, const ColumnMoments& moments);

  // r -= change * (v o x) for `column`, given its moments under the current weights.
  // A dense column's update is deferred and made in the same pass as the next dense
  // gradient; `moments` must stay unchanged until then.
  void Subtract(const EncodedColumn& column, double change, const ColumnMoments& moments);

  // r -= change * v
  void SubtractWeights(double change) { shift_ -= change; }

  // sum_i r_i
  double Total() const { return stored_sum_ + shift_ * weight_sum_; }

 private:
  void ApplyDeferred();

  std::size_t rows_;
  AlignedVector stored_;  // padded with zeros to whole blocks
  const double* weights_ = nullptr;
  double weight_sum_ = 0;
  double shift_ = 0;
  double stored_sum_ = 0;
  // The dense column update not yet made to stored_: deferred_change_ * v o x.
  const double* deferred_column_ = nullptr;
  double deferred_change_ = 0;
};

}  // namespace tocsin::forecast
