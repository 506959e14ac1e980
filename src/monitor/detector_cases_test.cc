// Runs the detector cases in tests/cases/monitor/detectors/*.test: a rule and a
// series go in, the windows that fire and the alerts they merge into come out.
//
//   == rule              TOML lines of one [[rule]] (name, severity, triage_hours
//                        and series are filled in when absent)
//   == series PERIOD DATE   the values, whitespace-separated, the first in the
//                        period that holds DATE
//   == firings           "INDEX observed=O expected=E statistic=S window=W", numbers
//                        to 4 significant digits
//   == reason INDEX      the reason given for the firing at INDEX
//   == alerts            "START..END peak START..END observed=O expected=E statistic=S"
//   == error             text the rule's validation error must contain
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>

#include "test_case_file.h"
#include "tocsin/monitor/monitor.h"
#include "tocsin/monitor/rules.h"

namespace tocsin::monitor {
namespace {

namespace fs = std::filesystem;

std::string FiringLine(const Firing& firing) {
  return fmt::format("{} observed={:.4g} expected={:.4g} statistic={:.4g} window={}", firing.index, firing.observed,
                     firing.expected, firing.statistic, firing.window_periods);
}

std::string AlertLine(const Alert& alert) {
  return fmt::format("{}..{} peak {}..{} observed={:.4g} expected={:.4g} statistic={:.4g}",
                     FormatDate(alert.window_start), FormatDate(alert.window_end), FormatDate(alert.peak_start),
                     FormatDate(alert.peak_end), alert.observed, alert.expected, alert.statistic);
}

class DetectorCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(DetectorCase, FiresAsWritten) {
  std::string rule_text;
  Period period = Period::kWeek;
  DayNumber first_day = 0;
  std::vector<double> values;
  std::optional<std::vector<std::string>> expected_firings;
  std::optional<std::vector<std::string>> expected_alerts;
  std::map<std::size_t, std::string> expected_reasons;
  std::string expected_error;
  for (const auto& section : testing::ReadTestSections(GetParam())) {
    if (section.name == "rule") {
      for (const std::string& line : section.lines) rule_text += line + "\n";
    }
    if (section.name == "series") {
      period = ParsePeriod(section.argument).value_or(Period::kWeek);
      std::istringstream header(section.lines.empty() ? "" : section.lines.front());
      std::string date;
      header >> date;
      first_day = *ParseDate(date);
      for (std::size_t i = 1; i < section.lines.size(); ++i) {
        std::istringstream numbers(section.lines[i]);
        for (double value; numbers >> value;) values.push_back(value);
      }
    }
    if (section.name == "firings") expected_firings = section.lines;
    if (section.name == "alerts") expected_alerts = section.lines;
    if (section.name == "reason") expected_reasons[std::stoul(section.argument)] = section.lines.at(0);
    if (section.name == "error") expected_error = section.lines.at(0);
  }
  std::string toml = "[[rule]]\n" + rule_text;
  if (rule_text.find("name") == std::string::npos) toml += "name = \"case\"\n";
  if (rule_text.find("severity") == std::string::npos) toml += "severity = \"high\"\n";
  if (rule_text.find("triage_hours") == std::string::npos) toml += "triage_hours = 24\n";
  if (rule_text.find("series") == std::string::npos) {
    toml += fmt::format(
        "series = {{ place = \"country\", violence = [\"one-sided\"], period = \"{}\", measure = \"events\" }}\n",
        PeriodName(period));
  }
  const auto rules = ParseRules(toml, "case.toml");
  if (!expected_error.empty()) {
    ASSERT_FALSE(rules.ok());
    EXPECT_NE(rules.status().message().find(expected_error), std::string::npos) << rules.status().message();
    return;
  }
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  const Rule& rule = rules->front();
  const SeriesContext context{rule.series.measure, period, PeriodIndex(first_day, period)};
  const std::vector<Firing> firings = rule.detector->Evaluate(values, 0, context);
  if (expected_firings) {
    std::vector<std::string> lines;
    for (const Firing& firing : firings) lines.push_back(FiringLine(firing));
    EXPECT_EQ(lines, *expected_firings);
  }
  for (const auto& [index, reason] : expected_reasons) {
    // A structured binding is not captured by the lambda: clang before 16 refuses it.
    const auto found =
        std::find_if(firings.begin(), firings.end(), [at = index](const Firing& f) { return f.index == at; });
    ASSERT_NE(found, firings.end()) << "no firing at " << index;
    EXPECT_EQ(found->reason, reason);
  }
  if (expected_alerts) {
    std::vector<std::string> lines;
    for (const Alert& alert : MergeFirings(rule, Place{482, ""}, context, firings)) lines.push_back(AlertLine(alert));
    EXPECT_EQ(lines, *expected_alerts);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, DetectorCase, ::testing::ValuesIn(testing::TestCaseFiles("detectors")),
                         [](const auto& info) { return testing::CaseName(info.param); });

}  // namespace
}  // namespace tocsin::monitor
