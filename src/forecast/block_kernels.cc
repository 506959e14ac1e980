#include "block_kernels.h"

#include "column_encoding.h"
#include "lanes.h"

namespace tocsin::forecast {

using lanes::Lanes;
using lanes::Load;
using lanes::Store;
static_assert(kBlockRows == lanes::kWidth, "a block is one Lanes vector");

namespace {

// The four values of each bit pattern (bit l set: lane l is 1.0).
constexpr int kPatterns = 1 << kBlockRows;
struct PatternTable {
  alignas(32) double values[kPatterns][kBlockRows];
  constexpr PatternTable() : values() {
    for (int pattern = 0; pattern < kPatterns; ++pattern) {
      for (std::size_t lane = 0; lane < kBlockRows; ++lane)
        values[pattern][lane] = (pattern >> lane) & 1 ? 1.0 : 0.0;
    }
  }
};
constexpr PatternTable kPatternTable;

// A block's first row and its values.
struct Block {
  std::uint32_t first_row;
  Lanes values;
};

struct StoredBlocks {
  const std::uint32_t* first_rows;
  const double* values;
  Block operator()(std::size_t b) const { return {first_rows[b], Load(values + b * kBlockRows)}; }
};

struct PatternedBlocks {
  const std::uint32_t* entries;
  Block operator()(std::size_t b) const {
    const std::uint32_t entry = entries[b];
    return {static_cast<std::uint32_t>((entry >> kPatternBits) * kBlockRows),
            Load(kPatternTable.values[entry & (kPatterns - 1)])};
  }
};

// Calls `body` with the list's block source, so that each loop is compiled for both;
// the source holds copies of the list's pointers, which the stores into r or y could
// otherwise be taken to change.
template <typename Body>
inline void ForEachSource(const BlockList& blocks, Body body) {
  if (blocks.values == nullptr) {
    body(PatternedBlocks{blocks.entries});
  } else {
    body(StoredBlocks{blocks.entries, blocks.values});
  }
}

// As lanes::Accumulate, but `step(b)` gives the four terms of block b.
template <typename Step>
inline double AccumulateBlocks(std::size_t m, Step step) {
  Lanes s0{}, s1{}, s2{}, s3{};
  std::size_t b = 0;
  for (; b + 4 <= m; b += 4) {
    s0 += step(b);
    s1 += step(b + 1);
    s2 += step(b + 2);
    s3 += step(b + 3);
  }
  for (; b < m; ++b) s0 += step(b);
  return lanes::Combine(s0, s1, s2, s3, 0.0);
}

}  // namespace

TOCSIN_KERNEL double BlockDot(const double* a, const BlockList& blocks) {
  double sum = 0;
  ForEachSource(blocks, [&, count = blocks.count](auto block) {
    sum = AccumulateBlocks(count, [&](std::size_t b) {
      const Block at = block(b);
      return at.values * Load(a + at.first_row);
    });
  });
  return sum;
}

TOCSIN_KERNEL double BlockCurvatureTerms(const double* w, const BlockList& blocks, double factor,
                                         double twice_base) {
  double sum = 0;
  ForEachSource(blocks, [&, count = blocks.count](auto block) {
    sum = AccumulateBlocks(count, [&](std::size_t b) {
      const Block at = block(b);
      const Lanes d = factor * at.values;
      return Load(w + at.first_row) * (d * (twice_base + d));
    });
  });
  return sum;
}

// The blocks are distinct, so no row is updated twice.
TOCSIN_KERNEL void BlockSubtractWeighted(double* r, double scale, const double* w, const BlockList& blocks) {
  ForEachSource(blocks, [&, count = blocks.count](auto block) {
    for (std::size_t b = 0; b < count; ++b) {
      const Block at = block(b);
      Store(r + at.first_row, Load(r + at.first_row) - scale * (Load(w + at.first_row) * at.values));
    }
  });
}

TOCSIN_KERNEL void BlockAddScaled(double* y, double scale, const BlockList& blocks) {
  ForEachSource(blocks, [&, count = blocks.count](auto block) {
    for (std::size_t b = 0; b < count; ++b) {
      const Block at = block(b);
      Store(y + at.first_row, Load(y + at.first_row) + scale * at.values);
    }
  });
}

}  // namespace tocsin::forecast
