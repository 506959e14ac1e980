// The loops of coordinate descent over a sparse column's blocks (column_encoding.h):
// each block is kBlockRows consecutive rows of dense, padded vectors, paired with the
// column's kBlockRows values there. Reductions keep sixteen running sums (four blocks
// of four lanes) in a fixed order, so they give the same bits on every CPU as the
// kernels of vector_kernels.h do. Internal to the forecast module.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tocsin::forecast {

// Rows per block: one 4-double vector (lanes.h).
inline constexpr std::size_t kBlockRows = 4;

// The length of every row-indexed vector that blocks touch: whole blocks, the rows
// past the end zero.
inline std::size_t PaddedRows(std::size_t rows) {
  return (rows + kBlockRows - 1) / kBlockRows * kBlockRows;
}

// The blocks of one column, distinct and in increasing order, with the values at their
// rows: either stored, kBlockRows per block, or, for a two-valued column, a bit pattern
// whose bit l makes the value of the block's row l 1.0 (else 0.0), packed with the
// block's position into one 32-bit entry. Most of the EWP design is two-valued, and
// its blocks then take 4 bytes each instead of 36.
struct BlockList {
  // values != null: the first row of each block; else PackBlock's entries.
  const std::uint32_t* entries = nullptr;
  const double* values = nullptr;
  std::size_t count = 0;
};

inline constexpr unsigned kPatternBits = kBlockRows;
// Packed entries hold the block's index in the bits above the pattern.
inline constexpr std::size_t kMaxPackedRows = (std::size_t{1} << (32 - kPatternBits)) * kBlockRows;

inline std::uint32_t PackBlock(std::size_t first_row, unsigned pattern) {
  return static_cast<std::uint32_t>(first_row / kBlockRows << kPatternBits | pattern);
}

// sum over blocks and lanes of value * a[row]
double BlockDot(const double* a, const BlockList& blocks);

// sum over blocks and lanes of w[row] * (d * (twice_base + d)), d = factor * value
double BlockCurvatureTerms(const double* w, const BlockList& blocks, double factor, double twice_base);

// r[row] -= scale * (w[row] * value) on the blocks' rows
void BlockSubtractWeighted(double* r, double scale, const double* w, const BlockList& blocks);

// y[row] += scale * value on the blocks' rows
void BlockAddScaled(double* y, double scale, const BlockList& blocks);

}  // namespace tocsin::forecast
