#include "tocsin/monitor/detector_parameters.h"

#include <fmt/format.h>

#include <cmath>

namespace tocsin::monitor {
namespace {

Status ParameterError(std::string_view name, std::string why) {
  return InvalidArgumentError(fmt::format("field 'parameters.{}': {}", name, why));
}

}  // namespace

Result<double> DetectorParameters::Number(std::string_view name, std::optional<double> fallback, double low,
                                          double high) {
  read_.insert(std::string(name));
  const auto found = values_.find(name);
  if (found == values_.end()) {
    if (!fallback) return ParameterError(name, "is required");
    return *fallback;
  }
  const double* value = std::get_if<double>(&found->second);
  if (value == nullptr || !std::isfinite(*value)) return ParameterError(name, "must be a number");
  if (*value < low || *value > high)
    return ParameterError(name, fmt::format("must be within {} to {}", low, high));
  return *value;
}

Result<int> DetectorParameters::WholeNumber(std::string_view name, std::optional<int> fallback, int low, int high) {
  TOCSIN_ASSIGN_OR_RETURN(double value, Number(name, fallback ? std::optional<double>(*fallback) : std::nullopt,
                                                low, high));
  if (value != std::trunc(value)) return ParameterError(name, "must be a whole number");
  return static_cast<int>(value);
}

Result<std::string> DetectorParameters::Choice(std::string_view name, std::string_view fallback,
                                               std::span<const std::string_view> choices) {
  read_.insert(std::string(name));
  const auto found = values_.find(name);
  if (found == values_.end()) return std::string(fallback);
  const std::string* value = std::get_if<std::string>(&found->second);
  for (std::string_view choice : choices) {
    if (value != nullptr && *value == choice) return *value;
  }
  return ParameterError(name, fmt::format("must be one of {}", fmt::join(choices, ", ")));
}

Status DetectorParameters::CheckAllRead(std::string_view detector) const {
  for (const auto& [name, value] : values_) {
    if (read_.contains(name)) continue;
    return ParameterError(name, fmt::format("is not a parameter of detector '{}' (it takes {})", detector,
                                            fmt::join(read_, ", ")));
  }
  return Status::Ok();
}

}  // namespace tocsin::monitor
