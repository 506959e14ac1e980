// Alerts: a rule's detector fired on a series, with what was observed, what was
// expected, why it fired and the events that weighed most; and what people did
// about it. States: new -> acknowledged (an owner named) -> decided (escalate to
// a case, monitor, or dismiss, with a reason). Table `alerts` (0002_events.sql);
// every change of state is also written to `alert_history`.
#pragma once

#include <cstdint>
#include <limits>
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

// Alert::support_start of an alert whose detector reads the whole history.
inline constexpr DayNumber kWholeHistory = std::numeric_limits<DayNumber>::min();

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
  // The first day of the events its figures read: its windows and the periods
  // before them its detector reads (kWholeHistory: all before them).
  DayNumber support_start = kWholeHistory;
  // Set when the events no longer support the alert (or it was merged into
  // another): it is kept, with its triage, but no longer stands.
  std::string withdrawn_at;
  std::string withdrawn_reason;
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
  std::int64_t updated = 0;    // an alert's episode grew, its figures changed, or it stands again
  std::int64_t unchanged = 0;
  std::int64_t withdrawn = 0;             // no longer supported by the events, or merged into another
  std::vector<std::int64_t> raised_ids;   // the new alerts' ids, in the order given
  std::vector<std::int64_t> updated_ids;  // every stored alert changed: updated and withdrawn
};

// What an evaluation covered: the stored alerts its result speaks for. An alert
// of one of `rules`, in one of `countries` (any when empty), whose window ends
// on or after `from` and on or before `to` (when given), that the evaluation
// did not find again is no longer supported by the events.
struct AlertScope {
  std::vector<std::string> rules;
  std::vector<int> countries;
  std::optional<DayNumber> from;
  std::optional<DayNumber> to;
  std::string actor = "tocsin monitor";  // who the alerts' history names
};

// Stores `alerts` in one transaction. An alert is the episode of its rule and
// place: a new one that overlaps a stored one of the same rule and place (its
// episode grew, forwards or backwards) updates it, and the stored alert keeps
// its id, state, owner and decision and takes the new windows, figures and
// explanation; identical ones are left alone, so evaluating the same data twice
// changes nothing. When the new episode joins several stored alerts, the one
// furthest in triage stays and the others are withdrawn, "merged into" it.
// `raised_at` and `triage_due` are taken from the alert only when it is new.
// Given `scope`, `alerts` is the whole result of an evaluation over it: a stored
// alert in scope that it does not hold is withdrawn (kept, with its triage, as
// no longer supported by the events), and one found again stands again.
// Every alert found takes its label, owner and case from the stored events of
// its place from its support_start to its window's end: an alert is as
// restricted as the most restricted event its figures read.
Result<AlertSaveCounts> SaveAlerts(store::Store& store, std::span<const Alert> alerts);
// SaveAlerts inside the caller's write transaction (so that audit entries of
// the new alerts commit with them).
Result<AlertSaveCounts> SaveAlertsIn(store::Transaction& transaction, std::span<const Alert> alerts,
                                     const AlertScope* scope = nullptr);

// Takes again the label, owner and case of every alert of country `gw` from its
// events (after an event's label changed).
Status RelabelAlertsIn(store::Transaction& transaction, int gw);

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

// new -> acknowledged, naming the owner. `actor` is who acknowledged it, as the
// history names them (default: the owner, taking it). Errors: NotFound;
// FailedPrecondition when the alert is not new; InvalidArgument for an empty owner.
Status AcknowledgeAlert(store::Store& store, std::int64_t id, const std::string& owner,
                        const std::string& note = "", const std::string& actor = "");
// AcknowledgeAlert inside the caller's write transaction.
Status AcknowledgeAlertIn(store::Transaction& transaction, std::int64_t id, const std::string& owner,
                          const std::string& note = "", const std::string& actor = "");
// acknowledged -> decided. `actor` is who decided (default: the owner).
// Errors: NotFound; FailedPrecondition unless acknowledged; InvalidArgument for an empty reason.
Status DecideAlert(store::Store& store, std::int64_t id, Decision decision, const std::string& reason,
                   const std::string& actor = "");

// DecideAlert inside the caller's write transaction.
Status DecideAlertIn(store::Transaction& transaction, std::int64_t id, Decision decision, const std::string& reason,
                     const std::string& actor = "");

}  // namespace tocsin::monitor
