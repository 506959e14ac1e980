// A fitted risk model seen from the outside: probabilities and explanations for
// rows of predictors. The reference elastic net is scored inline by ScoreYear (so
// that its arithmetic stays glmnet's); every other model and every calibrated
// model is one of these.
#pragma once

#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/forecast/matrix.h"

namespace tocsin::forecast {

struct ModelScores {
  std::vector<double> probabilities;  // one per row
  // rows × predictors: each predictor's contribution to the row's log-odds,
  // measured from the model's own baseline (a linear model: coefficient × (value −
  // training mean); trees: TreeSHAP; a calibrated or combined model: those of its
  // members before calibration, weighted by their share).
  Matrix contributions;
};

// Immutable once fitted; Score is thread-compatible (boosted trees may not be
// scored from two threads at once).
class RiskModel {
 public:
  virtual ~RiskModel() = default;
  // Scores each row of x (the model's predictors, in order). Errors: those of the
  // underlying library, InvalidArgument for a wrong number of columns.
  virtual Result<ModelScores> Score(const Matrix& x) const = 0;
};

}  // namespace tocsin::forecast
