#include "column_encoding.h"

#include <cstddef>
#include <cstdint>
#include <utility>

#include "vector_kernels.h"

namespace tocsin::forecast {
namespace {

// The value held by more than half of x, if any value is (Boyer and Moore's majority
// vote): with no majority a column stays dense, so no other candidate matters.
double MajorityCandidate(const double* x, std::size_t n) {
  double candidate = 0;
  std::size_t votes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (votes == 0) {
      candidate = x[i];
      votes = 1;
    } else if (x[i] == candidate) {
      ++votes;
    } else {
      --votes;
    }
  }
  return candidate;
}

EncodedColumn Encode(const double* x, std::size_t n, double max_sparse_share) {
  EncodedColumn column;
  column.values = x;
  if (n > kMaxPackedRows) return column;
  const double base = MajorityCandidate(x, n);
  std::vector<std::uint32_t> blocks;
  std::size_t exceptions = 0;
  double other = base;  // the first value that is not base
  bool two_valued = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] == base) continue;
    if (2 * ++exceptions >= n) return column;  // base is not the majority
    if (other == base) other = x[i];
    two_valued = two_valued && x[i] == other;
    const std::uint32_t block = static_cast<std::uint32_t>(i - i % kBlockRows);
    if (blocks.empty() || blocks.back() != block) blocks.push_back(block);
  }
  const double covered = static_cast<double>(blocks.size() * kBlockRows);
  if (blocks.empty() || covered > max_sparse_share * static_cast<double>(n)) return column;
  column.sparse = true;
  column.base = base;
  column.factor = two_valued ? other - base : 1.0;
  column.patterned = two_valued;
  for (const std::uint32_t first : blocks) {
    unsigned pattern = 0;
    for (std::size_t lane = 0; lane < kBlockRows; ++lane) {
      const std::size_t i = first + lane;
      const bool differs = i < n && x[i] != base;
      if (two_valued) {
        pattern |= differs ? 1u << lane : 0u;
      } else {
        column.block_values.push_back(differs ? x[i] - base : 0.0);
      }
    }
    column.entries.push_back(two_valued ? PackBlock(first, pattern) : first);
  }
  return column;
}

}  // namespace

// Rows outside the blocks hold `base` exactly. With d_i = x_i - base,
// x_i^2 = base^2 + d_i (2 base + d_i), so the curvature is base^2 W plus a sum over
// the blocks, where d_i = 0 adds nothing.
void ComputeMoments(const EncodedColumn& column, const double* weights, double weight_sum, std::size_t rows,
                    ColumnMoments& moments) {
  if (!column.sparse) {
    moments.weighted_values.resize(rows);
    moments.weighted_offsets =
        WeightedColumn(weights, column.values, moments.weighted_values.data(), moments.curvature, rows);
    return;
  }
  const BlockList blocks = column.blocks();
  moments.curvature = column.base * column.base * weight_sum +
                      BlockCurvatureTerms(weights, blocks, column.factor, 2.0 * column.base);
  moments.weighted_offsets = column.factor * BlockDot(weights, blocks);
}

std::vector<EncodedColumn> EncodeColumns(const StandardizedDesign& design, double max_sparse_share) {
  std::vector<EncodedColumn> columns;
  columns.reserve(design.cols);
  for (std::size_t k = 0; k < design.cols; ++k) {
    const double* x = design.columns + k * design.stride;
    if (design.usable[k]) {
      columns.push_back(Encode(x, design.rows, max_sparse_share));
    } else {
      columns.emplace_back().values = x;
    }
  }
  return columns;
}

}  // namespace tocsin::forecast
