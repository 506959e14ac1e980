// The dense and block kernels against plain loops that add up in the order their
// headers promise, bit for bit: whichever clone (AVX2 or baseline) the CPU running the
// test picks must give these sums.
#include "vector_kernels.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "aligned_vector.h"
#include "block_kernels.h"

namespace tocsin::forecast {
namespace {

constexpr std::size_t kRunningSums = 16;

// Sixteen sums over i mod 16 for the whole groups of sixteen, one more over the rest,
// then ((s0 + s1) + (s2 + s3)) lane by lane for the four groups of four and the same
// across the four lanes, plus the rest.
template <typename Term>
double ReferenceSum(std::size_t n, Term term) {
  double sums[kRunningSums] = {};
  const std::size_t whole = n - n % kRunningSums;
  for (std::size_t i = 0; i < whole; ++i) sums[i % kRunningSums] += term(i);
  double rest = 0;
  for (std::size_t i = whole; i < n; ++i) rest += term(i);
  double lanes[4];
  for (std::size_t l = 0; l < 4; ++l) lanes[l] = (sums[l] + sums[4 + l]) + (sums[8 + l] + sums[12 + l]);
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + rest;
}

AlignedVector RandomVector(std::size_t n, std::mt19937_64& random) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  AlignedVector values(n);
  for (double& value : values) value = uniform(random);
  return values;
}

class KernelSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(KernelSizes, DotAndSumAddInTheDocumentedOrder) {
  const std::size_t n = GetParam();
  std::mt19937_64 random(n);
  const AlignedVector a = RandomVector(n, random);
  const AlignedVector b = RandomVector(n, random);
  EXPECT_EQ(Dot(a.data(), b.data(), n), ReferenceSum(n, [&](std::size_t i) { return a[i] * b[i]; }));
  EXPECT_EQ(Sum(a.data(), n), ReferenceSum(n, [&](std::size_t i) { return a[i]; }));
  EXPECT_EQ(WeightedSquares(a.data(), b.data(), n),
            ReferenceSum(n, [&](std::size_t i) { return a[i] * (b[i] * b[i]); }));
}

TEST_P(KernelSizes, FusedKernelsEqualTheirSeparateSteps) {
  const std::size_t n = GetParam();
  std::mt19937_64 random(n + 1);
  const AlignedVector w = RandomVector(n, random);
  const AlignedVector x = RandomVector(n, random);
  const AlignedVector next = RandomVector(n, random);
  AlignedVector fused = RandomVector(n, random);
  AlignedVector separate = fused;
  EXPECT_EQ(SubtractScaledThenDot(fused.data(), 0.37, x.data(), next.data(), n),
            (SubtractScaled(separate.data(), 0.37, x.data(), n), Dot(separate.data(), next.data(), n)));
  EXPECT_EQ(fused, separate);

  AlignedVector product(n);
  double squares = 0;
  EXPECT_EQ(WeightedColumn(w.data(), x.data(), product.data(), squares, n), Dot(w.data(), x.data(), n));
  EXPECT_EQ(squares, WeightedSquares(w.data(), x.data(), n));
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(product[i], w[i] * x[i]) << i;
}

INSTANTIATE_TEST_SUITE_P(VectorKernels, KernelSizes, ::testing::Values(0, 1, 7, 16, 33, 1000));

// Blocks 0, 2, 3, 5, ... of a padded vector, every third one partly empty.
struct RandomBlocks {
  explicit RandomBlocks(std::size_t count, bool patterned, std::mt19937_64& random) {
    for (std::size_t b = 0; first_rows.size() < count; ++b) {
      if (b % 3 == 1) continue;
      first_rows.push_back(static_cast<std::uint32_t>(b * kBlockRows));
      const unsigned pattern = b % 3 == 2 ? 0b0101u : 0b1111u;
      entries.push_back(patterned ? PackBlock(b * kBlockRows, pattern) : first_rows.back());
      std::uniform_real_distribution<double> uniform(-1.0, 1.0);
      for (std::size_t lane = 0; lane < kBlockRows; ++lane) {
        values.push_back((pattern >> lane & 1) == 0 ? 0.0 : patterned ? 1.0 : uniform(random));
      }
    }
    list = {entries.data(), patterned ? nullptr : values.data(), entries.size()};
  }
  std::size_t Rows() const { return first_rows.empty() ? 0 : first_rows.back() + kBlockRows; }
  // The value at block b, lane l, as if every row were listed.
  double Value(std::size_t b, std::size_t lane) const { return values[b * kBlockRows + lane]; }

  std::vector<std::uint32_t> first_rows;
  std::vector<std::uint32_t> entries;
  std::vector<double> values;
  BlockList list;
};

// Sums over blocks: four running sums of four lanes, over b mod 4 for the whole groups
// of four blocks and into the first for the rest, combined as ReferenceSum does.
template <typename Term>
double ReferenceBlockSum(std::size_t count, Term term) {
  double sums[kRunningSums] = {};
  for (std::size_t b = 0; b < count; ++b) {
    const std::size_t group = b < count - count % 4 ? b % 4 : 0;
    for (std::size_t lane = 0; lane < kBlockRows; ++lane) sums[group * kBlockRows + lane] += term(b, lane);
  }
  double lanes[4];
  for (std::size_t l = 0; l < 4; ++l) lanes[l] = (sums[l] + sums[4 + l]) + (sums[8 + l] + sums[12 + l]);
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + 0.0;
}

class BlockShapes : public ::testing::TestWithParam<std::tuple<std::size_t, bool>> {};

TEST_P(BlockShapes, BlockKernelsMatchTheirDefinitions) {
  const auto [count, patterned] = GetParam();
  std::mt19937_64 random(count);
  const RandomBlocks blocks(count, patterned, random);
  const std::size_t rows = blocks.Rows();
  const AlignedVector a = RandomVector(rows, random);
  const AlignedVector w = RandomVector(rows, random);
  const auto row = [&](std::size_t b, std::size_t lane) { return blocks.first_rows[b] + lane; };

  EXPECT_EQ(BlockDot(a.data(), blocks.list), ReferenceBlockSum(count, [&](std::size_t b, std::size_t lane) {
              return blocks.Value(b, lane) * a[row(b, lane)];
            }));
  EXPECT_EQ(BlockCurvatureTerms(w.data(), blocks.list, 0.7, -0.4),
            ReferenceBlockSum(count, [&](std::size_t b, std::size_t lane) {
              const double d = 0.7 * blocks.Value(b, lane);
              return w[row(b, lane)] * (d * (-0.4 + d));
            }));

  AlignedVector updated = a;
  AlignedVector added = a;
  BlockSubtractWeighted(updated.data(), 0.3, w.data(), blocks.list);
  BlockAddScaled(added.data(), 0.3, blocks.list);
  AlignedVector expected_updated = a;
  AlignedVector expected_added = a;
  for (std::size_t b = 0; b < count; ++b) {
    for (std::size_t lane = 0; lane < kBlockRows; ++lane) {
      expected_updated[row(b, lane)] -= 0.3 * (w[row(b, lane)] * blocks.Value(b, lane));
      expected_added[row(b, lane)] += 0.3 * blocks.Value(b, lane);
    }
  }
  EXPECT_EQ(updated, expected_updated);
  EXPECT_EQ(added, expected_added);
}

INSTANTIATE_TEST_SUITE_P(BlockKernels, BlockShapes,
                         ::testing::Combine(::testing::Values(0, 1, 3, 4, 9, 50), ::testing::Bool()));

}  // namespace
}  // namespace tocsin::forecast
