#include "tocsin/forecast/gradient_boosting.h"

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <limits>
#include <string>

namespace tocsin::forecast {
namespace {

Status XgboostError(std::string_view what) {
  return InternalError(fmt::format("xgboost: {}: {}", what, XGBGetLastError()));
}

// XGBoost takes row-major float data; NaN marks a missing value.
class DataMatrix {
 public:
  DataMatrix() = default;
  DataMatrix(const DataMatrix&) = delete;
  DataMatrix& operator=(const DataMatrix&) = delete;
  ~DataMatrix() {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
  }

  Status Build(const Matrix& x) {
    std::vector<float> rows(x.rows() * x.cols());
    for (std::size_t i = 0; i < x.rows(); ++i) {
      for (std::size_t j = 0; j < x.cols(); ++j) rows[i * x.cols() + j] = static_cast<float>(x(i, j));
    }
    if (XGDMatrixCreateFromMat(rows.data(), x.rows(), x.cols(), std::numeric_limits<float>::quiet_NaN(), &handle_) != 0) {
      return XgboostError("creating the data matrix");
    }
    return Status::Ok();
  }
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

Status SetParameter(BoosterHandle booster, const char* name, const std::string& value) {
  if (XGBoosterSetParam(booster, name, value.c_str()) != 0) return XgboostError(fmt::format("parameter {}", name));
  return Status::Ok();
}

}  // namespace

GradientBoostingModel::GradientBoostingModel(GradientBoostingModel&& other) noexcept { *this = std::move(other); }

GradientBoostingModel& GradientBoostingModel::operator=(GradientBoostingModel&& other) noexcept {
  if (this != &other) {
    if (booster_ != nullptr) XGBoosterFree(booster_);
    booster_ = std::exchange(other.booster_, nullptr);
    columns_ = other.columns_;
  }
  return *this;
}

GradientBoostingModel::~GradientBoostingModel() {
  if (booster_ != nullptr) XGBoosterFree(booster_);
}

Result<GradientBoostingModel> GradientBoostingModel::Fit(const Matrix& x, std::span<const double> y,
                                                         const GradientBoostingOptions& options) {
  if (x.rows() != y.size() || x.rows() == 0) {
    return InvalidArgumentError(fmt::format("gradient boosting: {} rows of predictors but {} outcomes", x.rows(), y.size()));
  }
  if (!options.monotone.empty() && options.monotone.size() != x.cols()) {
    return InvalidArgumentError(fmt::format("gradient boosting: {} monotone constraints for {} predictors",
                                            options.monotone.size(), x.cols()));
  }
  std::vector<float> labels(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1) return InvalidArgumentError(fmt::format("gradient boosting: outcome {} is {}, not 0 or 1", i, y[i]));
    labels[i] = static_cast<float>(y[i]);
  }
  DataMatrix train;
  TOCSIN_RETURN_IF_ERROR(train.Build(x));
  if (XGDMatrixSetFloatInfo(train.get(), "label", labels.data(), labels.size()) != 0) return XgboostError("labels");

  GradientBoostingModel model;
  model.columns_ = x.cols();
  const DMatrixHandle matrices[] = {train.get()};
  BoosterHandle booster = nullptr;
  if (XGBoosterCreate(matrices, 1, &booster) != 0) return XgboostError("creating the booster");
  model.booster_ = booster;
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "objective", "binary:logistic"));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "tree_method", "hist"));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "eta", fmt::format("{}", options.learning_rate)));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "max_depth", std::to_string(options.max_depth)));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "min_child_weight", fmt::format("{}", options.min_child_weight)));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "subsample", fmt::format("{}", options.subsample)));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "colsample_bytree", fmt::format("{}", options.column_subsample)));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "lambda", fmt::format("{}", options.l2)));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "seed", std::to_string(options.seed)));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "nthread", std::to_string(std::max(1, options.threads))));
  TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "verbosity", "0"));
  if (!options.monotone.empty()) {
    std::string constraints = "(";
    for (std::size_t j = 0; j < options.monotone.size(); ++j) {
      constraints += (j ? "," : "") + std::to_string(options.monotone[j]);
    }
    TOCSIN_RETURN_IF_ERROR(SetParameter(booster, "monotone_constraints", constraints + ")"));
  }
  for (int round = 0; round < options.rounds; ++round) {
    if (XGBoosterUpdateOneIter(booster, round, train.get()) != 0) return XgboostError("boosting");
  }
  return model;
}

Result<std::vector<double>> GradientBoostingModel::Predict(const Matrix& x) const {
  if (x.cols() != columns_) {
    return InvalidArgumentError(fmt::format("gradient boosting: model has {} predictors, data {}", columns_, x.cols()));
  }
  DataMatrix data;
  TOCSIN_RETURN_IF_ERROR(data.Build(x));
  bst_ulong length = 0;
  const float* result = nullptr;
  if (XGBoosterPredict(booster_, data.get(), 0, 0, 0, &length, &result) != 0) return XgboostError("predicting");
  return std::vector<double>(result, result + length);
}

Result<Matrix> GradientBoostingModel::Contributions(const Matrix& x) const {
  if (x.cols() != columns_) {
    return InvalidArgumentError(fmt::format("gradient boosting: model has {} predictors, data {}", columns_, x.cols()));
  }
  DataMatrix data;
  TOCSIN_RETURN_IF_ERROR(data.Build(x));
  constexpr int kContributions = 4;  // XGBoosterPredict's option bit for pred_contribs
  bst_ulong length = 0;
  const float* result = nullptr;
  if (XGBoosterPredict(booster_, data.get(), kContributions, 0, 0, &length, &result) != 0) {
    return XgboostError("computing contributions");
  }
  const std::size_t width = columns_ + 1;
  if (length != x.rows() * width) return InternalError("xgboost: unexpected size of the contribution output");
  Matrix contributions(x.rows(), width);
  for (std::size_t i = 0; i < x.rows(); ++i) {
    for (std::size_t j = 0; j < width; ++j) contributions(i, j) = result[i * width + j];
  }
  return contributions;
}

}  // namespace tocsin::forecast
