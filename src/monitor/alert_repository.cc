#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "tocsin/core/time.h"
#include "tocsin/monitor/alert.h"

namespace tocsin::monitor {
namespace {

using store::Value;

constexpr std::array<std::string_view, 3> kStateNames = {"new", "acknowledged", "decided"};
constexpr std::array<std::string_view, 3> kDecisionNames = {"escalate", "monitor", "dismiss"};

constexpr std::string_view kAlertColumns =
    "id, rule, detector, severity, gw, admin1, series, window_start, window_end, peak_start, peak_end, "
    "observed, "
    "expected, statistic, explanation, state, coalesce(owner, ''), coalesce(decision, ''), "
    "coalesce(decision_reason, ''), raised_at, triage_due, coalesce(acknowledged_at, ''), "
    "coalesce(decided_at, ''), "
    "label, owner_organisation_id, case_id, coalesce(withdrawn_at, ''), coalesce(withdrawn_reason, '')";

// The label, owner and case of the most restricted event in an alert's place
// from its support start (its window's, for alerts stored before there was one)
// to its window's end (an owned event first among equals); for an alert without
// events (none stored yet), public and installation-wide. Followed by a WHERE.
constexpr std::string_view kLabelFromEvents =
    "UPDATE alerts SET (label, owner_organisation_id, case_id) = (SELECT coalesce(max(e.label), 0), "
    "(SELECT o.owner_organisation_id FROM events o WHERE o.gw = alerts.gw AND (alerts.admin1 = '' OR "
    "o.admin1 = alerts.admin1) AND o.date_start BETWEEN coalesce(alerts.support_start, alerts.window_start) "
    "AND alerts.window_end "
    "ORDER BY o.label DESC, o.owner_organisation_id IS NULL, o.case_id IS NULL LIMIT 1), "
    "(SELECT c.case_id FROM events c WHERE c.gw = alerts.gw AND (alerts.admin1 = '' OR "
    "c.admin1 = alerts.admin1) AND c.date_start BETWEEN coalesce(alerts.support_start, alerts.window_start) "
    "AND alerts.window_end "
    "ORDER BY c.label DESC, c.owner_organisation_id IS NULL, c.case_id IS NULL LIMIT 1) "
    "FROM events e WHERE e.gw = alerts.gw AND (alerts.admin1 = '' OR e.admin1 = alerts.admin1) "
    "AND e.date_start BETWEEN coalesce(alerts.support_start, alerts.window_start) AND alerts.window_end) ";

// The stored form of Alert::support_start: a date, or the first of all for kWholeHistory.
std::string SupportStart(const Alert& alert) {
  return alert.support_start == kWholeHistory ? std::string("0000-01-01") : FormatDate(alert.support_start);
}

template <std::size_t N>
std::optional<std::size_t> IndexOf(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return i;
  }
  return std::nullopt;
}

// Dates in `alerts` are written by SaveAlerts, so they parse.
DayNumber Day(const store::Row& row, int column) {
  const auto day = ParseDate(row.Text(column));
  return day.ok() ? *day : 0;
}

Alert ReadAlert(const store::Row& row) {
  Alert alert;
  alert.id = row.Integer(0);
  alert.rule = row.Text(1);
  alert.detector = row.Text(2);
  alert.severity = ParseSeverity(row.Text(3)).value_or(Severity::kMedium);
  alert.place.country_gw = static_cast<int>(row.Integer(4));
  alert.place.admin1 = row.Text(5);
  alert.series = row.Text(6);
  alert.window_start = Day(row, 7);
  alert.window_end = Day(row, 8);
  alert.peak_start = Day(row, 9);
  alert.peak_end = Day(row, 10);
  alert.observed = row.Real(11);
  alert.expected = row.Real(12);
  alert.statistic = row.Real(13);
  alert.explanation = row.Text(14);
  alert.state = ParseAlertState(row.Text(15)).value_or(AlertState::kNew);
  alert.owner = row.Text(16);
  alert.decision = ParseDecision(row.Text(17));
  alert.decision_reason = row.Text(18);
  alert.raised_at = row.Text(19);
  alert.triage_due = row.Text(20);
  alert.acknowledged_at = row.Text(21);
  alert.decided_at = row.Text(22);
  alert.label = row.Integer(23);
  if (!row.IsNull(24)) alert.owner_organisation_id = row.Integer(24);
  if (!row.IsNull(25)) alert.case_id = row.Integer(25);
  alert.withdrawn_at = row.Text(26);
  alert.withdrawn_reason = row.Text(27);
  return alert;
}

// The figures an evaluation may change, as stored: equal means nothing to update.
std::vector<Value> Figures(const Alert& alert) {
  return {FormatDate(alert.window_start),
          SupportStart(alert),
          alert.detector,
          std::string(SeverityName(alert.severity)),
          alert.series,
          FormatDate(alert.window_end),
          FormatDate(alert.peak_start),
          FormatDate(alert.peak_end),
          alert.observed,
          alert.expected,
          alert.statistic,
          alert.explanation};
}

Status AddHistory(store::Transaction& transaction, std::int64_t id, AlertState state,
                  const std::string& actor, const std::string& note) {
  // `sequence` numbers an alert's steps in order (two can share a second).
  const std::vector<Value> params = {id, NowUtc(), std::string(AlertStateName(state)), actor, note, id};
  return transaction
      .Execute(
          "INSERT INTO alert_history (alert_id, at, state, actor, note, sequence) VALUES (?, ?, ?, ?, ?, "
          "(SELECT coalesce(max(sequence), 0) + 1 FROM alert_history WHERE alert_id = ?))",
          params)
      .status();
}

Result<Alert> ReadAlertIn(store::Transaction& transaction, std::int64_t id) {
  std::optional<Alert> alert;
  const std::vector<Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(fmt::format("SELECT {} FROM alerts WHERE id = ?", kAlertColumns),
                                           params, [&](const store::Row& row) {
                                             alert = ReadAlert(row);
                                             return Status::Ok();
                                           }));
  if (!alert) return NotFoundError(fmt::format("no alert {}", id));
  return *alert;
}

}  // namespace

std::string_view AlertStateName(AlertState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<AlertState> ParseAlertState(std::string_view name) {
  const auto index = IndexOf(kStateNames, name);
  return index ? std::optional(static_cast<AlertState>(*index)) : std::nullopt;
}

std::string_view DecisionName(Decision decision) {
  return kDecisionNames[static_cast<std::size_t>(decision)];
}

std::optional<Decision> ParseDecision(std::string_view name) {
  const auto index = IndexOf(kDecisionNames, name);
  return index ? std::optional(static_cast<Decision>(*index)) : std::nullopt;
}

namespace {

// A stored alert, as reconciliation sees it.
struct StoredAlert {
  std::int64_t id = 0;
  std::string rule, admin1, window_start, window_end, state;
  int gw = 0;
  bool withdrawn = false;
  bool found = false;  // found again by this evaluation (or merged into one that was)
};

// How far an alert's triage went: the alert that stays when episodes join.
int TriageRank(const std::string& state) {
  return state == "decided" ? 2 : state == "acknowledged" ? 1 : 0;
}

Status Relabel(store::Transaction& transaction, std::int64_t id) {
  return transaction.Execute(std::string(kLabelFromEvents) + "WHERE id = ?", std::vector<Value>{id}).status();
}

Status Withdraw(store::Transaction& transaction, StoredAlert& stored, const std::string& reason,
                const std::string& actor, AlertSaveCounts& counts) {
  const std::vector<Value> params = {NowUtc(), reason, stored.id};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Execute("UPDATE alerts SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?", params)
          .status());
  TOCSIN_RETURN_IF_ERROR(AddHistory(transaction, stored.id,
                                    ParseAlertState(stored.state).value_or(AlertState::kNew), actor,
                                    "withdrawn: " + reason));
  stored.withdrawn = true;
  ++counts.withdrawn;
  counts.updated_ids.push_back(stored.id);
  return Status::Ok();
}

// The stored alerts `alerts` may meet, and those `scope` speaks for: of every
// country when the scope has none, else of the scope's and the alerts' countries.
Result<std::vector<StoredAlert>> LoadStored(store::Transaction& transaction, std::span<const Alert> alerts,
                                            const AlertScope* scope) {
  std::vector<StoredAlert> stored;
  const auto add = [&](const store::Row& row) {
    stored.push_back({.id = row.Integer(0),
                      .rule = row.Text(1),
                      .admin1 = row.Text(3),
                      .window_start = row.Text(4),
                      .window_end = row.Text(5),
                      .state = row.Text(6),
                      .gw = static_cast<int>(row.Integer(2)),
                      .withdrawn = row.Integer(7) != 0});
    return Status::Ok();
  };
  constexpr std::string_view kSelect =
      "SELECT id, rule, gw, admin1, window_start, window_end, state, withdrawn_at IS NOT NULL FROM alerts ";
  if (scope != nullptr && scope->countries.empty()) {
    TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kSelect) + "ORDER BY id", {}, add));
    return stored;
  }
  std::set<int> countries;
  for (const Alert& alert : alerts) countries.insert(alert.place.country_gw);
  if (scope != nullptr) countries.insert(scope->countries.begin(), scope->countries.end());
  for (const int gw : countries) {
    TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kSelect) + "WHERE gw = ? ORDER BY id",
                                             std::vector<Value>{std::int64_t{gw}}, add));
  }
  return stored;
}

bool InScope(const AlertScope& scope, const StoredAlert& stored) {
  if (std::find(scope.rules.begin(), scope.rules.end(), stored.rule) == scope.rules.end()) return false;
  if (!scope.countries.empty() &&
      std::find(scope.countries.begin(), scope.countries.end(), stored.gw) == scope.countries.end()) {
    return false;
  }
  if (scope.from && stored.window_end < FormatDate(*scope.from)) return false;
  if (scope.to && stored.window_end > FormatDate(*scope.to)) return false;
  return true;
}

}  // namespace

Result<AlertSaveCounts> SaveAlertsIn(store::Transaction& transaction, std::span<const Alert> alerts,
                                     const AlertScope* scope) {
  const std::string actor = scope != nullptr ? scope->actor : std::string("tocsin monitor");
  AlertSaveCounts counts;
  TOCSIN_ASSIGN_OR_RETURN(std::vector<StoredAlert> loaded, LoadStored(transaction, alerts, scope));
  // The stored alerts by rule and place, the only ones an alert can meet (a deque:
  // an alert added keeps the others where they are).
  std::map<std::tuple<std::string, int, std::string>, std::deque<StoredAlert>> stored;
  for (StoredAlert& alert : loaded) stored[{alert.rule, alert.gw, alert.admin1}].push_back(std::move(alert));
  for (const Alert& alert : alerts) {
    const std::string start = FormatDate(alert.window_start);
    const std::string end = FormatDate(alert.window_end);
    // The stored alerts of its rule and place that its episode overlaps; the one
    // that stays is the one with its key, else the one furthest in triage.
    std::vector<StoredAlert*> overlapping;
    StoredAlert* kept = nullptr;
    std::deque<StoredAlert>& same_place = stored[{alert.rule, alert.place.country_gw, alert.place.admin1}];
    for (StoredAlert& candidate : same_place) {
      if (candidate.window_start > end || candidate.window_end < start) continue;
      overlapping.push_back(&candidate);
      if (kept == nullptr || candidate.window_start == start ||
          (kept->window_start != start && TriageRank(candidate.state) > TriageRank(kept->state))) {
        kept = &candidate;
      }
    }
    std::vector<Value> figures = Figures(alert);
    if (kept == nullptr) {
      std::vector<Value> row = {alert.rule, std::int64_t{alert.place.country_gw}, alert.place.admin1};
      row.insert(row.end(), figures.begin(), figures.end());
      row.emplace_back(alert.raised_at);
      row.emplace_back(alert.triage_due);
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute(
                  "INSERT INTO alerts (rule, gw, admin1, window_start, support_start, detector, severity, "
                  "series, window_end, peak_start, peak_end, observed, expected, statistic, explanation, "
                  "raised_at, triage_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  row)
              .status());
      const std::int64_t id = transaction.LastInsertId();
      TOCSIN_RETURN_IF_ERROR(AddHistory(transaction, id, AlertState::kNew, actor, alert.rule));
      TOCSIN_RETURN_IF_ERROR(Relabel(transaction, id));
      same_place.push_back({.id = id,
                            .rule = alert.rule,
                            .admin1 = alert.place.admin1,
                            .window_start = start,
                            .window_end = end,
                            .state = "new",
                            .gw = alert.place.country_gw,
                            .found = true});
      ++counts.raised;
      counts.raised_ids.push_back(id);
      continue;
    }
    std::vector<Value> current;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT window_start, coalesce(support_start, window_start), detector, severity, series, window_end, "
        "peak_start, peak_end, observed, expected, statistic, explanation FROM alerts WHERE id = ?",
        std::vector<Value>{kept->id}, [&](const store::Row& row) {
          current = {row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),  row.Text(5),
                     row.Text(6), row.Text(7), row.Real(8), row.Real(9), row.Real(10), row.Text(11)};
          return Status::Ok();
        }));
    bool changed = current != figures;
    if (changed) {
      figures.emplace_back(kept->id);
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute(
                  "UPDATE alerts SET window_start = ?, support_start = ?, detector = ?, severity = ?, "
                  "series = ?, window_end = ?, peak_start = ?, peak_end = ?, observed = ?, expected = ?, "
                  "statistic = ?, explanation = ? WHERE id = ?",
                  figures)
              .status());
      kept->window_start = start;
      kept->window_end = end;
    }
    if (kept->withdrawn) {
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute("UPDATE alerts SET withdrawn_at = NULL, withdrawn_reason = NULL WHERE id = ?",
                       std::vector<Value>{kept->id})
              .status());
      TOCSIN_RETURN_IF_ERROR(AddHistory(transaction, kept->id,
                                        ParseAlertState(kept->state).value_or(AlertState::kNew), actor,
                                        "stands again: the events support it"));
      kept->withdrawn = false;
      changed = true;
    }
    // Its label follows its events even when its figures did not change (an
    // event's label may have).
    TOCSIN_RETURN_IF_ERROR(Relabel(transaction, kept->id));
    kept->found = true;
    if (changed) {
      ++counts.updated;
      counts.updated_ids.push_back(kept->id);
    } else {
      ++counts.unchanged;
    }
    for (StoredAlert* joined : overlapping) {
      if (joined == kept) continue;
      joined->found = true;
      if (!joined->withdrawn) {
        TOCSIN_RETURN_IF_ERROR(
            Withdraw(transaction, *joined, fmt::format("merged into alert {}", kept->id), actor, counts));
      }
    }
  }
  if (scope != nullptr) {
    for (auto& [place, alerts_there] : stored) {
      for (StoredAlert& candidate : alerts_there) {
        if (candidate.found || candidate.withdrawn || !InScope(*scope, candidate)) continue;
        TOCSIN_RETURN_IF_ERROR(
            Withdraw(transaction, candidate, "no longer supported by the events", actor, counts));
      }
    }
  }
  return counts;
}

Status RelabelAlertsIn(store::Transaction& transaction, int gw) {
  return transaction
      .Execute(std::string(kLabelFromEvents) + "WHERE gw = ?", std::vector<Value>{std::int64_t{gw}})
      .status();
}

Result<AlertSaveCounts> SaveAlerts(store::Store& store, std::span<const Alert> alerts) {
  AlertSaveCounts counts;
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(counts, SaveAlertsIn(transaction, alerts));
    return Status::Ok();
  }));
  return counts;
}

Result<std::vector<Alert>> ListAlerts(store::Store& store, const AlertFilter& filter) {
  std::string sql = fmt::format("SELECT {} FROM alerts WHERE 1 = 1", kAlertColumns);
  std::vector<Value> params;
  if (filter.state) {
    sql += " AND state = ?";
    params.emplace_back(std::string(AlertStateName(*filter.state)));
  }
  if (filter.country_gw) {
    sql += " AND gw = ?";
    params.emplace_back(std::int64_t{*filter.country_gw});
  }
  if (filter.rule) {
    sql += " AND rule = ?";
    params.emplace_back(*filter.rule);
  }
  if (filter.since) {
    sql += " AND window_end >= ?";
    params.emplace_back(FormatDate(*filter.since));
  }
  if (filter.minimum_severity) {
    // Severity's numbers are its order of urgency (rules.h).
    sql += " AND CASE severity WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END >= ?";
    params.emplace_back(static_cast<std::int64_t>(*filter.minimum_severity));
  }
  if (!filter.rows.sql.empty()) {
    const RowFilter& visible = filter.rows;
    sql += " AND " + visible.sql;
    params.insert(params.end(), visible.params.begin(), visible.params.end());
  }
  sql +=
      " ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, "
      "window_end DESC, id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(filter.limit));
  std::vector<Alert> alerts;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    return transaction.Query(sql, params, [&](const store::Row& row) {
      alerts.push_back(ReadAlert(row));
      return Status::Ok();
    });
  }));
  return alerts;
}

Result<Alert> GetAlert(store::Store& store, std::int64_t id) {
  std::optional<Alert> alert;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(alert, ReadAlertIn(transaction, id));
    return Status::Ok();
  }));
  return *alert;
}

Result<std::vector<AlertTransition>> AlertHistory(store::Store& store, std::int64_t id) {
  std::vector<AlertTransition> transitions;
  const std::vector<Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    return transaction.Query(
        "SELECT at, state, actor, note FROM alert_history WHERE alert_id = ? ORDER BY at, sequence", params,
        [&](const store::Row& row) {
          transitions.push_back({row.Text(0), ParseAlertState(row.Text(1)).value_or(AlertState::kNew),
                                 row.Text(2), row.Text(3)});
          return Status::Ok();
        });
  }));
  return transitions;
}

Status AcknowledgeAlertIn(store::Transaction& transaction, std::int64_t id, const std::string& owner,
                          const std::string& note, const std::string& actor) {
  if (owner.empty()) return InvalidArgumentError("an acknowledgement names the owner");
  TOCSIN_ASSIGN_OR_RETURN(Alert alert, ReadAlertIn(transaction, id));
  if (alert.state != AlertState::kNew) {
    return FailedPreconditionError(
        fmt::format("alert {} is {} (owner {}), not new", id, AlertStateName(alert.state), alert.owner));
  }
  const std::vector<Value> params = {owner, NowUtc(), id};
  TOCSIN_RETURN_IF_ERROR(
      transaction
          .Execute("UPDATE alerts SET state = 'acknowledged', owner = ?, acknowledged_at = ? WHERE id = ?",
                   params)
          .status());
  // Who acknowledged it, and whom they named (the same person when they took it).
  const std::string by = actor.empty() ? owner : actor;
  return AddHistory(transaction, id, AlertState::kAcknowledged, by,
                    by == owner ? note : fmt::format("owner {}{}{}", owner, note.empty() ? "" : ": ", note));
}

Status AcknowledgeAlert(store::Store& store, std::int64_t id, const std::string& owner,
                        const std::string& note, const std::string& actor) {
  if (owner.empty()) return InvalidArgumentError("an acknowledgement names the owner");
  return store.Write([&](store::Transaction& transaction) {
    return AcknowledgeAlertIn(transaction, id, owner, note, actor);
  });
}

Status DecideAlertIn(store::Transaction& transaction, std::int64_t id, Decision decision,
                     const std::string& reason, const std::string& actor) {
  if (reason.empty()) return InvalidArgumentError("a decision gives its reason");
  TOCSIN_ASSIGN_OR_RETURN(Alert alert, ReadAlertIn(transaction, id));
  if (alert.state == AlertState::kDecided) {
    return FailedPreconditionError(fmt::format("alert {} is already decided ({}: {}); a decision is final",
                                               id, alert.decision ? DecisionName(*alert.decision) : "?",
                                               alert.decision_reason));
  }
  if (alert.state != AlertState::kAcknowledged) {
    return FailedPreconditionError(
        fmt::format("alert {} is {}; acknowledge it (naming its owner) before deciding", id,
                    AlertStateName(alert.state)));
  }
  const std::vector<Value> params = {std::string(DecisionName(decision)), reason, NowUtc(), id};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("UPDATE alerts SET state = 'decided', decision = ?, decision_reason = "
                                      "?, decided_at = ? WHERE id = ?",
                                      params)
                             .status());
  return AddHistory(transaction, id, AlertState::kDecided, actor.empty() ? alert.owner : actor,
                    fmt::format("{}: {}", DecisionName(decision), reason));
}

Status DecideAlert(store::Store& store, std::int64_t id, Decision decision, const std::string& reason,
                   const std::string& actor) {
  if (reason.empty()) return InvalidArgumentError("a decision gives its reason");
  return store.Write([&](store::Transaction& transaction) {
    return DecideAlertIn(transaction, id, decision, reason, actor);
  });
}

}  // namespace tocsin::monitor
