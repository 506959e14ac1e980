#include "tocsin/judge/assessment_view.h"

#include <fmt/format.h>

#include <cmath>

#include "tocsin/core/country_registry.h"

namespace tocsin::judge {
namespace {

// Scores are shown to three decimals: enough to check by hand, no false precision.
constexpr double kShownPrecision = 1000.0;

nlohmann::ordered_json Rounded(std::optional<double> value) {
  if (!value) return nullptr;
  return std::round(*value * kShownPrecision) / kShownPrecision;
}

}  // namespace

Result<AssessmentView> BuildAssessmentView(store::Transaction& transaction, std::int64_t id,
                                           const access::SqlFilter* visible_events) {
  AssessmentView view;
  TOCSIN_ASSIGN_OR_RETURN(view.assessment, LoadAssessment(transaction, id));
  const std::vector<IndicatorScore> scores = ScoresOf(view.assessment);
  view.summary = Summarise(Framework::Default(), scores);
  TOCSIN_ASSIGN_OR_RETURN(view.bindings,
                          BindData(transaction, view.assessment, view.summary, visible_events));
  return view;
}

nlohmann::ordered_json FactorScoresJson(const AssessmentSummary& summary) {
  nlohmann::ordered_json factors = nlohmann::ordered_json::array();
  for (const FactorSummary& factor : summary.factors) {
    const Factor* described = Framework::Default().FindFactor(factor.factor);
    nlohmann::ordered_json by_analyst = nlohmann::ordered_json::object();
    for (const auto& [analyst, score] : factor.by_analyst) by_analyst[analyst] = Rounded(score);
    factors.push_back({{"factor", factor.factor},
                       {"name", described->name},
                       {"group", CrimeGroupName(described->group)},
                       {"score", Rounded(factor.score)},
                       {"indicators_scored", factor.indicators_scored},
                       {"by_analyst", std::move(by_analyst)},
                       {"spread", Rounded(factor.spread)},
                       {"analysts_disagree", factor.analysts_disagree}});
  }
  return factors;
}

nlohmann::ordered_json AssessmentViewJson(const AssessmentView& view) {
  const Assessment& assessment = view.assessment;
  const Country* country = CountryRegistry::Default().ByGw(assessment.gw);
  nlohmann::ordered_json disagreements = nlohmann::ordered_json::array();
  for (const FactorSummary& factor : view.summary.factors) {
    if (!factor.analysts_disagree) continue;
    std::string scores;
    for (const auto& [analyst, score] : factor.by_analyst) {
      scores += fmt::format("{}{} {:.2f}", scores.empty() ? "" : ", ", analyst, score);
    }
    disagreements.push_back(
        {{"factor", factor.factor},
         {"spread", Rounded(factor.spread)},
         {"explanation", fmt::format("analysts disagree on factor {} (spread {:.2f}): {}", factor.factor,
                                     factor.spread, scores)}});
  }
  nlohmann::ordered_json data = nlohmann::ordered_json::array();
  for (const DataBinding& binding : view.bindings) {
    nlohmann::ordered_json item = {{"target", binding.target},
                                   {"source", binding.source},
                                   {"level", binding.level ? nlohmann::ordered_json(*binding.level) : nullptr},
                                   {"observed", binding.observed},
                                   {"judgement", Rounded(binding.judgement)},
                                   {"disagrees", binding.disagrees}};
    if (binding.disagrees) {
      item["explanation"] = fmt::format("data and judgement disagree on {}: the data says {}, the analysts {:.2f}",
                                        binding.target, *binding.level, *binding.judgement);
    }
    data.push_back(std::move(item));
  }
  nlohmann::ordered_json scores = nlohmann::ordered_json::array();
  for (const StoredScore& stored : assessment.scores) {
    nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
    for (const Evidence& link : stored.entry.evidence) {
      evidence.push_back({{"kind", link.kind}, {"reference", link.reference}});
    }
    scores.push_back({{"analyst", stored.analyst_name},
                      {"indicator", stored.entry.indicator},
                      {"score", stored.entry.score},
                      {"confidence", ConfidenceName(stored.entry.confidence)},
                      {"note", stored.entry.note},
                      {"evidence", std::move(evidence)},
                      {"scored_at", stored.scored_at}});
  }
  nlohmann::ordered_json groups = nlohmann::ordered_json::object();
  for (const auto& [group, score] : view.summary.by_group) groups[std::string(CrimeGroupName(group))] = Rounded(score);
  return {{"id", assessment.id},
          {"gw", assessment.gw},
          {"country", country != nullptr ? country->name : ""},
          {"region", assessment.region},
          {"as_of", assessment.as_of},
          {"title", assessment.title},
          {"label", access::ClearanceName(assessment.label.label)},
          {"created_by", assessment.created_by},
          {"created_at", assessment.created_at},
          {"analysts", view.summary.analysts},
          {"overall", Rounded(view.summary.overall)},
          {"by_group", std::move(groups)},
          {"alpha", Rounded(view.summary.alpha)},
          {"factors", FactorScoresJson(view.summary)},
          {"disagreements", std::move(disagreements)},
          {"data", std::move(data)},
          {"scores", std::move(scores)}};
}

}  // namespace tocsin::judge
