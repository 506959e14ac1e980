// Cases: a situation under active attention (a country, or a region of one)
// with a lead organisation and case lead, members (need-to-know), a label, a
// status (watch -> preventive action -> crisis response -> closed) and a
// timeline that merges its signals and its actions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/respond/records.h"

namespace tocsin::respond {

enum class CaseStatus : std::uint8_t { kWatch, kPreventiveAction, kCrisisResponse, kClosed };
// "watch", "preventive action", "crisis response", "closed".
std::string_view CaseStatusName(CaseStatus status);
// As CaseStatusName writes it; '-' and '_' may stand for the space.
std::optional<CaseStatus> ParseCaseStatus(std::string_view name);

struct Case {
  std::int64_t id = 0;
  std::string title = {};
  int gw = 0;
  std::string country = {};  // the registry's name
  std::string admin1 = {};   // '' for the whole country
  CaseStatus status = CaseStatus::kWatch;
  access::Clearance label = access::Clearance::kConfidential;
  access::OrganisationId lead_organisation = {};
  std::string lead_organisation_name = {};
  std::optional<access::UserId> lead_user = {};
  std::string lead_user_name = {};
  std::optional<std::int64_t> origin_alert_id = {};
  std::string opened_at = {};
  std::string closed_at = {};
  std::vector<std::string> members = {};  // login names
  SharedWith shared_with = {};            // besides the lead organisation
};

struct NewCase {
  std::string title = {};
  int gw = 0;
  std::string admin1 = {};
  access::Clearance label = access::Clearance::kConfidential;
  std::optional<std::int64_t> origin_alert_id = {};  // the alert that prompted it
  std::string lead_user = {};                        // login name; default: the caller
  std::vector<std::string> members = {};             // login names besides the caller and the lead
  std::vector<access::OrganisationId> shared_with = {};
  std::string reason = {};
};

// Opens a case owned by the caller's organisation, with the caller and the lead
// as members. Errors: PermissionDenied (role, or a label above the caller's
// clearance); InvalidArgument (unknown country, user or alert; empty title).
Result<Case> OpenCase(store::Transaction& transaction, const Context& context, const NewCase& request);

// One case the caller may read. Errors: NotFound.
Result<Case> GetCase(store::Transaction& transaction, const Context& context, std::int64_t id);

struct CaseFilter {
  std::optional<CaseStatus> status = {};
  std::optional<int> gw = {};
};
// The cases the caller may read, newest first.
Result<std::vector<Case>> ListCases(store::Transaction& transaction, const Context& context,
                                    const CaseFilter& filter = {});

// Adds a member (need-to-know). Errors: NotFound, PermissionDenied, InvalidArgument (unknown user).
Status AddCaseMember(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                     const std::string& user_name, const std::string& reason);

// Moves a case to `status` (closing it ends its active options; the status it
// has already is no change). Errors: NotFound, PermissionDenied,
// FailedPrecondition for a closed case, or for closing one with open tasks.
Status SetCaseStatus(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                     CaseStatus status, const std::string& reason);

struct TimelineEntry {
  std::string at = {};
  std::string kind = {};  // opened, status, member, option, task, decision, escalation, brief, alert, forecast
  std::string text = {};
  std::string actor = {};
};
// The case's actions merged with its signals (its origin alert, the alerts and
// forecasts its decisions cite), oldest first. Errors: NotFound.
Result<std::vector<TimelineEntry>> CaseTimeline(store::Transaction& transaction, const Context& context,
                                                std::int64_t case_id);

}  // namespace tocsin::respond
