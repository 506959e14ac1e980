// Acceptance: the Early Warning Project's 2025 model (cv.glmnet, alpha = 0.5, 10
// folds, trained on 1960-2022) reproduced from its published input. Skips when the
// shared data directory is absent. See the data's PROVENANCE.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tocsin/forecast/elastic_net.h"

namespace tocsin::forecast {
namespace {

const std::vector<std::string> kPredictors = {"widetargeting",
                                              "narrowtargeting",
                                              "v2csgender_binary",
                                              "v2mecenefm_binary",
                                              "partyban.new.0",
                                              "partyban.new.1",
                                              "partyban.new.2",
                                              "minorityrule",
                                              "judicialreform",
                                              "religiousfreedom",
                                              "pol_killing_approved",
                                              "freediscussion",
                                              "social_inequality",
                                              "even_civilrights",
                                              "repress_civilsoc",
                                              "social_power_dist",
                                              "ses_power_dist",
                                              "popsize.log2",
                                              "gdppcgrowth",
                                              "un_imr_sqrt",
                                              "efindex",
                                              "discrimpop",
                                              "reg.na",
                                              "reg.eap",
                                              "reg.sca",
                                              "reg.mna",
                                              "reg.eur",
                                              "ios.iccpr1",
                                              "battledeaths.log2",
                                              "coup.try.5yr",
                                              "mk_ongoing_count_log2",
                                              "mean_mk_onset_interaction",
                                              "mk_onset_prev_year",
                                              "newcountry",
                                              "mk_ever",
                                              "year_sq",
                                              "year",
                                              "countryage.new.log2",
                                              "includesnonstate"};
// Training rows must also have these (R's complete.cases on the model frame).
const std::vector<std::string> kAlsoRequired = {"mk_onset", "mk_onset_1", "mk_onset_2", "mk_onset_1or2",
                                                "ewp_name", "ccode",      "year"};
constexpr int kLastTrainingYear = 2022;
constexpr int kForecastYear = 2024;
constexpr double kPublishedLambdaMin = 0.0025864;
constexpr int kTopCount = 30;

// R glmnet 4.1-6 on this machine, coef(cv, s = "lambda.min") printed with %.17g:
// the intercept, then the predictors in the order above.
const std::vector<double> kGlmnetCoefficients = {-1.327664364650524,
                                                 0,
                                                 0.090660498253910496,
                                                 0,
                                                 0,
                                                 -0.19664426320413722,
                                                 0.25987056805393605,
                                                 0,
                                                 0.014239784712545542,
                                                 0,
                                                 0,
                                                 0.54305134900626151,
                                                 0,
                                                 0,
                                                 -0.82827390769384601,
                                                 0,
                                                 0.03551354439117136,
                                                 -0.03587549481000505,
                                                 0.12836227575879053,
                                                 0,
                                                 0.089422252767050042,
                                                 0.15243250203263578,
                                                 0.95258034069062703,
                                                 -0.49119535990293556,
                                                 0,
                                                 0.21933616509848261,
                                                 0,
                                                 -0.0081095222056410503,
                                                 -0.087530204641634676,
                                                 0.034225350213048039,
                                                 0.64417478747238788,
                                                 0,
                                                 0,
                                                 0,
                                                 0.69733201106437714,
                                                 0.45255130784771175,
                                                 -6.9064716051856e-07,
                                                 -0.0019132577040501368,
                                                 0,
                                                 0};

// $TOCSIN_DATA_DIR, else ../shared/data next to the repository (from $TOCSIN_SOURCE_DIR,
// which CTest sets, else from this build's tests/data directory).
std::string EwpDirectory() {
  if (const char* data = std::getenv("TOCSIN_DATA_DIR"); data != nullptr && *data != '\0') {
    return std::string(data) + "/ewp";
  }
  std::filesystem::path root = std::filesystem::path(TOCSIN_TEST_DATA_DIR).parent_path().parent_path();
  if (const char* source = std::getenv("TOCSIN_SOURCE_DIR"); source != nullptr && *source != '\0')
    root = source;
  return (root / ".." / "shared" / "data" / "ewp").string();
}

// A CSV small enough to hold as text: quoted fields without embedded commas.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t Column(const std::string& name) const {
    const auto found = std::find(header.begin(), header.end(), name);
    EXPECT_NE(found, header.end()) << "no column " << name;
    return static_cast<std::size_t>(found - header.begin());
  }
};

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

Table ReadTable(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  Table table;
  std::string line;
  if (std::getline(in, line)) table.header = SplitCsvLine(line);
  while (std::getline(in, line)) table.rows.push_back(SplitCsvLine(line));
  return table;
}

bool Missing(const std::string& field) {
  return field.empty() || field == "NA";
}

// R's signif(value, 4), as the published forecasts are rounded.
double Signif4(double value) {
  if (value == 0) return 0;
  const double scale = std::pow(10.0, 3 - std::floor(std::log10(std::abs(value))));
  return std::round(value * scale) / scale;
}

struct Rows {
  Matrix x;
  std::vector<double> y;
  std::vector<std::string> names;
  std::vector<int> years;
};

// Rows of `table` for which `keep(year)` holds and every column in `required` is present.
Rows Select(const Table& table, bool (*keep)(int), const std::vector<std::string>& required) {
  std::vector<std::size_t> required_columns;
  for (const std::string& name : required) required_columns.push_back(table.Column(name));
  const std::size_t year_column = table.Column("year");
  std::vector<const std::vector<std::string>*> selected;
  for (const auto& row : table.rows) {
    if (!keep(std::stoi(row[year_column]))) continue;
    if (std::none_of(required_columns.begin(), required_columns.end(),
                     [&](std::size_t c) { return Missing(row[c]); })) {
      selected.push_back(&row);
    }
  }
  Rows rows{Matrix(selected.size(), kPredictors.size()), {}, {}, {}};
  const std::size_t outcome = table.Column("mk_onset_1or2");
  const std::size_t name = table.Column("ewp_name");
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const std::vector<std::string>& row = *selected[i];
    for (std::size_t j = 0; j < kPredictors.size(); ++j)
      rows.x(i, j) = std::stod(row[table.Column(kPredictors[j])]);
    rows.y.push_back(Missing(row[outcome]) ? 0.0 : std::stod(row[outcome]));
    rows.names.push_back(row[name]);
    rows.years.push_back(std::stoi(row[year_column]));
  }
  return rows;
}

class EwpElasticNet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = EwpDirectory();
    if (!std::filesystem::exists(directory_ + "/prepared2024predictors-2025-09-03.csv")) return;
    const Table panel = ReadTable(directory_ + "/prepared2024predictors-2025-09-03.csv");
    std::vector<std::string> required = kPredictors;
    required.insert(required.end(), kAlsoRequired.begin(), kAlsoRequired.end());
    training_ = new Rows(Select(
        panel, [](int year) { return year <= kLastTrainingYear; }, required));
    forecast_ = new Rows(Select(
        panel, [](int year) { return year == kForecastYear; }, kPredictors));
    const Table folds = ReadTable(directory_ + "/derived/cv_foldid_train_le2022_seed90035.csv");
    for (const auto& row : folds.rows) fold_ids_.push_back(std::stoi(row[folds.Column("foldid")]));
    ElasticNetOptions options;
    options.alpha = 0.5;
    const auto start = std::chrono::steady_clock::now();
    auto cv = CrossValidateElasticNet(training_->x, training_->y, fold_ids_, options, 2);
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(cv.ok()) << cv.status().ToString();
    cv_ = new CrossValidation(std::move(cv).value());
  }
  static void TearDownTestSuite() {
    delete training_;
    delete forecast_;
    delete cv_;
    training_ = forecast_ = nullptr;
    cv_ = nullptr;
  }
  void SetUp() override {
    if (training_ == nullptr) {
      GTEST_SKIP() << "EWP data not found in " << directory_
                   << "; set TOCSIN_DATA_DIR to the folder holding ewp/prepared2024predictors-2025-09-03.csv";
    }
    ASSERT_NE(cv_, nullptr);
  }

  static std::string directory_;
  static Rows* training_;
  static Rows* forecast_;
  static std::vector<int> fold_ids_;
  static CrossValidation* cv_;
  static double seconds_;
};

std::string EwpElasticNet::directory_;
Rows* EwpElasticNet::training_ = nullptr;
Rows* EwpElasticNet::forecast_ = nullptr;
std::vector<int> EwpElasticNet::fold_ids_;
CrossValidation* EwpElasticNet::cv_ = nullptr;
double EwpElasticNet::seconds_ = 0;

TEST_F(EwpElasticNet, TrainsOnThePublishedRowsAndFolds) {
  EXPECT_EQ(training_->x.rows(), 8970u);
  const Table folds = ReadTable(directory_ + "/derived/cv_foldid_train_le2022_seed90035.csv");
  ASSERT_EQ(folds.rows.size(), training_->x.rows());
  for (std::size_t i = 0; i < folds.rows.size(); ++i) {
    ASSERT_EQ(folds.rows[i][folds.Column("ewp_name")], training_->names[i]) << i;
    ASSERT_EQ(std::stoi(folds.rows[i][folds.Column("year")]), training_->years[i]) << i;
  }
  RecordProperty("cross_validation_seconds", std::to_string(seconds_));
}

TEST_F(EwpElasticNet, LambdaMinAndSparsityMatchThePublishedModel) {
  EXPECT_NEAR(cv_->lambda_min() / kPublishedLambdaMin, 1.0, 1e-4);
  EXPECT_EQ(cv_->fit.NonZero(cv_->index_min), 22);
}

TEST_F(EwpElasticNet, CoefficientsMatchGlmnetAndThePublishedTable) {
  const std::size_t at = cv_->index_min;
  EXPECT_NEAR(cv_->fit.intercepts[at], kGlmnetCoefficients[0], 1e-9);
  for (std::size_t j = 0; j < kPredictors.size(); ++j) {
    EXPECT_NEAR(cv_->fit.coefficients[at][j], kGlmnetCoefficients[j + 1], 1e-9) << kPredictors[j];
  }
  const Table published = ReadTable(directory_ + "/coefficients_3Sep2025.csv");
  ASSERT_EQ(published.rows.size(), kPredictors.size() + 1);
  for (const auto& row : published.rows) {
    const std::string& variable = row[published.Column("variable")];
    const double expected = std::stod(row[published.Column("coef.full")]);
    const auto found = std::find(kPredictors.begin(), kPredictors.end(), variable);
    const double ours =
        found == kPredictors.end()
            ? cv_->fit.intercepts[at]
            : cv_->fit.coefficients[at][static_cast<std::size_t>(found - kPredictors.begin())];
    EXPECT_NEAR(ours, expected, 1e-4) << variable;
  }
}

TEST_F(EwpElasticNet, CrossValidationPathMatchesGlmnet) {
  const Table path = ReadTable(directory_ + "/derived/cv_path_train_le2022_seed90035.csv");
  ASSERT_EQ(cv_->fit.size(), path.rows.size());
  ASSERT_EQ(path.rows.size(), 67u);
  for (std::size_t m = 0; m < path.rows.size(); ++m) {
    const auto value = [&](const char* column) { return std::stod(path.rows[m][path.Column(column)]); };
    EXPECT_NEAR(cv_->fit.lambdas[m] / value("lambda"), 1.0, 1e-9) << m;
    EXPECT_NEAR(cv_->mean_deviance[m] / value("cvm"), 1.0, 1e-9) << m;
    EXPECT_NEAR(cv_->sd_deviance[m] / value("cvsd"), 1.0, 1e-9) << m;
    EXPECT_EQ(cv_->fit.NonZero(m), static_cast<int>(value("nzero"))) << m;
  }
}

TEST_F(EwpElasticNet, RisksFrom2024MatchThePublishedForecasts) {
  const Table published = ReadTable(directory_ + "/final_forecasts_data_3Sep2025.csv");
  std::map<std::string, double> published_risk;
  std::vector<std::pair<int, std::string>> published_rank;
  for (const auto& row : published.rows) {
    const std::string& name = row[published.Column("ewp_name")];
    published_risk[name] = std::stod(row[published.Column("risk.2025and2026.from2024")]);
    published_rank.emplace_back(std::stoi(row[published.Column("rank.2025and2026.from2025")]), name);
  }
  ASSERT_EQ(forecast_->x.rows(), published_risk.size());
  std::vector<std::pair<double, std::string>> ours;
  for (std::size_t i = 0; i < forecast_->x.rows(); ++i) {
    const double link = cv_->fit.LinearPredictor(forecast_->x, i, cv_->index_min);
    const double risk = 1.0 / (1.0 + std::exp(-link));
    ours.emplace_back(risk, forecast_->names[i]);
    ASSERT_EQ(published_risk.count(forecast_->names[i]), 1u) << forecast_->names[i];
    EXPECT_EQ(Signif4(risk), published_risk[forecast_->names[i]]) << forecast_->names[i] << ": " << risk;
  }
  std::sort(ours.begin(), ours.end(), std::greater<>());
  std::sort(published_rank.begin(), published_rank.end());
  for (int rank = 0; rank < kTopCount; ++rank) {
    EXPECT_EQ(ours[static_cast<std::size_t>(rank)].second,
              published_rank[static_cast<std::size_t>(rank)].second)
        << "rank " << rank + 1;
  }
}

}  // namespace
}  // namespace tocsin::forecast
