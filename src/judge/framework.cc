#include "tocsin/judge/framework.h"

#include <fmt/format.h>

#include <cstdlib>
#include <cstdio>

#include "tocsin/core/csv_reader.h"

namespace tocsin::judge {

extern const std::string_view kEmbedded0;  // data/framework.csv

namespace {

constexpr int kFactorCount = 14;

Result<CrimeGroup> ParseGroup(std::string_view name, const std::string& where) {
  for (CrimeGroup group : {CrimeGroup::kCommon, CrimeGroup::kGenocide, CrimeGroup::kCrimesAgainstHumanity,
                           CrimeGroup::kWarCrimes}) {
    if (CrimeGroupName(group) == name) return group;
  }
  return InvalidArgumentError(fmt::format(
      "{}: unknown group '{}'; use common, genocide, crimes against humanity or war crimes", where, name));
}

}  // namespace

std::string_view CrimeGroupName(CrimeGroup group) {
  switch (group) {
    case CrimeGroup::kCommon:
      return "common";
    case CrimeGroup::kGenocide:
      return "genocide";
    case CrimeGroup::kCrimesAgainstHumanity:
      return "crimes against humanity";
    case CrimeGroup::kWarCrimes:
      return "war crimes";
  }
  return "unknown";
}

Result<Framework> Framework::Parse(std::string_view name, std::string_view csv_text) {
  TOCSIN_ASSIGN_OR_RETURN(CsvReader reader,
                          CsvReader::FromString(std::string(name), std::string(csv_text), {.missing_values = {}}));
  TOCSIN_ASSIGN_OR_RETURN(const auto columns, reader.Columns({"code", "group", "text"}));
  Framework framework;
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(const bool more, reader.Next());
    if (!more) break;
    const std::string code(reader.Field(columns[0]));
    const std::string text(reader.Field(columns[2]));
    const std::string where = reader.Location(columns[0]);
    if (text.empty()) return InvalidArgumentError(fmt::format("{}: '{}' has no text", where, code));
    const std::size_t dot = code.find('.');
    if (dot == std::string::npos) {
      const int number = std::atoi(code.c_str());
      if (number != static_cast<int>(framework.factors_.size()) + 1) {
        return InvalidArgumentError(
            fmt::format("{}: factor '{}' out of order; expected {}", where, code, framework.factors_.size() + 1));
      }
      TOCSIN_ASSIGN_OR_RETURN(const CrimeGroup group, ParseGroup(reader.Field(columns[1]), where));
      framework.factors_.push_back({.number = number, .name = text, .group = group, .indicators = {}});
      continue;
    }
    const int factor = std::atoi(code.substr(0, dot).c_str());
    const int position = std::atoi(code.substr(dot + 1).c_str());
    if (framework.factors_.empty() || factor != framework.factors_.back().number ||
        position != static_cast<int>(framework.factors_.back().indicators.size()) + 1) {
      return InvalidArgumentError(
          fmt::format("{}: indicator '{}' does not follow its factor's row or previous indicator", where, code));
    }
    framework.factors_.back().indicators.push_back({.code = code, .factor = factor, .text = text});
  }
  if (framework.factors_.size() != kFactorCount) {
    return InvalidArgumentError(
        fmt::format("{}: {} factors; the Framework has {}", name, framework.factors_.size(), kFactorCount));
  }
  for (const Factor& factor : framework.factors_) {
    if (factor.indicators.empty()) {
      return InvalidArgumentError(fmt::format("{}: factor {} has no indicators", name, factor.number));
    }
  }
  return framework;
}

const Framework& Framework::Default() {
  static const Framework kFramework = [] {
    auto parsed = Parse("framework.csv", kEmbedded0);
    if (!parsed.ok()) {
      std::fprintf(stderr, "tocsin: embedded framework.csv is invalid: %s\n", parsed.status().ToString().c_str());
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return kFramework;
}

const Factor* Framework::FindFactor(int number) const {
  if (number < 1 || number > static_cast<int>(factors_.size())) return nullptr;
  return &factors_[number - 1];
}

const Indicator* Framework::FindIndicator(std::string_view code) const {
  for (const Factor& factor : factors_) {
    for (const Indicator& indicator : factor.indicators) {
      if (indicator.code == code) return &indicator;
    }
  }
  return nullptr;
}

std::size_t Framework::indicator_count() const {
  std::size_t count = 0;
  for (const Factor& factor : factors_) count += factor.indicators.size();
  return count;
}

}  // namespace tocsin::judge
