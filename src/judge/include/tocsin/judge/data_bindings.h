// Data-bound indicators: where Tocsin holds data for a factor or indicator, the
// level the data points to (0-3, the scale analysts score on) beside the
// analysts' judgement, and whether the two disagree (docs/judgement.md,
// "Data beside judgement").
//
//   factor 1 (armed conflict)     battle deaths (state-based and non-state events)
//                                 in the 12 months to the assessment date:
//                                 0 none, 1 fewer than 25, 2 25-999, 3 1,000 or more
//   factor 2 (past violations)    the latest panel year up to the assessment year:
//                                 3 a mass killing ongoing, 2 one in the past
//                                 (mk_ever or an earlier onset), 0 none
//   indicator 8.7 (incitement)    no source yet (speech monitoring is not built)
//   indicator 8.8 (elections...)  the trigger calendar: 2 a date within 6 months
//                                 of the assessment, 1 within 12 months, 0 none
//
// Data and judgement disagree when they are kDataDisagreement or more apart.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tocsin/access/policy.h"
#include "tocsin/judge/assessment_repository.h"

namespace tocsin::judge {

inline constexpr double kDataDisagreement = 1.5;
// UCDP's thresholds: 25 battle deaths a year make an armed conflict, 1,000 a war.
inline constexpr double kArmedConflictDeaths = 25;
inline constexpr double kWarDeaths = 1000;
inline constexpr int kConflictWindowMonths = 12;
inline constexpr int kNearTriggerMonths = 6;
inline constexpr int kTriggerHorizonMonths = 12;

struct DataBinding {
  std::string target;  // "1", "2" (factors) or "8.7", "8.8" (indicators)
  std::string source;  // "events", "panel", "calendar", "speech monitoring"
  std::optional<int> level;        // none: no data to judge by
  std::string observed;            // what the data says, in words
  std::optional<double> judgement; // the analysts' consensus for the target
  bool disagrees = false;
};

// The bindings of `assessment` (its country and date) against its scores, over
// the events `visible_events` allows (none: all of them).
Result<std::vector<DataBinding>> BindData(store::Transaction& transaction, const Assessment& assessment,
                                          const AssessmentSummary& summary,
                                          const access::SqlFilter* visible_events = nullptr);

}  // namespace tocsin::judge
