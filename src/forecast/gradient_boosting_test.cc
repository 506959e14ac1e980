#include "tocsin/forecast/gradient_boosting.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tocsin/forecast/metrics.h"

namespace tocsin::forecast {
namespace {

// y depends on x0 (up) and x1 (down); x2 is noise.
void MakeData(int rows, std::uint32_t seed, Matrix* x, std::vector<double>* y) {
  std::mt19937 generator(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  *x = Matrix(rows, 3);
  y->resize(rows);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < 3; ++j) (*x)(i, j) = normal(generator);
    const double log_odds = -2 + 1.5 * (*x)(i, 0) - 1.0 * (*x)(i, 1);
    (*y)[i] = uniform(generator) < 1 / (1 + std::exp(-log_odds)) ? 1 : 0;
  }
}

TEST(GradientBoosting, LearnsASignalAndExplainsEachForecast) {
  Matrix x, test_x;
  std::vector<double> y, test_y;
  MakeData(2000, 1, &x, &y);
  MakeData(1000, 2, &test_x, &test_y);
  GradientBoostingOptions options;
  options.rounds = 100;
  const auto model = GradientBoostingModel::Fit(x, y, options);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const auto probabilities = model->Predict(test_x);
  ASSERT_TRUE(probabilities.ok());
  const auto auc = AreaUnderRocCurve(*probabilities, test_y);
  ASSERT_TRUE(auc.ok());
  EXPECT_GT(*auc, 0.75);

  const auto contributions = model->Contributions(test_x);
  ASSERT_TRUE(contributions.ok());
  ASSERT_EQ(contributions->cols(), 4u);
  for (std::size_t i = 0; i < 20; ++i) {
    double log_odds = 0;
    for (std::size_t j = 0; j < 4; ++j) log_odds += (*contributions)(i, j);
    EXPECT_NEAR(1 / (1 + std::exp(-log_odds)), (*probabilities)[i], 1e-4);
  }
}

TEST(GradientBoosting, MonotoneConstraintIsRespected) {
  Matrix x;
  std::vector<double> y;
  MakeData(2000, 3, &x, &y);
  GradientBoostingOptions options;
  options.rounds = 60;
  options.monotone = {1, -1, 0};
  const auto model = GradientBoostingModel::Fit(x, y, options);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Matrix grid(21, 3);
  for (int i = 0; i < 21; ++i) grid(i, 0) = -3 + 0.3 * i;
  const auto risk = model->Predict(grid);
  ASSERT_TRUE(risk.ok());
  for (int i = 1; i < 21; ++i) EXPECT_GE((*risk)[i], (*risk)[i - 1]);
}

TEST(GradientBoosting, SameSeedGivesSameModel) {
  Matrix x;
  std::vector<double> y;
  MakeData(500, 4, &x, &y);
  GradientBoostingOptions options;
  options.rounds = 30;
  const auto first = GradientBoostingModel::Fit(x, y, options);
  const auto second = GradientBoostingModel::Fit(x, y, options);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first->Predict(x), *second->Predict(x));
}

TEST(GradientBoosting, RejectsBadInput) {
  Matrix x(3, 2);
  EXPECT_EQ(GradientBoostingModel::Fit(x, std::vector<double>{0, 1}, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GradientBoostingModel::Fit(x, std::vector<double>{0, 1, 2}, {}).status().code(),
            StatusCode::kInvalidArgument);
  GradientBoostingOptions options;
  options.monotone = {1};
  EXPECT_EQ(GradientBoostingModel::Fit(x, std::vector<double>{0, 1, 0}, options).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tocsin::forecast
