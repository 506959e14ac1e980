#include <fmt/format.h>

#include <array>

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
    "label, owner_organisation_id, case_id";

// The label, owner and case of the most restricted event in an alert's place
// and window (an owned event first among equals); for an alert without events
// (none stored yet), public and installation-wide. Parameters: the alert's id.
constexpr std::string_view kLabelFromEvents =
    "UPDATE alerts SET (label, owner_organisation_id, case_id) = (SELECT coalesce(max(e.label), 0), "
    "(SELECT o.owner_organisation_id FROM events o WHERE o.gw = alerts.gw AND (alerts.admin1 = '' OR "
    "o.admin1 = alerts.admin1) AND o.date_start BETWEEN alerts.window_start AND alerts.window_end "
    "ORDER BY o.label DESC, o.owner_organisation_id IS NULL, o.case_id IS NULL LIMIT 1), "
    "(SELECT c.case_id FROM events c WHERE c.gw = alerts.gw AND (alerts.admin1 = '' OR "
    "c.admin1 = alerts.admin1) AND c.date_start BETWEEN alerts.window_start AND alerts.window_end "
    "ORDER BY c.label DESC, c.owner_organisation_id IS NULL, c.case_id IS NULL LIMIT 1) "
    "FROM events e WHERE e.gw = alerts.gw AND (alerts.admin1 = '' OR e.admin1 = alerts.admin1) "
    "AND e.date_start BETWEEN alerts.window_start AND alerts.window_end) WHERE id = ?";

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
  return alert;
}

// The figures an evaluation may change, as stored: equal means nothing to update.
std::vector<Value> Figures(const Alert& alert) {
  return {alert.detector,
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

Result<AlertSaveCounts> SaveAlertsIn(store::Transaction& transaction, std::span<const Alert> alerts) {
  AlertSaveCounts counts;
  for (const Alert& alert : alerts) {
    const std::vector<Value> key = {alert.rule, std::int64_t{alert.place.country_gw}, alert.place.admin1,
                                    FormatDate(alert.window_start)};
    std::optional<std::int64_t> id;
    std::vector<Value> stored;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT id, detector, severity, series, window_end, peak_start, peak_end, observed, expected, "
        "statistic, "
        "explanation FROM alerts WHERE rule = ? AND gw = ? AND admin1 = ? AND window_start = ?",
        key, [&](const store::Row& row) {
          id = row.Integer(0);
          stored = {row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5),
                    row.Text(6), row.Real(7), row.Real(8), row.Real(9), row.Text(10)};
          return Status::Ok();
        }));
    std::vector<Value> figures = Figures(alert);
    if (id && stored == figures) {
      ++counts.unchanged;
      continue;
    }
    if (id) {
      figures.emplace_back(*id);
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute("UPDATE alerts SET detector = ?, severity = ?, series = ?, window_end = ?, "
                       "peak_start = ?, peak_end = ?, observed = ?, expected = ?, statistic = ?, "
                       "explanation = ? WHERE id = ?",
                       figures)
              .status());
      TOCSIN_RETURN_IF_ERROR(transaction.Execute(kLabelFromEvents, std::vector<Value>{*id}).status());
      ++counts.updated;
      counts.updated_ids.push_back(*id);
      continue;
    }
    std::vector<Value> row = key;
    row.insert(row.end(), figures.begin(), figures.end());
    row.emplace_back(alert.raised_at);
    row.emplace_back(alert.triage_due);
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute(
                "INSERT INTO alerts (rule, gw, admin1, window_start, detector, severity, series, window_end, "
                "peak_start, peak_end, observed, expected, statistic, explanation, raised_at, triage_due) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row)
            .status());
    const std::int64_t new_id = transaction.LastInsertId();
    TOCSIN_RETURN_IF_ERROR(AddHistory(transaction, new_id, AlertState::kNew, "tocsin monitor", alert.rule));
    TOCSIN_RETURN_IF_ERROR(transaction.Execute(kLabelFromEvents, std::vector<Value>{new_id}).status());
    ++counts.raised;
    counts.raised_ids.push_back(new_id);
  }
  return counts;
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
                          const std::string& note) {
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
  return AddHistory(transaction, id, AlertState::kAcknowledged, owner, note);
}

Status AcknowledgeAlert(store::Store& store, std::int64_t id, const std::string& owner,
                        const std::string& note) {
  if (owner.empty()) return InvalidArgumentError("an acknowledgement names the owner");
  return store.Write(
      [&](store::Transaction& transaction) { return AcknowledgeAlertIn(transaction, id, owner, note); });
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
