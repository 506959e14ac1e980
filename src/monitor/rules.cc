#include "tocsin/monitor/rules.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "tocsin/core/toml_text.h"

namespace tocsin::monitor {

extern const std::string_view kEmbedded0;  // rules/default_rules.toml, embedded by CMake
extern const std::string_view kEmbedded1;  // rules/replay_rules.toml

namespace {

constexpr std::array<std::string_view, 4> kSeverityNames = {"low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 7> kRuleFields = {"name",     "description",  "detector",  "severity",
                                                         "triage_hours", "series", "parameters"};
constexpr std::array<std::string_view, 5> kSeriesFields = {"place", "violence", "period", "measure", "source"};
constexpr std::int64_t kLongestTriageHours = 24 * 365;

Status FieldError(std::string_view field, std::string why) {
  return InvalidArgumentError(fmt::format("field '{}': {}", field, why));
}

Result<std::string> RequiredText(const toml::table& table, std::string_view field, std::string_view prefix = "") {
  const toml::node* node = table.get(field);
  const std::string path = std::string(prefix) + std::string(field);
  if (node == nullptr) return FieldError(path, "is required");
  const auto value = node->value<std::string>();
  if (!value || value->empty()) return FieldError(path, "must be non-empty text");
  return *value;
}

Status CheckFields(const toml::table& table, std::span<const std::string_view> allowed, std::string_view prefix) {
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    return FieldError(std::string(prefix) + std::string(key.str()),
                      fmt::format("is not a field here (one of {})", fmt::join(allowed, ", ")));
  }
  return Status::Ok();
}

Result<SeriesSpec> ParseSeries(const toml::node* node) {
  if (node == nullptr) return FieldError("series", "is required");
  const toml::table* table = node->as_table();
  if (table == nullptr) return FieldError("series", "must be a table { place = ..., period = ..., ... }");
  TOCSIN_RETURN_IF_ERROR(CheckFields(*table, kSeriesFields, "series."));
  SeriesSpec spec;
  TOCSIN_ASSIGN_OR_RETURN(std::string place, RequiredText(*table, "place", "series."));
  const auto level = ParsePlaceLevel(place);
  if (!level) return FieldError("series.place", "must be country or admin1");
  spec.level = *level;
  TOCSIN_ASSIGN_OR_RETURN(std::string period_name, RequiredText(*table, "period", "series."));
  const auto period = ParsePeriod(period_name);
  if (!period) return FieldError("series.period", "must be day, week or month");
  spec.period = *period;
  TOCSIN_ASSIGN_OR_RETURN(std::string measure_name, RequiredText(*table, "measure", "series."));
  const auto measure = ParseMeasure(measure_name);
  if (!measure) return FieldError("series.measure", "must be events or fatalities");
  spec.measure = *measure;
  const toml::array* violence = table->get_as<toml::array>("violence");
  if (violence == nullptr || violence->empty()) {
    return FieldError("series.violence", "must be a non-empty list of violence types");
  }
  spec.violence = 0;
  for (const toml::node& item : *violence) {
    const auto type = ParseViolenceType(item.value<std::string>().value_or(""));
    if (!type) {
      return FieldError("series.violence", "must list state-based, non-state, one-sided, protest or other");
    }
    spec.violence |= ViolenceBit(*type);
  }
  if (table->contains("source")) {
    TOCSIN_ASSIGN_OR_RETURN(std::string source, RequiredText(*table, "source", "series."));
    spec.source = source;
  }
  return spec;
}

Result<DetectorParameters> ParseParameters(const toml::node* node) {
  DetectorParameters parameters;
  if (node == nullptr) return parameters;
  const toml::table* table = node->as_table();
  if (table == nullptr) return FieldError("parameters", "must be a table { name = value, ... }");
  for (const auto& [key, value] : *table) {
    std::string name(key.str());
    if (value.is_number()) {
      parameters.Set(name, *value.value<double>());
    } else if (value.is_string()) {
      parameters.Set(name, *value.value<std::string>());
    } else {
      return FieldError("parameters." + name, "must be a number or text");
    }
  }
  return parameters;
}

Result<Rule> ParseRule(const toml::table& table) {
  TOCSIN_RETURN_IF_ERROR(CheckFields(table, kRuleFields, ""));
  Rule rule;
  TOCSIN_ASSIGN_OR_RETURN(rule.name, RequiredText(table, "name"));
  if (table.contains("description")) {
    TOCSIN_ASSIGN_OR_RETURN(rule.description, RequiredText(table, "description"));
  }
  TOCSIN_ASSIGN_OR_RETURN(std::string detector, RequiredText(table, "detector"));
  TOCSIN_ASSIGN_OR_RETURN(std::string severity, RequiredText(table, "severity"));
  const auto parsed_severity = ParseSeverity(severity);
  if (!parsed_severity) return FieldError("severity", "must be low, medium, high or critical");
  rule.severity = *parsed_severity;
  const auto triage = table.get("triage_hours") ? table.get("triage_hours")->value<std::int64_t>() : std::nullopt;
  if (!triage || *triage < 1 || *triage > kLongestTriageHours) {
    return FieldError("triage_hours", fmt::format("must be a whole number of hours from 1 to {}", kLongestTriageHours));
  }
  rule.triage_hours = static_cast<int>(*triage);
  TOCSIN_ASSIGN_OR_RETURN(rule.series, ParseSeries(table.get("series")));
  TOCSIN_ASSIGN_OR_RETURN(DetectorParameters parameters, ParseParameters(table.get("parameters")));
  TOCSIN_ASSIGN_OR_RETURN(std::unique_ptr<Detector> made, MakeDetector(detector, std::move(parameters)));
  rule.detector = std::move(made);
  return rule;
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  const auto index = static_cast<std::size_t>(severity);
  return index < kSeverityNames.size() ? kSeverityNames[index] : "?";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

Result<std::vector<Rule>> ParseRules(std::string_view text, std::string_view file_name) {
  // toml++ is given ASCII only (toml_text.h says why); strings read the same.
  TOCSIN_ASSIGN_OR_RETURN(const std::string ascii, AsciiTomlText(text, file_name));
  toml::parse_result parsed = toml::parse(ascii, file_name);
  if (!parsed) {
    const toml::parse_error& error = parsed.error();
    return InvalidArgumentError(fmt::format("{}:{}:{}: {}", file_name, error.source().begin.line,
                                            error.source().begin.column, error.description()));
  }
  const toml::table& root = parsed.table();
  for (const auto& [key, node] : root) {
    if (key.str() != "rule") {
      return InvalidArgumentError(fmt::format("{}: '{}' is not a section of a rules file (write [[rule]] tables)",
                                              file_name, key.str()));
    }
  }
  const toml::array* tables = root.get_as<toml::array>("rule");
  if (tables == nullptr || tables->empty()) {
    return InvalidArgumentError(fmt::format("{}: no [[rule]] tables", file_name));
  }
  std::vector<Rule> rules;
  std::set<std::string> names;
  for (std::size_t i = 0; i < tables->size(); ++i) {
    const toml::table* table = (*tables)[i].as_table();
    const std::string label = [&] {
      const auto name = table != nullptr && table->get("name") ? table->get("name")->value<std::string>() : std::nullopt;
      return name ? fmt::format("rule '{}' (#{})", *name, i + 1) : fmt::format("rule #{}", i + 1);
    }();
    if (table == nullptr) return InvalidArgumentError(fmt::format("{}: {}: must be a table", file_name, label));
    auto rule = ParseRule(*table);
    if (!rule.ok()) return rule.status().WithContext(fmt::format("{}: {}", file_name, label));
    if (!names.insert(rule->name).second) {
      return InvalidArgumentError(fmt::format("{}: {}: field 'name': another rule has this name", file_name, label));
    }
    rules.push_back(std::move(rule).value());
  }
  return rules;
}

Result<std::vector<Rule>> LoadRules(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open the rules file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseRules(text.str(), path);
}

std::string_view DefaultRulesText() { return kEmbedded0; }

Result<std::vector<Rule>> DefaultRules() { return ParseRules(DefaultRulesText(), "default_rules.toml"); }

std::string_view ReplayRulesText() { return kEmbedded1; }

Result<std::vector<Rule>> ReplayRules() { return ParseRules(ReplayRulesText(), "replay_rules.toml"); }

}  // namespace tocsin::monitor
