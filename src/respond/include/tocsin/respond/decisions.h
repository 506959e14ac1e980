// Decisions on a case: what was decided, who decided it, when, why, and which
// signals (alerts, forecast runs, watchlist entries) were on the table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/respond/records.h"

namespace tocsin::respond {

struct Signal {
  std::string kind = {};  // "alert", "forecast", "watchlist"
  std::int64_t id = 0;
};
// "alert:3" -> {alert, 3}. Errors: InvalidArgument.
Result<Signal> ParseSignal(std::string_view text);

struct DecisionRecord {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string what = {};
  std::string who = {};  // who decided (a person or a body)
  std::string why = {};
  std::string decided_at = {};
  std::vector<Signal> signals = {};
  access::Clearance label = access::Clearance::kConfidential;
  std::string recorded_by = {};
  std::string recorded_at = {};
  SharedWith shared_with = {};  // besides the case's lead organisation
};

struct NewDecision {
  std::int64_t case_id = 0;
  std::string what = {};
  std::string who = {};
  std::string why = {};
  std::string decided_at = {};  // default: the clock's now
  std::vector<Signal> signals = {};
  std::optional<access::Clearance> label = {};  // default: the case's label
  std::vector<access::OrganisationId> shared_with = {};  // besides the case's lead organisation
};

// Errors: NotFound (case); PermissionDenied; InvalidArgument (empty what, who or
// why; a signal of an unknown kind or that does not exist; an organisation to
// share with that does not exist).
Result<DecisionRecord> RecordDecision(store::Transaction& transaction, const Context& context,
                                      const NewDecision& request);

Result<std::vector<DecisionRecord>> ListDecisions(store::Transaction& transaction, const Context& context,
                                                  std::optional<std::int64_t> case_id = std::nullopt);

}  // namespace tocsin::respond
