// Scores as `tocsin assess score` takes them: from flags or from a CSV file,
// each fault named where it is (the flag, or the file, line and column).
#pragma once

#include <string>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/judge/assessment_repository.h"
#include "tocsin/store/store.h"

namespace tocsin::cli {

// "low", "medium" or "high"; `where` names the flag or cell for the error.
Result<judge::Confidence> ConfidenceFlag(const std::string& text, const std::string& where);

// Evidence references (http(s) URLs, event:ID, alert:ID, report:ID).
Result<std::vector<judge::Evidence>> EvidenceList(const std::vector<std::string>& texts,
                                                  const std::string& where);

// Scores from a CSV with columns analyst, indicator, score, confidence and,
// optionally, evidence (space-separated) and note; one row per analyst and
// indicator.
Result<std::vector<judge::ScoreEntry>> ScoresFromFile(store::Transaction& transaction,
                                                      const std::string& path);

}  // namespace tocsin::cli
