// FitElasticNet against R glmnet 4.1-6 on a small generated data set.
//
// The data are described in elastic_net_test_data.h. Every expected number below was
// printed by R with sprintf("%.17g"), e.g.
//   fit <- glmnet(x, y, family = "binomial", alpha = 0.5)
//   fit$lambda; coef(fit)[, 11]; fit$npasses; fit$nulldev; fit$dev.ratio
#include "tocsin/forecast/elastic_net.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "elastic_net_test_data.h"

namespace tocsin::forecast {
namespace {

// glmnet's own tolerance stops coordinate descent at ~1e-4 on the coefficients; an
// implementation that follows it update by update agrees to rounding.
constexpr double kRelativeTolerance = 1e-9;

void ExpectRelativelyNear(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, kRelativeTolerance * std::max(1.0, std::abs(expected))) << what;
}

// `expected` is R's coef(): the intercept, then one coefficient per predictor.
void ExpectCoefficients(const ElasticNetPath& path, std::size_t index, const std::vector<double>& expected) {
  ASSERT_LT(index, path.size());
  ExpectRelativelyNear(path.intercepts[index], expected[0], "intercept at " + std::to_string(index));
  for (std::size_t j = 0; j + 1 < expected.size(); ++j) {
    ExpectRelativelyNear(path.coefficients[index][j], expected[j + 1],
                         "coefficient " + std::to_string(j) + " at " + std::to_string(index));
  }
}

ElasticNetPath Fit(const SmallData& data, const ElasticNetOptions& options,
                   std::vector<double> lambdas = {}) {
  auto path = FitElasticNet(data.x, data.y, options, lambdas);
  EXPECT_TRUE(path.ok()) << path.status().ToString();
  return path.ok() ? std::move(path).value() : ElasticNetPath{};
}

TEST(FitElasticNet, ReproducesGlmnetPathAndItsEarlyStop) {
  const SmallData data = LoadSmallData();
  const ElasticNetPath path = Fit(data, ElasticNetOptions{});
  // glmnet stops after 52 of its 100 lambdas: the deviance ratio gains < 1e-5.
  ASSERT_EQ(path.size(), 52u);
  EXPECT_TRUE(path.complete);
  EXPECT_EQ(path.passes, 227);
  ExpectRelativelyNear(path.null_deviance, 165.15331529126124, "nulldev");
  ExpectRelativelyNear(path.lambdas[0], 0.30932617921112737, "lambda 0 (fix.lam)");
  ExpectRelativelyNear(path.lambdas[1], 0.28184649398868461, "lambda 1");
  ExpectRelativelyNear(path.lambdas.back(), 0.0026903613585244793, "last lambda");
  ExpectRelativelyNear(path.deviance_ratios[10], 0.052346541087427513, "dev.ratio 10");
  ExpectRelativelyNear(path.deviance_ratios.back(), 0.089767895439477927, "last dev.ratio");
  ExpectCoefficients(path, 10, {-0.22368648394603624, 0.34394831774974666, 0, 0, 0, 0, 0});
  ExpectCoefficients(path, 51,
                     {-0.14501136296873557, 0.70566853004953234, 0.014588151248157618, -0.42049581129783425,
                      0.036748185011633183, -0.21247734808800589, 0});
  EXPECT_EQ(path.NonZero(10), 1);
  EXPECT_EQ(path.NonZero(51), 5);
}

TEST(FitElasticNet, ReproducesGlmnetLassoPath) {
  const SmallData data = LoadSmallData();
  ElasticNetOptions options;
  options.alpha = 1;
  const ElasticNetPath path = Fit(data, options);
  ASSERT_EQ(path.size(), 49u);
  EXPECT_EQ(path.passes, 212);
  ExpectRelativelyNear(path.lambdas[1], 0.1409232469943423, "lambda 1");
  ExpectCoefficients(path, 48,
                     {-0.14529219788483017, 0.70893899521374593, 0.012289902745107493, -0.41813162587836883,
                      0.036490124734990075, -0.21156150979135441, 0});
}

TEST(FitElasticNet, RidgeLambdaMaxDividesByGlmnetsAlphaFloor) {
  const SmallData data = LoadSmallData();
  ElasticNetOptions options;
  options.alpha = 0;
  const ElasticNetPath path = Fit(data, options);
  ASSERT_EQ(path.size(), 100u);
  EXPECT_EQ(path.passes, 343);
  ExpectRelativelyNear(path.lambdas[0], 154.66308960556381, "lambda 0");
  ExpectRelativelyNear(path.lambdas.back(), 0.015466308960556395, "last lambda");
  ExpectCoefficients(path, 99,
                     {-0.14092824289057149, 0.66207314263839789, 0.026670042533223318, -0.41272522009066903,
                      0.035585926414436926, -0.20787529149391271, 0});
}

TEST(FitElasticNet, FitsEveryUserLambdaInDecreasingOrder) {
  const SmallData data = LoadSmallData();
  const ElasticNetPath path = Fit(data, ElasticNetOptions{}, {0.01, 0.2, 0.05, 0.1, 0.001});
  ASSERT_EQ(path.size(), 5u);
  EXPECT_EQ(path.lambdas, (std::vector<double>{0.2, 0.1, 0.05, 0.01, 0.001}));
  EXPECT_EQ(path.passes, 43);
  ExpectCoefficients(path, 0, {-0.21144346230412836, 0.17608959284044823, 0, 0, 0, 0, 0});
  ExpectCoefficients(path, 2,
                     {-0.10499477791671416, 0.53484474447379826, 0, -0.18031601414122314,
                      0.0046419502065825026, -0.11408714145287754, 0});
  ExpectCoefficients(path, 4,
                     {-0.14618972987633241, 0.71260582193538347, 0.016701656321637118, -0.43053122174328762,
                      0.038022826270382566, -0.2168652557419519, 0});
  ExpectRelativelyNear(path.deviance_ratios[4], 0.089804725231751481, "dev.ratio 4");
}

TEST(FitElasticNet, ReproducesGlmnetWithoutStandardization) {
  const SmallData data = LoadSmallData();
  ElasticNetOptions options;
  options.standardize = false;
  const ElasticNetPath path = Fit(data, options);
  ASSERT_EQ(path.size(), 55u);
  EXPECT_EQ(path.passes, 249);
  ExpectRelativelyNear(path.lambdas[1], 0.25257775658374582, "lambda 1");
  ExpectCoefficients(
      path, 20,
      {-0.27659370383095588, 0.54578096172631152, 0, 0, 0.029957349716046824, -0.12521184194711693, 0});
}

TEST(FitElasticNet, ShortGridEndsAtLambdaMinRatio) {
  const SmallData data = LoadSmallData();
  ElasticNetOptions options;
  options.lambda_count = 20;
  options.lambda_min_ratio = 0.01;
  const ElasticNetPath path = Fit(data, options);
  ASSERT_EQ(path.size(), 20u);
  EXPECT_EQ(path.passes, 105);
  ExpectRelativelyNear(path.lambdas[1], 0.24274680322665515, "lambda 1");
  ExpectRelativelyNear(path.lambdas.back(), 0.0030932617921112745, "last lambda");
  ExpectCoefficients(path, 19,
                     {-0.14473606860672111, 0.70403354594935819, 0.014086710959126081, -0.41812500543111442,
                      0.036447201489321256, -0.21144064583075212, 0});
}

TEST(FitElasticNet, ReturnsTheConvergedLambdasWhenPassesRunOut) {
  const SmallData data = LoadSmallData();
  ElasticNetOptions options;
  options.max_passes = 50;  // R: 13 lambdas, npasses 51, with glmnet's warning
  const ElasticNetPath path = Fit(data, options);
  EXPECT_FALSE(path.complete);
  ASSERT_EQ(path.size(), 13u);
  EXPECT_EQ(path.passes, 51);
  ExpectRelativelyNear(path.lambdas.back(), 0.10129037811919635, "last lambda");

  options.max_passes = 1;  // R: only the intercept, at glmnet's unextrapolated first lambda
  const ElasticNetPath first = Fit(data, options);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first.complete);
  EXPECT_EQ(first.lambdas[0], 9.9e35);
  EXPECT_EQ(first.NonZero(0), 0);
}

TEST(ElasticNetPath, CoefficientsAtInterpolatesInLambdaLikeGlmnet) {
  const SmallData data = LoadSmallData();
  const ElasticNetPath path = Fit(data, ElasticNetOptions{});
  struct Case {
    double lambda;
    std::vector<double> expected;  // R: coef(fit, s = lambda)
  };
  const std::vector<Case> cases = {
      {0.0123,
       {-0.13876149869733409, 0.66826403912328114, 0.0029284175482048535, -0.36605269373853255,
        0.029816980521540724, -0.18868415757472029, 0}},
      {1e-6,  // below the path: its last lambda
       {-0.14501136296873557, 0.70566853004953234, 0.014588151248157618, -0.42049581129783425,
        0.036748185011633183, -0.21247734808800589, 0}},
      {10, {-0.20067069546215108, 0, 0, 0, 0, 0, 0}},  // above the path: its first lambda
  };
  for (const Case& c : cases) {
    const ElasticNetCoefficients at = path.CoefficientsAt(c.lambda);
    ExpectRelativelyNear(at.intercept, c.expected[0], "intercept at s=" + std::to_string(c.lambda));
    for (std::size_t j = 0; j < at.coefficients.size(); ++j) {
      ExpectRelativelyNear(at.coefficients[j], c.expected[j + 1],
                           "coefficient at s=" + std::to_string(c.lambda));
    }
  }
  // On a lambda of the path the interpolation is exact.
  const ElasticNetCoefficients knot = path.CoefficientsAt(path.lambdas[30]);
  EXPECT_EQ(knot.intercept, path.intercepts[30]);
  EXPECT_EQ(knot.coefficients, path.coefficients[30]);
}

TEST(ElasticNetPath, LinearPredictorIsInterceptPlusWeightedPredictors) {
  const SmallData data = LoadSmallData();
  const ElasticNetPath path = Fit(data, ElasticNetOptions{});
  const std::size_t last = path.size() - 1;
  double expected = path.intercepts[last];
  for (std::size_t j = 0; j < data.x.cols(); ++j) expected += data.x(7, j) * path.coefficients[last][j];
  EXPECT_NEAR(path.LinearPredictor(data.x, 7, last), expected, 1e-12);
}

TEST(FitElasticNet, RejectsInvalidInputWithAMessage) {
  const SmallData data = LoadSmallData();
  std::vector<double> two_ones(data.y.size(), 0.0);
  two_ones[0] = 1;
  std::vector<double> not_binary = data.y;
  not_binary[3] = 2;
  Matrix with_nan = data.x;
  with_nan(5, 2) = std::nan("");
  Matrix constant(data.x.rows(), 1);
  ElasticNetOptions bad_alpha;
  bad_alpha.alpha = 1.5;
  ElasticNetOptions bad_ratio;
  bad_ratio.lambda_min_ratio = 1;
  ElasticNetOptions bad_tolerance;
  bad_tolerance.tolerance = 0;
  const std::vector<double> short_y(data.y.begin(), data.y.end() - 1);
  struct Case {
    std::string name;
    Result<ElasticNetPath> result;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"sizes differ", FitElasticNet(data.x, short_y, {}), "rows but y has"},
      {"y not 0/1", FitElasticNet(data.x, not_binary, {}), "y at row 3 is 2"},
      {"one row in a class", FitElasticNet(data.x, two_ones, {}), "at least 2 rows"},
      {"NaN in x", FitElasticNet(with_nan, data.y, {}), "row 5, column 2"},
      {"every column constant", FitElasticNet(constant, data.y, {}), "every predictor is constant"},
      {"alpha above 1", FitElasticNet(data.x, data.y, bad_alpha), "alpha"},
      {"ratio of 1", FitElasticNet(data.x, data.y, bad_ratio), "lambda_min_ratio"},
      {"zero tolerance", FitElasticNet(data.x, data.y, bad_tolerance), "tolerance"},
      {"negative lambda", FitElasticNet(data.x, data.y, {}, std::vector<double>{0.1, -0.1}), "lambda 1"},
  };
  for (const Case& c : cases) {
    ASSERT_FALSE(c.result.ok()) << c.name;
    EXPECT_EQ(c.result.status().code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(c.result.status().message().find(c.message_part), std::string::npos)
        << c.name << ": " << c.result.status().message();
  }
}

}  // namespace
}  // namespace tocsin::forecast
