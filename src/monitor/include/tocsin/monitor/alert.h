// Alerts: a rule's detector fired on a series, with what was observed, what was
// expected, why it fired and the events that weighed most; and what people did
// about it. States: new -> acknowledged (an owner named) -> decided (escalate to
// a case, monitor, or dismiss, with a reason). Table `alerts` (0002_events.sql);
// every change of state is also written to `alert_history`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tocsin/monitor/calendar.h"
#include "tocsin/monitor/rules.h"
#include "tocsin/monitor/series.h"
#include "tocsin/store/store.h"

namespace tocsin::monitor {

enum class AlertState : std::uint8_t { kNew = 0, kAcknowledged = 1, kDecided = 2 };
std::string_view AlertStateName(AlertState state);  // "new", "acknowledged", "decided"
std::optional<AlertState> ParseAlertState(std::string_view name);

enum class Decision : std::uint8_t { kEscalate = 0, kMonitor = 1, kDismiss = 2 };
std::string_view DecisionName(Decision decision);  // "escalate", "monitor", "dismiss"
std::optional<Decision> ParseDecision(std::string_view name);

struct Alert {
  std::int64_t id = 0;  // set by the store
  std::string rule;
  std::string detector;
  Severity severity = Severity::kMedium;
  Place place;
  std::string series;       // SeriesSpec::Describe()
  DayNumber window_start = 0;  // first day of the first window that fired
  DayNumber window_end = 0;    // last day of the last window that fired
  DayNumber peak_start = 0;    // the window with the largest statistic
  DayNumber peak_end = 0;
  DayNumber first_window_end = 0;  // when a live run would first have raised it (not stored)
  double observed = 0;  // in the peak window
  double expected = 0;
  double statistic = 0;
  std::string explanation;  // JSON: reason, statistic, windows, largest contributing events
  AlertState state = AlertState::kNew;
  std::string owner;
  std::optional<Decision> decision;
  std::string decision_reason;
  std::string raised_at;  // UTC, ISO 8601; set when first stored
  std::string triage_due;
  std::string acknowledged_at;
  std::string decided_at;
  // Access labels (migration 0005), set by the store from the events in the
  // alert's place and window: the highest label among them, and the owner and
  // case of the most restricted one. Numbers as access::Clearance stores them.
  std::int64_t label = 0;
  std::optional<std::int64_t> owner_organisation_id;
  std::optional<std::int64_t> case_id;
};

// One change of an alert's state (table alert_history).
struct AlertTransition {
  std::string at;  // UTC
  AlertState state = AlertState::kNew;
  std::string actor;
  std::string note;
};

struct AlertSaveCounts {
  std::int64_t raised = 0;     // new alerts
  std::int64_t updated = 0;    // an alert's episode grew or its figures changed
  std::int64_t unchanged = 0;
  std::vector<std::int64_t> raised_ids;   // the new alerts' ids, in the order given
  std::vector<std::int64_t> updated_ids;
};

// Stores `alerts` in one transaction. An alert is identified by (rule, place,
// window_start): an existing one keeps its id, state, owner and decision and
// takes the new window, peak, figures and explanation; identical ones are left
// alone, so evaluating the same data twice changes nothing. `raised_at` and
// `triage_due` are taken from the alert only when it is new.
// Every alert written (new or changed) takes its label, owner and case from
// the stored events of its place and window: an alert is as restricted as the
// most restricted event it was computed from.
Result<AlertSaveCounts> SaveAlerts(store::Store& store, std::span<const Alert> alerts);
// SaveAlerts inside the caller's write transaction (so that audit entries of
// the new alerts commit with them).
Result<AlertSaveCounts> SaveAlertsIn(store::Transaction& transaction, std::span<const Alert> alerts);

struct AlertFilter {
  std::optional<AlertState> state;
  std::optional<int> country_gw;
  std::optional<std::string> rule;
  std::optional<Severity> minimum_severity;
  std::optional<DayNumber> since;  // window_end on or after
  std::size_t limit = 100;
  RowFilter rows;  // only the alerts this fragment allows (a caller's visible alerts)
};

// Alerts matching `filter`, most severe first, then latest first.
Result<std::vector<Alert>> ListAlerts(store::Store& store, const AlertFilter& filter);
// Errors: NotFound "no alert N".
Result<Alert> GetAlert(store::Store& store, std::int64_t id);
// The alert's changes of state, oldest first (empty for an unknown id).
Result<std::vector<AlertTransition>> AlertHistory(store::Store& store, std::int64_t id);

// new -> acknowledged, naming the owner. Errors: NotFound; FailedPrecondition
// when the alert is not new; InvalidArgument for an empty owner.
Status AcknowledgeAlert(store::Store& store, std::int64_t id, const std::string& owner, const std::string& note = "");
// AcknowledgeAlert inside the caller's write transaction.
Status AcknowledgeAlertIn(store::Transaction& transaction, std::int64_t id, const std::string& owner,
                          const std::string& note = "");
// acknowledged -> decided. `actor` is who decided (default: the owner).
// Errors: NotFound; FailedPrecondition unless acknowledged; InvalidArgument for an empty reason.
Status DecideAlert(store::Store& store, std::int64_t id, Decision decision, const std::string& reason,
                   const std::string& actor = "");

// DecideAlert inside the caller's write transaction.
Status DecideAlertIn(store::Transaction& transaction, std::int64_t id, Decision decision, const std::string& reason,
                     const std::string& actor = "");

}  // namespace tocsin::monitor
