#include "tocsin/forecast/change_variables.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace tocsin::forecast {
namespace {

constexpr std::string_view kSuffix = ".change";
constexpr int kLongestSpan = 10;

struct ChangeVariable {
  std::string name;
  std::size_t variable = 0;  // panel column it is the change of
  int years = 0;
};

// "x.change3" -> ("x", 3); nullopt for any other name.
std::optional<std::pair<std::string_view, int>> ParseChangeName(std::string_view name) {
  const std::size_t at = name.rfind(kSuffix);
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  const std::string_view digits = name.substr(at + kSuffix.size());
  int years = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), years);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (years < 1 || years > kLongestSpan) return std::nullopt;
  return std::pair{name.substr(0, at), years};
}

}  // namespace

std::string ChangeVariableName(std::string_view variable, int years) {
  return fmt::format("{}{}{}", variable, kSuffix, years);
}

const std::vector<std::string>& ChangePredictors() {
  static const std::vector<std::string> kNames = [] {
    const std::vector<std::string> moving = {
        "religiousfreedom",      "pol_killing_approved", "freediscussion",    "social_inequality",
        "even_civilrights",      "repress_civilsoc",     "social_power_dist", "ses_power_dist",
        "gdppcgrowth",           "un_imr_sqrt",          "discrimpop",        "battledeaths.log2",
        "mk_ongoing_count_log2", "judicialreform",       "minorityrule"};
    std::vector<std::string> result;
    for (int years = 1; years <= 3; ++years) {
      for (const std::string& variable : moving) result.push_back(ChangeVariableName(variable, years));
    }
    return result;
  }();
  return kNames;
}

Result<std::optional<Panel>> AddChangeVariables(const Panel& panel, std::span<const std::string> names) {
  std::vector<ChangeVariable> changes;
  for (const std::string& name : names) {
    if (panel.Variable(name).ok()) continue;
    const auto parsed = ParseChangeName(name);
    if (!parsed) continue;  // not a change variable: whoever reads it reports it missing
    const auto variable = panel.Variable(parsed->first);
    if (!variable.ok()) {
      return NotFoundError(fmt::format("{}: change variable '{}' needs column '{}', which the panel lacks",
                                       panel.source.empty() ? "panel" : panel.source, name, parsed->first));
    }
    changes.push_back({name, *variable, parsed->second});
  }
  if (changes.empty()) return std::optional<Panel>();

  std::vector<std::string> variables = panel.variables();
  for (const ChangeVariable& change : changes) variables.push_back(change.name);
  Panel result(std::move(variables));
  result.source = panel.source;
  result.data_hash = panel.data_hash;
  const std::size_t width = panel.variables().size();
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    const PanelKey& key = panel.key(row);
    std::vector<double> values(width + changes.size());
    for (std::size_t j = 0; j < width; ++j) values[j] = panel.value(row, j);
    for (std::size_t c = 0; c < changes.size(); ++c) {
      const double now = panel.value(row, changes[c].variable);
      const std::ptrdiff_t earlier_row = panel.Find(key.cow, key.year - changes[c].years);
      const double earlier = earlier_row < 0
                                 ? std::numeric_limits<double>::quiet_NaN()
                                 : panel.value(static_cast<std::size_t>(earlier_row), changes[c].variable);
      values[width + c] = std::isnan(now) ? now : std::isnan(earlier) ? 0.0 : now - earlier;
    }
    TOCSIN_RETURN_IF_ERROR(result.AddRow(key, std::move(values)));
  }
  return std::optional<Panel>(std::move(result));
}

}  // namespace tocsin::forecast
