// Replay evaluation: the rules run over history exactly as they would have run
// live (every detector sees only periods up to the one it judges), scored
//   - by alerts per country-year;
//   - by precision against a stated definition of escalation: an alert is
//     followed by escalation when at least `escalation_fatalities` civilians
//     are killed in one-sided violence in the country within `horizon_days`
//     after the alert is raised (the end of its first firing window);
//   - by lead time before the mass-killing onsets of the Early Warning Project
//     that the data cover: the onset is dated to the day one-sided fatalities
//     since 1 January of the onset year reach EWP's threshold of 1,000 (or 31
//     December when the data never reach it), and the lead time is from the
//     first alert in the year before that day.
// Inputs: the stored events, or the VIEWS country-month fatality files (monthly
// fatality rules only: state-based 2018-01..2024-04, one-sided and non-state
// 2017-11..2020-10).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tocsin/monitor/calendar.h"
#include "tocsin/monitor/rules.h"
#include "tocsin/store/store.h"

namespace tocsin::monitor {

// A mass-killing onset from EWP's list.
struct Onset {
  std::string code;  // mk_event_code, e.g. "caf2013ns1"
  std::string country;
  int country_gw = 0;
  int year = 0;
};

// Reads EWP's mk_events CSV (mk_location_cow, startyear), COW codes mapped to GW.
Result<std::vector<Onset>> LoadMassKillingOnsets(const std::string& path);

struct ReplayOptions {
  std::optional<DayNumber> from;  // score alerts raised on or after (default: the data's start)
  std::optional<DayNumber> to;    // use data up to (default: the data's end)
  int horizon_days = 28;
  double escalation_fatalities = 25;
  double onset_fatalities = 1000;  // EWP's definition of a mass killing
  int lead_window_days = 365;
};

struct OnsetResult {
  Onset onset;
  DayNumber dated = 0;            // the onset's date in the data (see above)
  bool threshold_reached = false;  // false: dated to 31 December
  std::optional<int> lead_days;    // nullopt: no alert in the year before
};

struct RuleReplay {
  std::string rule;
  std::string detector;
  std::size_t alerts = 0;
  std::size_t scored = 0;          // alerts whose horizon the data cover
  std::size_t followed = 0;        // of those, followed by escalation
  double country_years = 0;
  std::vector<OnsetResult> onsets;

  double precision() const { return scored == 0 ? 0 : static_cast<double>(followed) / scored; }
  double alerts_per_country_year() const { return country_years == 0 ? 0 : alerts / country_years; }
};

struct ReplayReport {
  std::string input;  // what was replayed
  DayNumber from = 0;
  DayNumber to = 0;
  std::size_t countries = 0;
  double escalation_base_rate = 0;  // share of country-periods followed by escalation: precision by chance
  std::vector<RuleReplay> rules;
};

// Replays `rules` over the stored events.
Result<ReplayReport> ReplayStoredEvents(store::Store& store, std::span<const Rule> rules,
                                        std::span<const Onset> onsets, const ReplayOptions& options);

// Replays the monthly fatality rules among `rules` over the VIEWS files in
// `views_directory`; other rules are skipped (VIEWS has fatalities per month only).
Result<ReplayReport> ReplayViews(const std::string& views_directory, std::span<const Rule> rules,
                                 std::span<const Onset> onsets, const ReplayOptions& options);

}  // namespace tocsin::monitor
