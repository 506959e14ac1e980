// The helpers of test_fixtures.h (compiled into the module's test binary only).
#include "test_fixtures.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace tocsin::monitor::testing {

Event OneSidedEvent(const std::string& id, const std::string& date, std::int64_t fatalities) {
  Event event;
  event.source = "test";
  event.source_id = id;
  event.date_start = event.date_end = *ParseDate(date);
  event.country_gw = kCentralAfricanRepublic;
  event.violence_type = ViolenceType::kOneSided;
  event.fatalities_best = fatalities;
  event.origin = "test:" + id;
  return event;
}

std::vector<Rule> WeeklySurgeRule(int minimum) {
  auto rules = ParseRules(fmt::format(R"([[rule]]
name = "surge"
detector = "surge"
severity = "high"
triage_hours = 24
series = {{ place = "country", violence = ["one-sided"], period = "week", measure = "events" }}
parameters = {{ ratio = 2, baseline_periods = 4, minimum = {} }})",
                                      minimum),
                          "test.toml");
  EXPECT_TRUE(rules.ok()) << rules.status().ToString();
  return rules.ok() ? std::move(rules).value() : std::vector<Rule>();
}

}  // namespace tocsin::monitor::testing
