#include "tocsin/respond/decisions.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "recording.h"
#include "tocsin/access/record_columns.h"
#include "tocsin/access/record_shares.h"
#include "tocsin/respond/cases.h"
#include "tocsin/respond/json.h"

namespace tocsin::respond {
namespace {

using access::Action;
using access::Resource;

// Where a signal of one kind is found, and the rule that decides who may read it.
struct SignalTable {
  std::string_view select;  // ends with AND, before the reader's filter
  Resource resource;
  access::RecordColumns columns;
};

// The table of a signal of `kind`, or none for an unknown kind.
std::optional<SignalTable> SignalLookup(std::string_view kind) {
  if (kind == "alert") {
    return SignalTable{"SELECT 1 FROM alerts WHERE alerts.id = ? AND ", Resource::kAlert,
                       access::kAlertColumns};
  }
  if (kind == "forecast") {
    return SignalTable{
        "SELECT 1 FROM model_runs WHERE model_runs.id = ? AND model_runs.kind = 'forecast' AND ",
        Resource::kForecast, access::kForecastRunColumns};
  }
  if (kind == "watchlist") {
    return SignalTable{"SELECT 1 FROM watchlist_entries WHERE watchlist_entries.id = ? AND ",
                       Resource::kWatchlist, kWatchlistColumns};
  }
  return std::nullopt;
}

nlohmann::json SignalsJson(const std::vector<Signal>& signals) {
  nlohmann::json array = nlohmann::json::array();
  for (const Signal& signal : signals) array.push_back({{"kind", signal.kind}, {"id", signal.id}});
  return array;
}

std::vector<Signal> ParseSignals(const std::string& text) {
  std::vector<Signal> signals;
  const auto array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) return signals;
  for (const auto& signal : array) {
    if (signal.is_object() && signal.contains("id") && signal["id"].is_number_integer()) {
      signals.push_back({signal.value("kind", ""), signal["id"].get<std::int64_t>()});
    }
  }
  return signals;
}

constexpr std::string_view kDecisionSelect =
    "SELECT decisions.id, decisions.case_id, decisions.what, decisions.who, decisions.why, decisions.decided_at, "
    "decisions.signals, decisions.label, decisions.recorded_by, decisions.recorded_at FROM decisions ";

DecisionRecord DecisionFromRow(const store::Row& row) {
  return {.id = row.Integer(0),
          .case_id = row.Integer(1),
          .what = row.Text(2),
          .who = row.Text(3),
          .why = row.Text(4),
          .decided_at = row.Text(5),
          .signals = ParseSignals(row.Text(6)),
          .label = StoredLabel(row.Integer(7)),
          .recorded_by = row.Text(8),
          .recorded_at = row.Text(9)};
}

}  // namespace

Result<Signal> ParseSignal(std::string_view text) {
  const std::size_t colon = text.find(':');
  Signal signal;
  if (colon != std::string_view::npos) {
    signal.kind = std::string(text.substr(0, colon));
    const std::string_view digits = text.substr(colon + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), signal.id);
    if (error == std::errc() && end == digits.data() + digits.size() && SignalLookup(signal.kind)) {
      return signal;
    }
  }
  return InvalidArgumentError(
      fmt::format("'{}' is not a signal: write alert:ID, forecast:RUN or watchlist:ENTRY", text));
}

Result<DecisionRecord> RecordDecision(store::Transaction& transaction, const Context& context,
                                      const NewDecision& request) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kCreate, Resource::kDecision));
  auto case_label = LoadRecordLabel(transaction, RecordKind::kCase, request.case_id);
  if (!case_label.ok()) return Hidden("case", request.case_id);
  TOCSIN_RETURN_IF_ERROR(
      RequireRecord(context, Action::kRead, Resource::kCase, *case_label, "case", request.case_id));
  TOCSIN_RETURN_IF_ERROR(RequireOpenCase(transaction, request.case_id));
  const access::Clearance label = request.label.value_or(case_label->label);
  TOCSIN_RETURN_IF_ERROR(RequireLabelWithin(context, label));
  if (request.what.empty() || request.who.empty() || request.why.empty()) {
    return InvalidArgumentError("a decision records what was decided, who decided it and why");
  }
  std::string decided_at = context.clock.NowText();
  if (!request.decided_at.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(const TimePoint at, ParseUtc(request.decided_at));
    // The record says when a decision was taken, which cannot be later than now
    // (the gap from warning to decision would be measured from the future).
    if (at > context.clock.Now()) {
      return InvalidArgumentError(
          fmt::format("decided at {}: that is after now ({}); a decision is recorded once taken",
                      FormatTime(at), decided_at));
    }
    decided_at = FormatTime(at);
    // Nor before the case was opened: the gap from warning to decision would be negative.
    TOCSIN_ASSIGN_OR_RETURN(const Case record, GetCase(transaction, context, request.case_id));
    if (decided_at < record.opened_at) {
      return InvalidArgumentError(fmt::format("decided at {}: that is before case {} was opened ({})",
                                              decided_at, request.case_id, record.opened_at));
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(const std::vector<access::OrganisationId> shares,
                          SharesOnCase(*case_label, request.case_id, request.shared_with, "decision"));
  for (const Signal& signal : request.signals) {
    const std::optional<SignalTable> table = SignalLookup(signal.kind);
    if (!table) return InvalidArgumentError(fmt::format("unknown kind of signal '{}'", signal.kind));
    // A signal the caller may not read is, to them, one that does not exist.
    const access::SqlFilter visible =
        access::SqlFilterFor(context.principal, Action::kRead, table->resource, table->columns);
    bool exists = false;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(table->select) + visible.sql,
                                             WithFilter({signal.id}, visible), [&](const store::Row&) {
                                               exists = true;
                                               return Status::Ok();
                                             }));
    if (!exists) return InvalidArgumentError(fmt::format("no {} {} to cite as a signal", signal.kind, signal.id));
  }
  DecisionRecord decision{.case_id = request.case_id,
                          .what = request.what,
                          .who = request.who,
                          .why = request.why,
                          .decided_at = decided_at,
                          .signals = request.signals,
                          .label = label,
                          .recorded_by = context.principal.name,
                          .recorded_at = context.clock.NowText()};
  const std::vector<store::Value> params = {decision.case_id,
                                            decision.what,
                                            decision.who,
                                            decision.why,
                                            decision.decided_at,
                                            SignalsJson(decision.signals).dump(),
                                            static_cast<std::int64_t>(label),
                                            case_label->owner ? case_label->owner->value() : std::int64_t{0},
                                            decision.recorded_by,
                                            decision.recorded_at};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO decisions (case_id, what, who, why, decided_at, signals, label, "
                                      "owner_organisation_id, recorded_by, recorded_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  decision.id = transaction.LastInsertId();
  TOCSIN_RETURN_IF_ERROR(access::ReplaceShares(transaction, Resource::kDecision, decision.id, shares));
  TOCSIN_ASSIGN_OR_RETURN(decision.shared_with, SharesOf(transaction, Resource::kDecision, decision.id));
  TOCSIN_RETURN_IF_ERROR(
      AddCaseEvent(transaction, context, decision.case_id, "decision",
                   fmt::format("decision {} by {}: {}", decision.id, decision.who, decision.what),
                   TimelineRecord{Resource::kDecision, decision.id}));
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kDecision, "create", decision.id,
                               {{"case", decision.case_id},
                                {"signals", SignalsJson(decision.signals)},
                                {"shared_with", ToJson(shares)}},
                               // The why is the record's content, at its label: not the audit log's reason.
                               ""));
  return decision;
}

Result<std::vector<DecisionRecord>> ListDecisions(store::Transaction& transaction, const Context& context,
                                                  std::optional<std::int64_t> case_id) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kDecision));
  const access::SqlFilter visible =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kDecision, kDecisionColumns);
  const store::Value wanted = case_id ? store::Value(*case_id) : store::Value();
  std::vector<DecisionRecord> decisions;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      std::string(kDecisionSelect) + "WHERE (? IS NULL OR decisions.case_id = ?) AND " + visible.sql +
          " ORDER BY decisions.decided_at, decisions.id",
      WithFilter({wanted, wanted}, visible), [&](const store::Row& row) {
        decisions.push_back(DecisionFromRow(row));
        return Status::Ok();
      }));
  for (DecisionRecord& decision : decisions) {
    TOCSIN_ASSIGN_OR_RETURN(decision.shared_with, SharesOf(transaction, Resource::kDecision, decision.id));
  }
  return decisions;
}

}  // namespace tocsin::respond
