// Escalation rules: which detector watches which series, how severe a firing is,
// and how soon someone must triage it. Read from a TOML file:
//
//   [[rule]]
//   name = "surge-lethal-weekly"           # unique; alerts are keyed by it
//   description = "..."                    # optional
//   detector = "surge"                     # surge | exceedance | cusum | resumption | threshold
//   severity = "medium"                    # low | medium | high | critical
//   triage_hours = 72                      # the alert must be acknowledged within this time
//   series = { place = "country",          # country | admin1
//              violence = ["state-based", "non-state", "one-sided"],
//              period = "week",            # day | week | month
//              measure = "events",         # events | fatalities
//              source = "ucdp-ged" }       # optional: only this source's events
//   parameters = { ratio = 2, baseline_periods = 4, minimum = 5 }   # the detector's
//
// Every error names the rule and the field: "rules.toml: rule 'x' (#2): field
// 'series.period': must be day, week or month".
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/monitor/detector.h"
#include "tocsin/monitor/series.h"

namespace tocsin::monitor {

// Stored by name; the order is the order of urgency.
enum class Severity : std::uint8_t { kLow = 0, kMedium = 1, kHigh = 2, kCritical = 3 };
std::string_view SeverityName(Severity severity);  // "low", "medium", "high", "critical"
std::optional<Severity> ParseSeverity(std::string_view name);

struct Rule {
  std::string name;
  std::string description;
  SeriesSpec series;
  Severity severity = Severity::kMedium;
  int triage_hours = 0;
  std::shared_ptr<const Detector> detector;  // shared: rules are copied freely, detectors are immutable
};

// Parses rules from TOML text; `file_name` stands for the file in errors.
Result<std::vector<Rule>> ParseRules(std::string_view text, std::string_view file_name);
// Reads and parses a rules file. Errors: NotFound, or ParseRules' errors.
Result<std::vector<Rule>> LoadRules(const std::string& path);

// The rules that ship with Tocsin (src/monitor/rules/default_rules.toml).
std::string_view DefaultRulesText();
Result<std::vector<Rule>> DefaultRules();
// The rules `tocsin replay` compares (src/monitor/rules/replay_rules.toml):
// every detector on the series of a `surge` baseline.
std::string_view ReplayRulesText();
Result<std::vector<Rule>> ReplayRules();

}  // namespace tocsin::monitor
