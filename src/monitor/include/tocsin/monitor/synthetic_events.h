// Synthetic events for scale tests, clearly labelled: every row's id starts with
// "syn-", its conflict name is "SYNTHETIC" and its source field says it was
// generated. Written in the UCDP GED 23.1 layout (49 columns), so the GED reader
// and any GED tool read them.
//
// They follow the real data's shape, not its facts: countries in proportion to
// their UCDP fatalities in the VIEWS country-month features (2017-11..2020-10);
// violence types and heavy-tailed fatalities resampled from the real GED
// extracts; events in bursts of a few days to weeks in one province (temporal
// and spatial clustering), provinces of a country used with Zipf-like weights.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/monitor/event.h"

namespace tocsin::monitor {

struct SyntheticSources {
  std::vector<Event> templates;                      // real events: type and fatalities are resampled
  std::vector<std::pair<int, double>> country_weights;  // GW number, weight
};

// Reads the templates from the GED extracts in DATA/events and the country
// weights from DATA/views/views_cm_features_m455_m490.csv.gz. Errors: NotFound
// naming a missing file.
Result<SyntheticSources> LoadSyntheticSources(const std::string& data_directory);

struct SyntheticGedOptions {
  std::uint64_t rows = 10'000'000;
  std::uint64_t seed = 20131205;        // the same seed writes the same file
  int first_year = 1989;
  int last_year = 2023;
  double mean_burst_events = 25;        // events per burst (geometric)
  double mean_burst_days = 6;           // spread of a burst's dates (exponential)
  int provinces_per_country = 16;
};

// Writes `options.rows` events to `path` (CSV, plain). Memory does not grow with rows.
Status WriteSyntheticGed(const std::string& path, const SyntheticSources& sources, const SyntheticGedOptions& options);

}  // namespace tocsin::monitor
