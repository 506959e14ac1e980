// One assessment as analysts read it: the scores, the factor and overall scores,
// agreement between analysts and where they disagree, and the data beside the
// judgement. The command line and the API show the same JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "tocsin/access/policy.h"
#include "tocsin/judge/aggregation.h"
#include "tocsin/judge/assessment_repository.h"
#include "tocsin/judge/data_bindings.h"

namespace tocsin::judge {

struct AssessmentView {
  Assessment assessment;
  AssessmentSummary summary;
  std::vector<DataBinding> bindings;
};

// `visible_events` limits the events the data beside the judgement counts to those
// the reader may read (a fragment over the `events` table; none: every event, for
// the operator of the command line). Errors: NotFound.
Result<AssessmentView> BuildAssessmentView(store::Transaction& transaction, std::int64_t id,
                                           const access::SqlFilter* visible_events = nullptr);

// {"id", "gw", "country", "region", "as_of", "label", ..., "overall", "alpha",
//  "factors": [{"factor", "name", "group", "score", "by_analyst", "spread",
//  "analysts_disagree"}], "disagreements": [...], "data": [...], "scores": [...]}
nlohmann::ordered_json AssessmentViewJson(const AssessmentView& view);

// Per-factor scores only: what the dashboard's country page shows.
nlohmann::ordered_json FactorScoresJson(const AssessmentSummary& summary);

}  // namespace tocsin::judge
