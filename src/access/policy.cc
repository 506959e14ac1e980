#include "tocsin/access/policy.h"

#include <algorithm>

namespace tocsin::access {
namespace {

using enum Role;
using enum Resource;
using enum Action;
using enum Scope;

// The permission table. docs/security.md states the same table for people, and
// the server's authorization-matrix test reads it from there, so the two cannot
// drift apart. Anything not listed is denied.
constexpr Grant kGrants[] = {
    // analyst: reads the analytic records of their organisation and labels them
    {kAnalyst, kCountry, kRead, kOwnOrganisation},
    {kAnalyst, kPanel, kRead, kOwnOrganisation},
    {kAnalyst, kForecast, kRead, kOwnOrganisation},
    {kAnalyst, kForecast, kUpdate, kOwnOrganisation},
    {kAnalyst, kBacktest, kRead, kOwnOrganisation},
    {kAnalyst, kBacktest, kUpdate, kOwnOrganisation},
    // coordinator: as an analyst (the response records come with the respond module)
    {kCoordinator, kCountry, kRead, kOwnOrganisation},
    {kCoordinator, kPanel, kRead, kOwnOrganisation},
    {kCoordinator, kForecast, kRead, kOwnOrganisation},
    {kCoordinator, kForecast, kUpdate, kOwnOrganisation},
    {kCoordinator, kBacktest, kRead, kOwnOrganisation},
    {kCoordinator, kBacktest, kUpdate, kOwnOrganisation},
    // case officer: reads the analysis behind their cases
    {kCaseOfficer, kCountry, kRead, kOwnOrganisation},
    {kCaseOfficer, kPanel, kRead, kOwnOrganisation},
    {kCaseOfficer, kForecast, kRead, kOwnOrganisation},
    {kCaseOfficer, kBacktest, kRead, kOwnOrganisation},
    // partner viewer: reads finished products shared with them, not raw panels
    {kPartnerViewer, kCountry, kRead, kOwnOrganisation},
    {kPartnerViewer, kForecast, kRead, kOwnOrganisation},
    {kPartnerViewer, kBacktest, kRead, kOwnOrganisation},
    // org admin: manages the accounts of their own organisation
    {kOrganisationAdmin, kCountry, kRead, kOwnOrganisation},
    {kOrganisationAdmin, kUser, kRead, kOwnOrganisation},
    {kOrganisationAdmin, kUser, kCreate, kOwnOrganisation},
    {kOrganisationAdmin, kUser, kUpdate, kOwnOrganisation},
    {kOrganisationAdmin, kOrganisation, kRead, kOwnOrganisation},
    // system admin: manages organisations and accounts, but reads no analysis
    {kSystemAdmin, kCountry, kRead, kOwnOrganisation},
    {kSystemAdmin, kUser, kRead, kAllOrganisations},
    {kSystemAdmin, kUser, kCreate, kAllOrganisations},
    {kSystemAdmin, kUser, kUpdate, kAllOrganisations},
    {kSystemAdmin, kOrganisation, kRead, kAllOrganisations},
    {kSystemAdmin, kOrganisation, kCreate, kAllOrganisations},
    {kSystemAdmin, kOrganisation, kUpdate, kAllOrganisations},
    // auditor: reads the audit log and who is who everywhere; analysis of their own organisation
    {kAuditor, kCountry, kRead, kOwnOrganisation},
    {kAuditor, kPanel, kRead, kOwnOrganisation},
    {kAuditor, kForecast, kRead, kOwnOrganisation},
    {kAuditor, kBacktest, kRead, kOwnOrganisation},
    {kAuditor, kUser, kRead, kAllOrganisations},
    {kAuditor, kOrganisation, kRead, kAllOrganisations},
    {kAuditor, kAuditLog, kRead, kAllOrganisations},
    // events, series and alerts: analysts and coordinators submit events and
    // triage alerts; case officers and auditors read them; partner viewers see
    // the derived series and the alerts, not the raw events
    {kAnalyst, kEvent, kRead, kOwnOrganisation},
    {kAnalyst, kEvent, kCreate, kOwnOrganisation},
    {kAnalyst, kSeries, kRead, kOwnOrganisation},
    {kAnalyst, kAlert, kRead, kOwnOrganisation},
    {kAnalyst, kAlert, kUpdate, kOwnOrganisation},
    {kCoordinator, kEvent, kRead, kOwnOrganisation},
    {kCoordinator, kEvent, kCreate, kOwnOrganisation},
    {kCoordinator, kSeries, kRead, kOwnOrganisation},
    {kCoordinator, kAlert, kRead, kOwnOrganisation},
    {kCoordinator, kAlert, kUpdate, kOwnOrganisation},
    {kCaseOfficer, kEvent, kRead, kOwnOrganisation},
    {kCaseOfficer, kSeries, kRead, kOwnOrganisation},
    {kCaseOfficer, kAlert, kRead, kOwnOrganisation},
    {kPartnerViewer, kSeries, kRead, kOwnOrganisation},
    {kPartnerViewer, kAlert, kRead, kOwnOrganisation},
    {kAuditor, kEvent, kRead, kOwnOrganisation},
    {kAuditor, kSeries, kRead, kOwnOrganisation},
    {kAuditor, kAlert, kRead, kOwnOrganisation},
    // every role manages its own API tokens
    {kAnalyst, kApiToken, kCreate, kOwnOrganisation},
    {kAnalyst, kApiToken, kDelete, kOwnOrganisation},
    {kCoordinator, kApiToken, kCreate, kOwnOrganisation},
    {kCoordinator, kApiToken, kDelete, kOwnOrganisation},
    {kCaseOfficer, kApiToken, kCreate, kOwnOrganisation},
    {kCaseOfficer, kApiToken, kDelete, kOwnOrganisation},
    {kPartnerViewer, kApiToken, kCreate, kOwnOrganisation},
    {kPartnerViewer, kApiToken, kDelete, kOwnOrganisation},
    {kOrganisationAdmin, kApiToken, kCreate, kOwnOrganisation},
    {kOrganisationAdmin, kApiToken, kDelete, kOwnOrganisation},
    {kSystemAdmin, kApiToken, kCreate, kOwnOrganisation},
    {kSystemAdmin, kApiToken, kDelete, kOwnOrganisation},
    {kAuditor, kApiToken, kCreate, kOwnOrganisation},
    {kAuditor, kApiToken, kDelete, kOwnOrganisation},
    // structured expert judgement: analysts and coordinators assess, keep the trigger
    // calendar, ask, forecast and resolve; case officers, partner viewers and auditors
    // read assessments; case officers and auditors read the pool's questions
    {kAnalyst, kAssessment, kRead, kOwnOrganisation},
    {kAnalyst, kAssessment, kCreate, kOwnOrganisation},
    {kAnalyst, kAssessment, kUpdate, kOwnOrganisation},
    {kAnalyst, kQuestion, kRead, kOwnOrganisation},
    {kAnalyst, kQuestion, kCreate, kOwnOrganisation},
    {kAnalyst, kQuestion, kUpdate, kOwnOrganisation},
    {kCoordinator, kAssessment, kRead, kOwnOrganisation},
    {kCoordinator, kAssessment, kCreate, kOwnOrganisation},
    {kCoordinator, kAssessment, kUpdate, kOwnOrganisation},
    {kCoordinator, kQuestion, kRead, kOwnOrganisation},
    {kCoordinator, kQuestion, kCreate, kOwnOrganisation},
    {kCoordinator, kQuestion, kUpdate, kOwnOrganisation},
    {kCaseOfficer, kAssessment, kRead, kOwnOrganisation},
    {kCaseOfficer, kQuestion, kRead, kOwnOrganisation},
    {kPartnerViewer, kAssessment, kRead, kOwnOrganisation},
    {kAuditor, kAssessment, kRead, kOwnOrganisation},
    {kAuditor, kQuestion, kRead, kOwnOrganisation},
    // the response workflow: coordinators run it, case officers work cases and tasks,
    // analysts propose and read, partner viewers read and acknowledge what is shared
    // with them, auditors read
    {kAnalyst, kWatchlist, kRead, kOwnOrganisation},
    {kAnalyst, kWatchlist, kCreate, kOwnOrganisation},
    {kAnalyst, kCase, kRead, kOwnOrganisation},
    {kAnalyst, kOption, kRead, kOwnOrganisation},
    {kAnalyst, kTask, kRead, kOwnOrganisation},
    {kAnalyst, kDecision, kRead, kOwnOrganisation},
    {kAnalyst, kGapReport, kRead, kOwnOrganisation},
    {kCoordinator, kWatchlist, kRead, kOwnOrganisation},
    {kCoordinator, kWatchlist, kCreate, kOwnOrganisation},
    {kCoordinator, kWatchlist, kUpdate, kOwnOrganisation},
    {kCoordinator, kCase, kRead, kOwnOrganisation},
    {kCoordinator, kCase, kCreate, kOwnOrganisation},
    {kCoordinator, kCase, kUpdate, kOwnOrganisation},
    {kCoordinator, kOption, kRead, kOwnOrganisation},
    {kCoordinator, kOption, kCreate, kOwnOrganisation},
    {kCoordinator, kTask, kRead, kOwnOrganisation},
    {kCoordinator, kTask, kCreate, kOwnOrganisation},
    {kCoordinator, kTask, kUpdate, kOwnOrganisation},
    {kCoordinator, kDecision, kRead, kOwnOrganisation},
    {kCoordinator, kDecision, kCreate, kOwnOrganisation},
    {kCoordinator, kGapReport, kRead, kOwnOrganisation},
    {kCoordinator, kBrief, kRead, kOwnOrganisation},
    {kCoordinator, kBrief, kCreate, kOwnOrganisation},
    {kCaseOfficer, kWatchlist, kRead, kOwnOrganisation},
    {kCaseOfficer, kCase, kRead, kOwnOrganisation},
    {kCaseOfficer, kCase, kCreate, kOwnOrganisation},
    {kCaseOfficer, kCase, kUpdate, kOwnOrganisation},
    {kCaseOfficer, kOption, kRead, kOwnOrganisation},
    {kCaseOfficer, kTask, kRead, kOwnOrganisation},
    {kCaseOfficer, kTask, kCreate, kOwnOrganisation},
    {kCaseOfficer, kTask, kUpdate, kOwnOrganisation},
    {kCaseOfficer, kDecision, kRead, kOwnOrganisation},
    {kCaseOfficer, kDecision, kCreate, kOwnOrganisation},
    {kCaseOfficer, kGapReport, kRead, kOwnOrganisation},
    {kCaseOfficer, kBrief, kRead, kOwnOrganisation},
    {kCaseOfficer, kBrief, kCreate, kOwnOrganisation},
    {kPartnerViewer, kCase, kRead, kOwnOrganisation},
    {kPartnerViewer, kOption, kRead, kOwnOrganisation},
    {kPartnerViewer, kTask, kRead, kOwnOrganisation},
    {kPartnerViewer, kTask, kUpdate, kOwnOrganisation},
    {kPartnerViewer, kDecision, kRead, kOwnOrganisation},
    {kAuditor, kWatchlist, kRead, kOwnOrganisation},
    {kAuditor, kCase, kRead, kOwnOrganisation},
    {kAuditor, kOption, kRead, kOwnOrganisation},
    {kAuditor, kTask, kRead, kOwnOrganisation},
    {kAuditor, kDecision, kRead, kOwnOrganisation},
    {kAuditor, kGapReport, kRead, kOwnOrganisation},
    {kAuditor, kBrief, kRead, kOwnOrganisation},
};

Decision Allow() {
  return {true, Denial::kNone};
}
Decision Deny(Denial denial) {
  return {false, denial};
}

bool SharedWith(const RecordLabel& record, OrganisationId organisation) {
  return std::find(record.shared_with.begin(), record.shared_with.end(), organisation) !=
         record.shared_with.end();
}

}  // namespace

std::span<const Grant> Grants() {
  return kGrants;
}

bool Principal::HasRole(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Principal::OnCase(CaseId case_id) const {
  return std::find(cases.begin(), cases.end(), case_id) != cases.end();
}

Scope GrantedScope(const Principal& principal, Action action, Resource resource) {
  Scope widest = kNone;
  for (const Grant& grant : kGrants) {
    if (grant.action == action && grant.resource == resource && principal.HasRole(grant.role)) {
      widest = std::max(widest, grant.scope);
    }
  }
  return widest;
}

Decision DecideRole(const Principal& principal, Action action, Resource resource) {
  if (!principal.authenticated()) return Deny(Denial::kNotAuthenticated);
  if (GrantedScope(principal, action, resource) == kNone) return Deny(Denial::kRoleDenies);
  return Allow();
}

Decision Decide(const Principal& principal, Action action, Resource resource, const RecordLabel& record) {
  if (const Decision role = DecideRole(principal, action, resource); !role) return role;
  if (principal.clearance < record.label) return Deny(Denial::kClearanceTooLow);
  const bool everywhere = GrantedScope(principal, action, resource) == kAllOrganisations;
  const bool held =
      !record.owner || *record.owner == principal.organisation || SharedWith(record, principal.organisation);
  if (!everywhere && !held) return Deny(Denial::kOtherOrganisation);
  if (record.case_id && !principal.OnCase(*record.case_id)) return Deny(Denial::kNotOnCase);
  return Allow();
}

Decision DecideGrant(const Principal& principal, std::span<const Role> roles, Clearance clearance) {
  if (!principal.authenticated()) return Deny(Denial::kNotAuthenticated);
  if (clearance > principal.clearance) return Deny(Denial::kGrantAboveOwn);
  const bool reserved = std::any_of(roles.begin(), roles.end(), [](Role role) {
    return role == Role::kSystemAdmin || role == Role::kAuditor;
  });
  if (reserved && !principal.HasRole(Role::kSystemAdmin)) return Deny(Denial::kGrantAboveOwn);
  return Allow();
}

SqlFilter SqlFilterFor(const Principal& principal, Action action, Resource resource,
                       const RecordColumns& columns) {
  SqlFilter filter;
  if (!DecideRole(principal, action, resource)) {
    filter.sql = "(FALSE)";
    return filter;
  }
  if (columns.fixed_label && principal.clearance < *columns.fixed_label) {
    filter.sql = "(FALSE)";
    return filter;
  }
  filter.sql = "(TRUE";
  if (!columns.label.empty()) {
    filter.sql.append(" AND ").append(columns.label).append(" <= ?");
    filter.params.emplace_back(static_cast<std::int64_t>(principal.clearance));
  }
  if (!columns.owner.empty() && GrantedScope(principal, action, resource) != kAllOrganisations) {
    filter.sql.append(" AND (").append(columns.owner).append(" IS NULL OR ").append(columns.owner);
    filter.sql.append(" = ? OR EXISTS (SELECT 1 FROM record_shares WHERE record_shares.resource = ?");
    filter.sql.append(" AND record_shares.record_id = ").append(columns.id);
    filter.sql.append(" AND record_shares.organisation_id = ?))");
    filter.params.emplace_back(principal.organisation.value());
    filter.params.emplace_back(static_cast<std::int64_t>(columns.shares_of.value_or(resource)));
    filter.params.emplace_back(principal.organisation.value());
  }
  if (!columns.case_id.empty()) {
    filter.sql.append(" AND (").append(columns.case_id).append(" IS NULL");
    if (!principal.cases.empty()) {
      filter.sql.append(" OR ").append(columns.case_id).append(" IN (");
      for (std::size_t i = 0; i < principal.cases.size(); ++i) {
        filter.sql.append(i == 0 ? "?" : ", ?");
        filter.params.emplace_back(principal.cases[i].value());
      }
      filter.sql.append(")");
    }
    filter.sql.append(")");
  }
  filter.sql.append(")");
  return filter;
}

std::string_view DenialName(Denial denial) {
  switch (denial) {
    case Denial::kNone:
      return "allowed";
    case Denial::kNotAuthenticated:
      return "not authenticated";
    case Denial::kRoleDenies:
      return "role does not permit";
    case Denial::kClearanceTooLow:
      return "clearance below label";
    case Denial::kOtherOrganisation:
      return "another organisation's record";
    case Denial::kNotOnCase:
      return "not a member of the record's case";
    case Denial::kGrantAboveOwn:
      return "grants more than the caller holds";
  }
  return "unknown";
}

}  // namespace tocsin::access
