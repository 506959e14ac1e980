// A standardised predictor as its most common value plus the rows that differ from
// it. Most EWP predictors are indicators or few-valued codes whose rarer values come
// in runs (the panel is ordered by country, then year), so coordinate descent visits
// only the aligned blocks of rows that hold them; the part of x.r and of the residual
// update that comes from the common value is a multiple of sum_i r_i or of the
// weights, which WeightedResidual keeps in O(1). Internal to the forecast module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "aligned_vector.h"
#include "block_kernels.h"
#include "logistic_path.h"

namespace tocsin::forecast {

struct EncodedColumn {
  const double* values = nullptr;  // the dense standardised column, always valid
  // When false the column is used densely through `values`; the rest is unused.
  bool sparse = false;
  double base = 0;  // the value of every row outside `blocks`
  // x_i - base = factor * (the block value at row i). A two-valued column has
  // factor = (the other value - base) and block values 1 and 0, kept as bit patterns
  // (block_kernels.h); any other has factor 1 and stored block values.
  double factor = 1;
  bool patterned = false;
  std::vector<std::uint32_t> entries;  // BlockList::entries
  std::vector<double> block_values;    // kBlockRows per block, 0 where x_i = base; empty if patterned

  BlockList blocks() const {
    return {entries.data(), patterned ? nullptr : block_values.data(), entries.size()};
  }
};

// A column is sparse when its blocks cover at most this share of the rows. Measured
// on the EWP design, the blocks cost less than a dense pass even at half the rows
// (v2mecenefm_binary, religiousfreedom).
inline constexpr double kMaxSparseShare = 0.75;

// One entry per column of `design`; constant (unusable) columns stay dense and unused.
std::vector<EncodedColumn> EncodeColumns(const StandardizedDesign& design,
                                         double max_sparse_share = kMaxSparseShare);

// What one quadratic approximation needs of a column, under weights v summing to W.
struct ColumnMoments {
  double curvature = 0;         // sum_i v_i x_i^2
  double weighted_offsets = 0;  // sum_i v_i (x_i - base), i.e. x.v for a dense column
  // v o x for a dense column, so that its residual updates read one vector, not two;
  // empty for a sparse one.
  AlignedVector weighted_values;
};

// Fills `moments` for `column` under `weights` (PaddedRows(rows) values, zero past
// rows) summing to `weight_sum`, reusing its storage.
void ComputeMoments(const EncodedColumn& column, const double* weights, double weight_sum, std::size_t rows,
                    ColumnMoments& moments);

}  // namespace tocsin::forecast
