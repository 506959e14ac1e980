// From analysts' indicator scores to factor scores, an overall score, agreement
// between analysts and the factors they disagree on (docs/judgement.md,
// "Aggregation").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/judge/framework.h"

namespace tocsin::judge {

// An indicator is scored 0 absent, 1 weak, 2 moderate, 3 strong.
inline constexpr int kLowestScore = 0;
inline constexpr int kHighestScore = 3;

// Stored as numbers; never renumbered. The number is also the weight a score
// carries in the consensus.
enum class Confidence : std::uint8_t { kLow = 1, kMedium = 2, kHigh = 3 };

std::string_view ConfidenceName(Confidence confidence);  // "low", "medium", "high"
std::optional<Confidence> ParseConfidence(std::string_view name);
std::string_view ScoreName(int score);  // "absent", "weak", "moderate", "strong"

// Analysts whose scores of one factor are this far apart (on the 0-3 scale,
// highest minus lowest of their factor means) disagree: half the scale, i.e.
// at least "absent" against "moderate" or "weak" against "strong".
inline constexpr double kDisagreementSpread = 1.5;
// Means of a few scores are fractions (8/3 - 7/6 is 1.4999999999999998 in
// doubles): spreads are compared with this much allowance, far below any
// difference scores on a 0-3 scale can make.
inline constexpr double kSpreadTolerance = 1e-9;

struct IndicatorScore {
  std::string analyst;
  std::string indicator;  // "7.3"
  int score = 0;
  Confidence confidence = Confidence::kMedium;
};

struct FactorSummary {
  int factor = 0;
  // Mean over the factor's scored indicators of each indicator's consensus: the
  // confidence-weighted mean of the analysts' scores of that indicator.
  std::optional<double> score;
  int indicators_scored = 0;
  // Each analyst's plain mean over the indicators of this factor they scored.
  std::map<std::string, double> by_analyst;
  double spread = 0;  // highest minus lowest of by_analyst
  bool analysts_disagree = false;  // two or more analysts and spread >= kDisagreementSpread
};

struct AssessmentSummary {
  std::vector<FactorSummary> factors;  // all 14, in order
  std::optional<double> overall;       // mean of the scored factors' scores
  std::map<CrimeGroup, double> by_group;  // mean of the group's scored factors
  // Krippendorff's alpha (ordinal) over the indicators two or more analysts scored.
  std::optional<double> alpha;
  std::vector<std::string> analysts;  // sorted
};

// Summarises `scores` (one per analyst and indicator; scores of unknown
// indicators are ignored, callers validate them on entry).
AssessmentSummary Summarise(const Framework& framework, std::span<const IndicatorScore> scores);

}  // namespace tocsin::judge
