// Column encodings and the weighted residual against the dense arithmetic they stand
// for: the same gradients and residuals up to rounding.
#include "weighted_residual.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include "aligned_vector.h"
#include "column_encoding.h"
#include "logistic_path.h"

namespace tocsin::forecast {
namespace {

constexpr std::size_t kRows = 203;  // not a whole number of blocks
constexpr double kRoundingTolerance = 1e-13;

// Column-major, each column padded to a cache line as Standardize lays them out.
struct Design {
  std::size_t stride = PaddedRows(kRows) + kDoublesPerLine;
  AlignedVector values;
  std::vector<std::vector<double>> columns;

  StandardizedDesign View() const {
    return {values.data(), kRows, columns.size(), stride, std::vector<bool>(columns.size(), true)};
  }
  void Add(std::vector<double> column) {
    columns.push_back(std::move(column));
    values.resize(stride * columns.size(), 0.0);
    for (std::size_t k = 0; k < columns.size(); ++k) {
      for (std::size_t i = 0; i < kRows; ++i) values[k * stride + i] = columns[k][i];
    }
  }
};

// An indicator with runs of ones, a three-valued code, a continuous column, and a
// two-valued column whose ones are spread over most blocks.
Design MixedDesign() {
  std::mt19937_64 random(7);
  std::normal_distribution<double> normal;
  std::vector<double> indicator(kRows), code(kRows), continuous(kRows), spread(kRows);
  for (std::size_t i = 0; i < kRows; ++i) {
    indicator[i] = (i / 10) % 4 == 1 ? 0.83 : -0.21;
    code[i] = i % 23 == 0 ? 1.5 : i % 17 == 0 ? -2.25 : 0.125;
    continuous[i] = normal(random);
    spread[i] = i % 3 == 0 ? 1.0 : 0.0;
  }
  Design design;
  for (auto* column : {&indicator, &code, &continuous, &spread}) design.Add(*column);
  return design;
}

TEST(EncodeColumns, KeepsRareValuesInBlocksAndTheRestDense) {
  const Design design = MixedDesign();
  const std::vector<EncodedColumn> columns = EncodeColumns(design.View());
  ASSERT_EQ(columns.size(), 4u);
  EXPECT_TRUE(columns[0].sparse);
  EXPECT_TRUE(columns[0].patterned);
  EXPECT_EQ(columns[0].base, -0.21);
  EXPECT_EQ(columns[0].factor, 0.83 - -0.21);
  EXPECT_TRUE(columns[1].sparse);
  EXPECT_FALSE(columns[1].patterned);
  EXPECT_EQ(columns[1].base, 0.125);
  EXPECT_FALSE(columns[2].sparse) << "no value holds a majority";
  EXPECT_FALSE(columns[3].sparse) << "its blocks would cover every row";
}

// r = r0, then a sequence of column and intercept updates, as coordinate descent
// makes them; the gradients along the way and the final residual compared with plain
// dense loops.
TEST(WeightedResidual, GradientsAndUpdatesMatchDenseArithmetic) {
  const Design design = MixedDesign();
  const StandardizedDesign view = design.View();
  const std::vector<EncodedColumn> columns = EncodeColumns(view);
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> uniform(0.01, 0.25);
  AlignedVector weights(PaddedRows(kRows), 0.0);
  std::vector<double> expected(kRows);
  WeightedResidual residual(kRows);
  double weight_sum = 0;
  for (std::size_t i = 0; i < kRows; ++i) {
    weights[i] = uniform(random);
    weight_sum += weights[i];
    expected[i] = residual.data()[i] = uniform(random) - 0.13;
  }
  residual.Reset(weights.data(), weight_sum);
  std::vector<ColumnMoments> moments(columns.size());
  for (std::size_t k = 0; k < columns.size(); ++k) {
    ComputeMoments(columns[k], weights.data(), weight_sum, kRows, moments[k]);
    double curvature = 0, weighted = 0;
    for (std::size_t i = 0; i < kRows; ++i) {
      curvature += weights[i] * design.columns[k][i] * design.columns[k][i];
      weighted += weights[i] * (design.columns[k][i] - columns[k].base);
    }
    EXPECT_NEAR(moments[k].curvature, curvature, kRoundingTolerance) << k;
    EXPECT_NEAR(moments[k].weighted_offsets, weighted, kRoundingTolerance) << k;
  }

  const std::size_t order[] = {0, 2, 3, 1, 2, 0, 3, 3, 1};
  double change = 0.4;
  for (const std::size_t k : order) {
    double gradient = 0;
    for (std::size_t i = 0; i < kRows; ++i) gradient += design.columns[k][i] * expected[i];
    EXPECT_NEAR(residual.Gradient(columns[k], moments[k]), gradient, kRoundingTolerance) << k;
    residual.Subtract(columns[k], change, moments[k]);
    for (std::size_t i = 0; i < kRows; ++i) expected[i] -= change * (weights[i] * design.columns[k][i]);
    residual.SubtractWeights(change / 3);
    for (std::size_t i = 0; i < kRows; ++i) expected[i] -= change / 3 * weights[i];
    double total = 0;
    for (const double value : expected) total += value;
    EXPECT_NEAR(residual.Total(), total, kRoundingTolerance) << k;
    change = -0.7 * change;
  }
  residual.Materialize();
  for (std::size_t i = 0; i < kRows; ++i)
    EXPECT_NEAR(residual.data()[i], expected[i], kRoundingTolerance) << i;
}

}  // namespace
}  // namespace tocsin::forecast
