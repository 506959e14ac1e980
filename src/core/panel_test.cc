#include "tocsin/core/panel.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tocsin {
namespace {

const std::string kSmallPanel = std::string(TOCSIN_TEST_DATA_DIR) + "/panel_small.csv";

std::string WriteTemp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(Panel, ReadsKeysValuesAndMissing) {
  auto panel = ReadPanelCsv(kSmallPanel);
  ASSERT_TRUE(panel.ok()) << panel.status().ToString();
  EXPECT_EQ(panel->rows(), 4u);
  EXPECT_EQ(panel->first_year(), 2000);
  EXPECT_EQ(panel->last_year(), 2001);
  EXPECT_EQ(panel->key(2).country, "Lemuria, Republic of");
  const std::size_t x1 = *panel->Variable("x1");
  const std::size_t x2 = *panel->Variable("x2");
  EXPECT_DOUBLE_EQ(panel->value(1, x1), 2.5);
  EXPECT_TRUE(panel->missing(0, x2));
  EXPECT_TRUE(panel->missing(2, x1));
  EXPECT_EQ(panel->Find(902, 2001), 3);
  EXPECT_EQ(panel->Find(902, 1999), -1);
  EXPECT_EQ(panel->data_hash.size(), 64u);
  EXPECT_TRUE(panel->Variable("year").ok());
}

TEST(Panel, NonNumericCellNamesFileLineAndColumn) {
  const std::string path = WriteTemp("tocsin_panel_bad_cell.csv", "ewp_name,year,x1,ccode\nA,2000,1,5\nA,2001,abc,5\n");
  const auto panel = ReadPanelCsv(path);
  ASSERT_FALSE(panel.ok());
  EXPECT_EQ(panel.status().message(), path + ":3:3 (x1): 'abc' is not a number");
}

TEST(Panel, MissingRequiredColumnsAreNamed) {
  const std::string path = WriteTemp("tocsin_panel_missing_column.csv", "ewp_name,year,x1\nA,2000,1\n");
  PanelCsvOptions options;
  options.required_columns = {"x1", "x9"};
  const auto panel = ReadPanelCsv(path, options);
  ASSERT_FALSE(panel.ok());
  EXPECT_EQ(panel.status().message(), path + ": missing columns 'ccode', 'x9'");
}

TEST(Panel, RepeatedCountryYearIsAnError) {
  const std::string path = WriteTemp("tocsin_panel_repeat.csv", "ewp_name,year,ccode\nA,2000,5\nA,2000,5\n");
  const auto panel = ReadPanelCsv(path);
  ASSERT_FALSE(panel.ok());
  EXPECT_EQ(panel.status().message(), path + ":3: country 5 (A) appears twice in year 2000");
}

// 4294967298 is 2 modulo 2^32: cut down to an int it would have read as the
// United States' COW code, silently.
TEST(Panel, CodesAndYearsOutsideTheirRangeAreErrorsNotWrappedValues) {
  const std::string code =
      WriteTemp("tocsin_panel_wide_code.csv", "ewp_name,year,ccode\nA,2000,4294967298\n");
  auto panel = ReadPanelCsv(code);
  ASSERT_FALSE(panel.ok());
  EXPECT_EQ(panel.status().message(), code + ":2:3 (ccode): 4294967298 is outside 0..99999");

  const std::string year =
      WriteTemp("tocsin_panel_wide_year.csv", "ewp_name,year,ccode\nA,2000,5\nB,102000,6\n");
  panel = ReadPanelCsv(year);
  ASSERT_FALSE(panel.ok());
  EXPECT_EQ(panel.status().message(), year + ":3:2 (year): 102000 is outside 1..9999");
}

TEST(Panel, TruncatedFileIsDataLoss) {
  const std::string path = WriteTemp("tocsin_panel_truncated.csv", "ewp_name,year,x1,ccode\nA,2000,1,5\nA,20");
  const auto panel = ReadPanelCsv(path);
  ASSERT_FALSE(panel.ok());
  EXPECT_EQ(panel.status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace tocsin
