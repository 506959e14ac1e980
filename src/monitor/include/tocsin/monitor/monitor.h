// Evaluating rules over the stored events: series, detectors, alerts.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "tocsin/monitor/alert.h"
#include "tocsin/monitor/detector.h"
#include "tocsin/monitor/rules.h"
#include "tocsin/store/store.h"

namespace tocsin::monitor {

using AlertSaveHook = std::function<Status(store::Transaction&, const AlertSaveCounts&)>;

struct MonitorOptions {
  std::optional<DayNumber> from;  // keep alerts whose window ends on or after this day
  std::optional<DayNumber> to;    // use events up to this day (default: up to the last one)
  std::size_t top_events = 5;     // contributing events named in each explanation (0: none, and no
                                  // query per alert: the fastest way to evaluate long histories)
  bool save = true;               // store the alerts (false: only report them)
  // Evaluate only the series of these countries (empty: every place). The live
  // path passes the countries of the events it just stored: the others' series
  // did not change. Each country's series still span the whole store's dates,
  // so the alerts are those a full evaluation would raise there.
  std::vector<int> countries;
  // Called inside the transaction that stores the alerts, with the ids of the
  // new ones (for audit entries that must commit with them).
  AlertSaveHook on_saved;
  // Who the alerts' history names as raising or withdrawing them.
  std::string actor = "tocsin monitor";
  // Called after the evaluation and before it is saved (a test stands for a
  // writer of events that commits in between).
  std::function<Status()> after_evaluation;
};

struct MonitorReport {
  std::size_t rules = 0;
  std::size_t series = 0;   // (rule, place) series evaluated
  std::size_t firings = 0;  // windows that fired, before merging into alerts
  std::vector<Alert> alerts;
  AlertSaveCounts saved;
  double seconds = 0;
};

// Builds every rule's series from the stored events in one pass, runs the rule's
// detector on each place, merges firings whose windows overlap or adjoin into one
// alert, names the largest contributing events and, unless !save, stores the
// alerts (SaveAlertsIn with the evaluation's scope: re-running over the same data
// changes nothing, and stored alerts it no longer finds are withdrawn). The
// evaluation reads a snapshot; if events changed before its result is saved (an
// import or the API's intake committed meanwhile), it is made again inside the
// saving transaction, so that no older figures overwrite newer ones.
Result<MonitorReport> RunMonitor(store::Store& store, std::span<const Rule> rules, const MonitorOptions& options);

// The alerts one rule's firings on one place's series make, one per run of
// overlapping or adjoining windows, figures from its strongest window.
// Explanations name no events yet (RunMonitor adds them). With `ending_from`,
// only the alerts whose last window ends on or after that day. For tests and replay.
std::vector<Alert> MergeFirings(const Rule& rule, const Place& place, const SeriesContext& context,
                                std::span<const Firing> firings,
                                std::optional<DayNumber> ending_from = std::nullopt);

}  // namespace tocsin::monitor
