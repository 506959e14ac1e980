// Fold files (EWP's cv_foldid_*.csv format): every training row gets a fold from
// 1 to the specification's count, every fold holds some row, no country-year is
// given twice; each fault names the file and, where it can, the line.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "synthetic_panel_test_data.h"
#include "tocsin/forecast/risk_forecast.h"

namespace tocsin::forecast {
namespace {

namespace fs = std::filesystem;

constexpr int kCountries = 6;
constexpr int kFolds = 10;

class FoldFile : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_ = SyntheticSpecification("enet", "none");
    auto training = BuildTrainingSet(panel_, spec_, kSyntheticLastYear);
    ASSERT_TRUE(training.ok()) << training.status().ToString();
    training_ = std::move(training).value();
    path_ = (fs::temp_directory_path() / ("tocsin_folds_" + std::to_string(::getpid()) + ".csv")).string();
  }
  void TearDown() override { fs::remove(path_); }

  // A fold file for every row of the panel, row i in fold i % 10 + 1, passed
  // through `edit` (the rows as text, header first) before it is written.
  Result<std::vector<int>> Read(const std::function<void(std::vector<std::string>&)>& edit = {}) {
    std::vector<std::string> lines = {"\"\",\"ewp_name\",\"year\",\"foldid\""};
    for (std::size_t row = 0; row < panel_.rows(); ++row) {
      const PanelKey& key = panel_.key(row);
      lines.push_back(fmt::format("\"{}\",\"{}\",{},{}", row + 1, key.country, key.year, row % kFolds + 1));
    }
    if (edit) edit(lines);
    std::ofstream out(path_);
    for (const std::string& line : lines) out << line << '\n';
    out.close();
    return ReadFoldFile(path_, panel_, training_, kFolds);
  }

  Panel panel_ = SyntheticPanel(kCountries);
  ModelSpecification spec_;
  TrainingSet training_;
  std::string path_;
};

TEST_F(FoldFile, CoversEveryTrainingRow) {
  const auto ids = Read();
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(ids->size(), training_.rows.size());
}

TEST_F(FoldFile, FoldBeyondTheSpecificationsCountIsRefusedAtItsCell) {
  const auto ids = Read([](std::vector<std::string>& lines) { lines[5] = "\"5\",\"country 0\",1985,11"; });
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.status().message().find(":6:4 (foldid): 11 is outside 1..10"), std::string::npos)
      << ids.status().ToString();
}

TEST_F(FoldFile, AFoldWithoutRowsIsRefused) {
  const auto ids = Read([](std::vector<std::string>& lines) {
    for (std::string& line : lines) {
      if (line.ends_with(",10")) line = line.substr(0, line.size() - 2) + "9";
    }
  });
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.status().message().find("fold 10 has no training row"), std::string::npos)
      << ids.status().ToString();
}

TEST_F(FoldFile, ACountryYearGivenTwiceIsRefusedWithBothLines) {
  const auto ids =
      Read([](std::vector<std::string>& lines) { lines.push_back("\"x\",\"country 0\",1981,3"); });
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.status().message().find("country 0 1981 already has a fold at line 2"), std::string::npos)
      << ids.status().ToString();
}

}  // namespace
}  // namespace tocsin::forecast
