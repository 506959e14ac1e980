// Change variables: how much a predictor moved in a country over the last few
// years, e.g. "repress_civilsoc.change3" = repression of civil society in year t
// minus its value in year t-3. Mass killing tends to follow deterioration, which a
// level alone does not show. Each is computed from the country's own earlier rows,
// so a forecast from data year T uses nothing after T.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/panel.h"
#include "tocsin/core/result.h"

namespace tocsin::forecast {

// "<variable>.change<years>".
std::string ChangeVariableName(std::string_view variable, int years);

// The changes `--changes` adds to EWP's predictors: each of EWP's predictors that
// moves from year to year (ratings, rates, counts; not the binary indicators,
// regions or calendar) over 1, 2 and 3 years.
const std::vector<std::string>& ChangePredictors();

// `panel` with a column for each name in `names` that is a change variable
// ("<variable>.change<k>", k from 1 to 10) not already in it: the variable's value
// in the row's year minus its value k years before in the same country; 0 when
// that earlier row or value is absent (no change is known), missing when the
// row's own value is. Rows keep their order. nullopt when nothing is to be added.
// Errors: NotFound naming a change variable whose variable the panel lacks.
Result<std::optional<Panel>> AddChangeVariables(const Panel& panel, std::span<const std::string> names);

}  // namespace tocsin::forecast
