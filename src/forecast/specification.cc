#include "tocsin/forecast/specification.h"

#include <nlohmann/json.hpp>

#include "tocsin/forecast/change_variables.h"

namespace tocsin::forecast {

const std::vector<std::string>& EwpPredictors() {
  // Three predictors a line, as EWP lists them.
  // clang-format off
  static const std::vector<std::string> kPredictors = {
      "widetargeting",      "narrowtargeting",      "v2csgender_binary",
      "v2mecenefm_binary",  "partyban.new.0",       "partyban.new.1",
      "partyban.new.2",     "minorityrule",         "judicialreform",
      "religiousfreedom",   "pol_killing_approved", "freediscussion",
      "social_inequality",  "even_civilrights",     "repress_civilsoc",
      "social_power_dist",  "ses_power_dist",       "popsize.log2",
      "gdppcgrowth",        "un_imr_sqrt",          "efindex",
      "discrimpop",         "reg.na",               "reg.eap",
      "reg.sca",            "reg.mna",              "reg.eur",
      "ios.iccpr1",         "battledeaths.log2",    "coup.try.5yr",
      "mk_ongoing_count_log2", "mean_mk_onset_interaction", "mk_onset_prev_year",
      "newcountry",         "mk_ever",              "year_sq",
      "year",               "countryage.new.log2",  "includesnonstate"};
  // clang-format on
  return kPredictors;
}

Result<ModelKind> ParseModelKind(const std::string& name) {
  if (name == "enet") return ModelKind::kReference;
  if (name == "enet-stable") return ModelKind::kStableElasticNet;
  if (name == "xgb") return ModelKind::kBoostedTrees;
  if (name == "ensemble") return ModelKind::kEnsemble;
  return InvalidArgumentError("model '" + name + "': use enet, enet-stable, xgb or ensemble");
}

std::vector<std::string> EwpPredictorsWithChanges() {
  std::vector<std::string> predictors = EwpPredictors();
  const auto& changes = ChangePredictors();
  predictors.insert(predictors.end(), changes.begin(), changes.end());
  return predictors;
}

std::string ModelSpecification::ToJson() const {
  nlohmann::json json = {
      {"model", model},
      {"target", target},
      {"predictors", predictors},
      {"complete_columns", complete_columns},
      {"alpha", elastic_net.alpha},
      {"lambda_count", elastic_net.lambda_count},
      {"tolerance", elastic_net.tolerance},
      {"folds", folds},
      {"seed", seed},
      {"training_gap", training_gap},
  };
  // The reference's record stays as it was; the other models add their settings.
  if (model != "enet" || calibration != "none") {
    json["calibration"] = calibration;
    json["repeats"] = repeats;
    json["inner_folds"] = inner_folds;
  }
  if (ensemble_weight) json["ensemble_weight"] = *ensemble_weight;
  return json.dump();
}

}  // namespace tocsin::forecast
