// What a risk model is fitted on: the target, the predictors, the rows that may
// train it, and how lambda is chosen. The default is the Early Warning Project's
// Statistical Risk Assessment (2025 edition, replication script model_3Sep2025.R).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/forecast/elastic_net.h"

namespace tocsin::forecast {

// EWP's 39 predictors in the order of its model script (the order glmnet saw).
const std::vector<std::string>& EwpPredictors();

// The models `--model` selects. kReference is EWP's model, reproduced exactly.
enum class ModelKind {
  kReference,         // "enet": lambda.min of one 10-fold CV with R's folds from `seed`
  kStableElasticNet,  // "enet-stable": lambda on the mean CV curve over `repeats` fold assignments
  kBoostedTrees,      // "xgb": gradient-boosted trees, depth and rounds chosen by inner CV
  kEnsemble,          // "ensemble": calibrated enet-stable and xgb, weight chosen by inner CV
};

// "enet", "enet-stable", "xgb" or "ensemble"; InvalidArgument otherwise.
Result<ModelKind> ParseModelKind(const std::string& name);

// EWP's 39 predictors followed by the 1- to 3-year changes of the 15 that move
// (change_variables.h): the variable set of `--changes`.
std::vector<std::string> EwpPredictorsWithChanges();

struct ModelSpecification {
  std::string model = "enet";  // a ModelKind's name
  // Recalibration fitted on out-of-fold predictions inside the training window:
  // "none", "platt" or "isotonic" (calibration.h).
  std::string calibration = "none";
  // Onset of a new mass killing in year t+1 or t+2 (EWP's `mk_onset_1or2`).
  std::string target = "mk_onset_1or2";
  std::vector<std::string> predictors = EwpPredictors();
  // A training row must have all predictors and all of these (EWP's complete-case
  // filter, which also drops the last two years, whose leads are unknown).
  std::vector<std::string> complete_columns = {"mk_onset", "mk_onset_1", "mk_onset_2", "mk_onset_1or2", "ccode",
                                               "year"};
  // The outcome columns among them: each 0, 1 or missing.
  std::vector<std::string> outcome_columns = {"mk_onset", "mk_onset_1", "mk_onset_2", "mk_onset_1or2"};
  ElasticNetOptions elastic_net;
  int folds = 10;
  // cv.glmnet's fold ids follow R's set.seed(seed); EWP uses 90035.
  std::uint32_t seed = 90035;
  // Years between the last training year and the data year forecast from: a
  // model trained on years <= T-2 is the newest whose 2-year outcomes are known.
  int training_gap = 2;
  // enet-stable: fold assignments (seeds seed, seed + 1, ...) whose CV curves are
  // averaged, so that lambda no longer rests on one draw.
  int repeats = 5;
  // Folds of the inner cross-validation that chooses xgb's settings, the ensemble's
  // weight and the calibration inside the training window.
  int inner_folds = 5;
  // ensemble: a weight on its calibrated enet-stable member fixed in advance
  // (0 to 1; the trees get the rest) instead of the one its inner CV chooses.
  std::optional<double> ensemble_weight;

  // The specification as JSON (stored with every run).
  std::string ToJson() const;
};

}  // namespace tocsin::forecast
