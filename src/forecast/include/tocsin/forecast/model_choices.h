// What a fit chose inside its training window: enough to fit the same model
// again on other rows without choosing again, as the bootstrap intervals of
// risk_interval.h do on resampled rows.
#pragma once

#include <optional>
#include <vector>

namespace tocsin::forecast {

// One of the settings of xgb's trees that its inner cross-validation tries.
struct TreeSetting {
  int max_depth = 0;
  int rounds = 0;
  double learning_rate = 0;
};

struct ModelChoices {
  // The elastic nets' lambda (enet: lambda.min), and the ensemble's enet-stable member's.
  double lambda = 0;
  // xgb's setting, and the ensemble's trees member's; empty for the elastic nets.
  std::optional<TreeSetting> trees;
  // The ensemble's weight on its calibrated enet-stable member; the trees get the rest.
  double linear_weight = 0;
  // enet: the fold of each training row (from a fold file or R's generator), which
  // chose lambda.min and made the out-of-fold predictions its calibration rests on.
  // The other models draw theirs from the specification's seed.
  std::vector<int> fold_ids;
};

}  // namespace tocsin::forecast
