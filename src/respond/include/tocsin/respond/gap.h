// The warning-to-response gap, measured from the records: for each alert and
// case, time to owner, time to decision and time from decision to the first
// completed task; per organisation, overdue tasks; the share of the top-30
// forecast countries and of watchlist countries with an active preventive
// option. Only records the caller may read count.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/respond/records.h"

namespace tocsin::respond {

struct AlertGap {
  std::int64_t alert_id = 0;
  int gw = 0;
  std::string country = {};
  std::string raised_at = {};
  std::string triage_due = {};
  std::string owner = {};
  std::optional<double> hours_to_owner = {};  // raised -> owner named (acknowledged)
  std::optional<bool> owner_within_deadline = {};
  std::optional<double> hours_to_decision = {};  // raised -> first decision that cites it or its case
  std::optional<double> hours_decision_to_first_completed_task = {};
};

struct CaseGap {
  std::int64_t case_id = 0;
  std::string title = {};
  int gw = 0;
  std::string start = {};  // its origin alert's raising, else its opening
  std::optional<double> hours_to_owner = {};  // start -> case opened with a named lead
  std::optional<double> hours_to_decision = {};
  std::optional<double> hours_decision_to_first_completed_task = {};
  int tasks = 0;
  int tasks_done = 0;
  int tasks_overdue = 0;
};

struct OrganisationGap {
  std::string organisation = {};
  int open_tasks = 0;  // open or acknowledged
  int overdue_tasks = 0;
  int escalated_tasks = 0;
};

struct Coverage {
  int countries = 0;
  int with_active_option = 0;
  std::optional<double> share = {};  // none when there are no countries
  std::vector<std::string> without_option = {};  // names, for the report
};

struct GapReport {
  std::string period = {};  // "2026Q1", or "all"
  std::string from = {};    // inclusive, UTC
  std::string to = {};      // exclusive, UTC
  std::string generated_at = {};
  std::string maximum_label = {};  // the highest label included
  std::vector<AlertGap> alerts = {};
  std::vector<CaseGap> cases = {};
  std::vector<OrganisationGap> organisations = {};
  Coverage top30 = {};
  Coverage watchlist = {};
  std::optional<std::int64_t> forecast_run_id = {};  // the run top30 was taken from
};

struct GapOptions {
  std::optional<std::string> quarter = {};  // "2026Q1": alerts raised and cases opened in it
  // A shareable version: nothing above this label, whatever the caller's clearance.
  std::optional<access::Clearance> maximum_label = {};
  int top = 30;
};

// Errors: PermissionDenied (role); InvalidArgument (a malformed quarter).
Result<GapReport> ComputeGap(store::Transaction& transaction, const Context& context, const GapOptions& options);

nlohmann::json GapReportJson(const GapReport& report);
// A self-contained page (no script; every text escaped).
std::string GapReportHtml(const GapReport& report);

}  // namespace tocsin::respond
