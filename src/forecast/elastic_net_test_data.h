// The small data set of the elastic-net tests: tests/data/elastic_net_small.csv, 120
// rows generated in R (set.seed(20250903)): x1..x5 random, rounded to multiples of
// 1/1024 so that R and C++ parse the same doubles; x6 constant (glmnet leaves such a
// predictor out); y binary from a logistic model; fold ids 1..5.
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
