#include "tocsin/judge/aggregation.h"

#include <algorithm>
#include <set>

#include "tocsin/judge/agreement.h"

namespace tocsin::judge {

std::string_view ConfidenceName(Confidence confidence) {
  switch (confidence) {
    case Confidence::kLow:
      return "low";
    case Confidence::kMedium:
      return "medium";
    case Confidence::kHigh:
      return "high";
  }
  return "unknown";
}

std::optional<Confidence> ParseConfidence(std::string_view name) {
  for (Confidence confidence : {Confidence::kLow, Confidence::kMedium, Confidence::kHigh}) {
    if (ConfidenceName(confidence) == name) return confidence;
  }
  return std::nullopt;
}

std::string_view ScoreName(int score) {
  switch (score) {
    case 0:
      return "absent";
    case 1:
      return "weak";
    case 2:
      return "moderate";
    case 3:
      return "strong";
    default:
      return "invalid";
  }
}

AssessmentSummary Summarise(const Framework& framework, std::span<const IndicatorScore> scores) {
  AssessmentSummary summary;
  // indicator code -> the scores given to it
  std::map<std::string, std::vector<const IndicatorScore*>> by_indicator;
  std::set<std::string> analysts;
  for (const IndicatorScore& score : scores) {
    if (framework.FindIndicator(score.indicator) == nullptr) continue;
    by_indicator[score.indicator].push_back(&score);
    analysts.insert(score.analyst);
  }
  summary.analysts.assign(analysts.begin(), analysts.end());

  std::vector<RatedUnit> units;
  std::map<CrimeGroup, std::pair<double, int>> group_totals;
  double overall_total = 0;
  int factors_scored = 0;
  for (const Factor& factor : framework.factors()) {
    FactorSummary factor_summary;
    factor_summary.factor = factor.number;
    double consensus_total = 0;
    std::map<std::string, std::pair<double, int>> analyst_totals;
    for (const Indicator& indicator : factor.indicators) {
      const auto found = by_indicator.find(indicator.code);
      if (found == by_indicator.end()) continue;
      double weighted = 0;
      double weights = 0;
      RatedUnit unit;
      for (const IndicatorScore* score : found->second) {
        const double weight = static_cast<double>(score->confidence);
        weighted += weight * score->score;
        weights += weight;
        unit.push_back(score->score);
        auto& [sum, count] = analyst_totals[score->analyst];
        sum += score->score;
        ++count;
      }
      consensus_total += weighted / weights;
      ++factor_summary.indicators_scored;
      units.push_back(std::move(unit));
    }
    if (factor_summary.indicators_scored > 0) {
      const double score = consensus_total / factor_summary.indicators_scored;
      factor_summary.score = score;
      overall_total += score;
      ++factors_scored;
      auto& [group_sum, group_count] = group_totals[factor.group];
      group_sum += score;
      ++group_count;
    }
    for (const auto& [analyst, total] : analyst_totals) {
      factor_summary.by_analyst[analyst] = total.first / total.second;
    }
    if (factor_summary.by_analyst.size() >= 2) {
      const auto [lowest, highest] = std::minmax_element(
          factor_summary.by_analyst.begin(), factor_summary.by_analyst.end(),
          [](const auto& a, const auto& b) { return a.second < b.second; });
      factor_summary.spread = highest->second - lowest->second;
      factor_summary.analysts_disagree = factor_summary.spread >= kDisagreementSpread - kSpreadTolerance;
    }
    summary.factors.push_back(std::move(factor_summary));
  }
  if (factors_scored > 0) summary.overall = overall_total / factors_scored;
  for (const auto& [group, total] : group_totals) summary.by_group[group] = total.first / total.second;
  summary.alpha = KrippendorffAlphaOrdinal(units);
  return summary;
}

}  // namespace tocsin::judge
