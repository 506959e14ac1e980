// A detector's parameters as a rule file gives them, read with checks whose
// errors name the parameter: "field 'parameters.ratio': must be within 1 to 100".
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "tocsin/core/result.h"

namespace tocsin::monitor {

// Not thread-safe (reading marks a parameter used).
class DetectorParameters {
 public:
  void Set(std::string name, double value) { values_[std::move(name)] = value; }
  void Set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }

  // The number named `name` within [low, high]; `fallback` when absent, or an
  // error "is required" when there is no fallback.
  Result<double> Number(std::string_view name, std::optional<double> fallback, double low, double high);
  // As Number, for a whole number.
  Result<int> WholeNumber(std::string_view name, std::optional<int> fallback, int low, int high);
  // One of `choices`, or `fallback` when absent.
  Result<std::string> Choice(std::string_view name, std::string_view fallback,
                             std::span<const std::string_view> choices);

  // InvalidArgument naming a parameter nothing read (a typo, most likely) and
  // listing those `detector` takes.
  Status CheckAllRead(std::string_view detector) const;

 private:
  std::map<std::string, std::variant<double, std::string>, std::less<>> values_;
  std::set<std::string, std::less<>> read_;
};

}  // namespace tocsin::monitor
