// CrossValidateElasticNet against R's cv.glmnet (glmnet 4.1-6) on the small data set:
//   cv <- cv.glmnet(x, y, family = "binomial", alpha = 0.5, foldid = fold)
//   cv$lambda.min; cv$index; cv$cvm; cv$cvsd; cv$nzero
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "elastic_net_test_data.h"
#include "tocsin/forecast/elastic_net.h"

namespace tocsin::forecast {
namespace {

constexpr double kCvRelativeTolerance = 1e-9;

CrossValidation CrossValidate(const SmallData& data, int threads) {
  auto cv = CrossValidateElasticNet(data.x, data.y, data.folds, ElasticNetOptions{}, threads);
  EXPECT_TRUE(cv.ok()) << cv.status().ToString();
  return cv.ok() ? std::move(cv).value() : CrossValidation{};
}

TEST(CrossValidateElasticNet, ReproducesCvGlmnet) {
  const CrossValidation cv = CrossValidate(LoadSmallData(), 1);
  ASSERT_EQ(cv.fit.size(), 52u);
  ASSERT_EQ(cv.mean_deviance.size(), 52u);
  ASSERT_EQ(cv.sd_deviance.size(), 52u);
  EXPECT_EQ(cv.index_min, 13u);
  EXPECT_NEAR(cv.lambda_min(), 0.092292020095066984, 1e-15);
  EXPECT_EQ(cv.index_1se, 3u);
  EXPECT_NEAR(cv.lambda_1se(), 0.23399391082580892, 1e-15);
  struct Row {
    std::size_t index;
    double cvm;
    double cvsd;
    int nonzero;
  };
  for (const Row& row : std::vector<Row>{{0, 1.3901565614720761, 0.010606755208448585, 0},
                                         {9, 1.3524487202223985, 0.022591277657866251, 1},
                                         {13, 1.3511111342813904, 0.028532398511295323, 3},
                                         {51, 1.4168610797298513, 0.053187870168318122, 5}}) {
    EXPECT_NEAR(cv.mean_deviance[row.index], row.cvm, kCvRelativeTolerance * row.cvm) << row.index;
    EXPECT_NEAR(cv.sd_deviance[row.index], row.cvsd, kCvRelativeTolerance * row.cvsd) << row.index;
    EXPECT_EQ(cv.fit.NonZero(row.index), row.nonzero) << row.index;
  }
}

TEST(CrossValidateElasticNet, ThreadCountDoesNotChangeTheResult) {
  const SmallData data = LoadSmallData();
  const CrossValidation one = CrossValidate(data, 1);
  for (const int threads : {2, 3, 16}) {
    const CrossValidation many = CrossValidate(data, threads);
    EXPECT_EQ(many.mean_deviance, one.mean_deviance) << threads;
    EXPECT_EQ(many.sd_deviance, one.sd_deviance) << threads;
    EXPECT_EQ(many.fit.coefficients, one.fit.coefficients) << threads;
    EXPECT_EQ(many.index_min, one.index_min) << threads;
  }
}

TEST(CrossValidateElasticNet, RejectsFoldIdsItCannotUse) {
  const SmallData data = LoadSmallData();
  std::vector<int> zero = data.folds;
  zero[4] = 0;
  std::vector<int> two_folds(data.folds.size());
  for (std::size_t i = 0; i < two_folds.size(); ++i) two_folds[i] = 1 + static_cast<int>(i % 2);
  std::vector<int> gap = data.folds;
  for (int& fold : gap) fold = fold == 3 ? 6 : fold;
  const std::vector<int> short_ids(data.folds.begin(), data.folds.end() - 1);
  std::vector<int> huge = data.folds;
  huge[7] = 2000000000;  // more folds than rows: refused before anything is sized by it
  struct Case {
    std::string name;
    std::vector<int> folds;
    std::string message_part;
  };
  for (const Case& c : std::vector<Case>{{"one id short", short_ids, "fold ids for"},
                                         {"id 0", zero, "row 4 is 0"},
                                         {"two folds", two_folds, "at least 3 folds"},
                                         {"empty fold", gap, "fold 3 has no rows"},
                                         {"huge id", huge, "largest fold id is 2000000000"}}) {
    const auto cv = CrossValidateElasticNet(data.x, data.y, c.folds, ElasticNetOptions{});
    ASSERT_FALSE(cv.ok()) << c.name;
    EXPECT_EQ(cv.status().code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(cv.status().message().find(c.message_part), std::string::npos)
        << c.name << ": " << cv.status().message();
  }
}

TEST(CrossValidateElasticNet, FoldFitErrorNamesTheFold) {
  SmallData data = LoadSmallData();
  // Every onset in fold 2: the model trained without fold 2 has a single class.
  for (std::size_t i = 0; i < data.y.size(); ++i) data.y[i] = data.folds[i] == 2 && i % 3 == 0 ? 1 : 0;
  const auto cv = CrossValidateElasticNet(data.x, data.y, data.folds, ElasticNetOptions{});
  ASSERT_FALSE(cv.ok());
  EXPECT_EQ(cv.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(cv.status().message().rfind("fold 2: ", 0), 0u) << cv.status().message();
}

}  // namespace
}  // namespace tocsin::forecast
