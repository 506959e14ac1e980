#include "weighted_residual.h"

#include "block_kernels.h"
#include "vector_kernels.h"

namespace tocsin::forecast {

void WeightedResidual::Reset(const double* weights, double weight_sum) {
  weights_ = weights;
  weight_sum_ = weight_sum;
  shift_ = 0;
  deferred_column_ = nullptr;
  stored_sum_ = Sum(stored_.data(), rows_);
}

void WeightedResidual::Materialize() {
  ApplyDeferred();
  if (shift_ != 0.0) AddScaled(stored_.data(), shift_, weights_, rows_);
  shift_ = 0;
  stored_sum_ = Sum(stored_.data(), rows_);
}

void WeightedResidual::ApplyDeferred() {
  if (deferred_column_ == nullptr) return;
  SubtractScaled(stored_.data(), deferred_change_, deferred_column_, rows_);
  deferred_column_ = nullptr;
}

// With d = x - base (d = x for a dense column),
// x.r = base * sum(r) + d.stored + shift * d.v.
double WeightedResidual::Gradient(const EncodedColumn& column, const ColumnMoments& moments) {
  if (!column.sparse) {
    double product = 0;
    if (deferred_column_ != nullptr) {
      product =
          SubtractScaledThenDot(stored_.data(), deferred_change_, deferred_column_, column.values, rows_);
      deferred_column_ = nullptr;
    } else {
      product = Dot(stored_.data(), column.values, rows_);
    }
    return product + shift_ * moments.weighted_offsets;
  }
  ApplyDeferred();
  const double offsets = BlockDot(stored_.data(), column.blocks());
  return column.base * Total() + (column.factor * offsets + shift_ * moments.weighted_offsets);
}

// v o x = base * v + v o d: the first term goes to the shift, the second to the
// blocks.
void WeightedResidual::Subtract(const EncodedColumn& column, double change, const ColumnMoments& moments) {
  stored_sum_ -= change * moments.weighted_offsets;
  ApplyDeferred();
  if (!column.sparse) {
    deferred_column_ = moments.weighted_values.data();
    deferred_change_ = change;
    return;
  }
  shift_ -= change * column.base;
  BlockSubtractWeighted(stored_.data(), change * column.factor, weights_, column.blocks());
}

}  // namespace tocsin::forecast
