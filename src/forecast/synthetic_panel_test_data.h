// The synthetic country-year panel of the model tests: onsets depend on a (up)
// and b (down); c is noise. Made here, in C++, from a fixed seed.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "tocsin/core/panel.h"
#include "tocsin/forecast/specification.h"

namespace tocsin::forecast {

inline constexpr int kSyntheticFirstYear = 1981;
inline constexpr int kSyntheticLastYear = 2012;
inline constexpr int kSyntheticFirstCow = 100;  // country i has cow kSyntheticFirstCow + i

// `countries` countries over kSyntheticFirstYear..kSyntheticLastYear; the first
// countries are the same whatever their number.
inline Panel SyntheticPanel(int countries = 60) {
  Panel panel({"a", "b", "c", "year", "mk_onset", "mk_onset_1or2"});
  std::mt19937 generator(7);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  for (int country = 0; country < countries; ++country) {
    for (int year = kSyntheticFirstYear; year <= kSyntheticLastYear; ++year) {
      const double a = normal(generator), b = normal(generator), c = normal(generator);
      const double risk = 1 / (1 + std::exp(-(-2.5 + 1.2 * a - 0.8 * b)));
      const double onset = uniform(generator) < risk ? 1 : 0;
      EXPECT_TRUE(panel
                      .AddRow({"country " + std::to_string(country), kSyntheticFirstCow + country, year},
                              {a, b, c, static_cast<double>(year), onset, onset})
                      .ok());
    }
  }
  return panel;
}

inline ModelSpecification SyntheticSpecification(const std::string& model, const std::string& calibration) {
  ModelSpecification spec;
  spec.model = model;
  spec.calibration = calibration;
  spec.predictors = {"a", "b", "c"};
  // The trees also get change variables (as `--changes` gives them), so that the
  // tests of the models cover them too (model_choice_test: no look-ahead).
  if (model == "xgb" || model == "ensemble")
    spec.predictors.insert(spec.predictors.end(), {"a.change1", "b.change3"});
  spec.complete_columns = {"mk_onset_1or2"};
  spec.repeats = 2;
  return spec;
}

}  // namespace tocsin::forecast
