// The risk report: one self-contained HTML file (no scripts, no external assets)
// with the ranked forecast, drivers, big movers, ROC and calibration plots as
// inline SVG, the backtest table and the facts of the data and model.
#pragma once

#include <optional>
#include <string>

#include "tocsin/core/html.h"

#include "tocsin/store/run_repository.h"

namespace tocsin::cli {

struct ReportInput {
  store::ModelRunRecord forecast;
  std::optional<store::ModelRunRecord> previous_forecast;  // for big movers
  store::ModelRunRecord backtest;
  // The latest `backtest --compare` of the same panel, for the model comparison
  // and the reliability diagrams; absent: the section is left out.
  std::optional<store::ModelRunRecord> comparison;
  std::string panel_source;
  int panel_rows = 0;
  int panel_first_year = 0;
  int panel_last_year = 0;
};

// Renders the report. Text from the data is HTML-escaped.
std::string RenderReport(const ReportInput& input);

}  // namespace tocsin::cli
