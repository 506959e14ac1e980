// The small data set of the elastic-net tests: tests/data/elastic_net_small.csv, 120
// rows: x1..x5 random, rounded to multiples of 1/1024 so that R and C++ parse the same
// doubles; x6 constant (glmnet leaves such a predictor out); y binary from a logistic
// model; fold ids 1..5. Made in R 4 with
//   set.seed(20250903); n <- 120; q <- function(v) round(v * 1024) / 1024
//   x1 <- q(rnorm(n)); x2 <- q(rnorm(n) + 0.5 * x1); x3 <- rbinom(n, 1, 0.3)
//   x4 <- q(runif(n, 0, 10)); x5 <- q(rexp(n)); x6 <- rep(3, n)
//   eta <- -0.5 + 0.8 * x1 - 0.6 * x3 + 0.12 * x4 - 0.3 * x5
//   y <- rbinom(n, 1, 1 / (1 + exp(-eta))); fold <- sample(rep(1:5, length = n))
//   write.csv(data.frame(x1, x2, x3, x4, x5, x6, y, fold), row.names = FALSE, quote = FALSE)
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tocsin/forecast/matrix.h"

namespace tocsin::forecast {

struct SmallData {
  Matrix x;
  std::vector<double> y;
  std::vector<int> folds;
};

inline SmallData LoadSmallData() {
  std::ifstream in(std::string(TOCSIN_TEST_DATA_DIR) + "/elastic_net_small.csv");
  EXPECT_TRUE(in.good()) << "missing tests/data/elastic_net_small.csv";
  constexpr std::size_t kPredictors = 6;
  std::vector<std::vector<double>> rows;
  std::string line;
  std::getline(in, line);  // header: x1..x6,y,fold
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::vector<double> row;
    for (std::string field; std::getline(fields, field, ',');) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  SmallData data{Matrix(rows.size(), kPredictors), {}, {}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < kPredictors; ++j) data.x(i, j) = rows[i][j];
    data.y.push_back(rows[i][kPredictors]);
    data.folds.push_back(static_cast<int>(rows[i][kPredictors + 1]));
  }
  return data;
}

}  // namespace tocsin::forecast
