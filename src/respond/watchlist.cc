#include "tocsin/respond/watchlist.h"

#include <fmt/format.h>

#include <array>

#include "recording.h"
#include "tocsin/access/record_columns.h"
#include "tocsin/core/country_registry.h"

namespace tocsin::respond {
namespace {

using access::Action;
using access::Resource;

// Watchlists name countries an organisation worries about: restricted by default.
constexpr access::Clearance kWatchlistLabel = access::Clearance::kRestricted;
constexpr int kMostUrgentTier = 1;
constexpr int kLeastUrgentTier = 3;
// Forecast ranks up to these go to tiers 1 and 2; the rest of the top to tier 3.
constexpr int kTierOneRanks = 10;
constexpr int kTierTwoRanks = 20;

constexpr std::array<std::string_view, 3> kStateNames = {"pending", "accepted", "rejected"};
constexpr std::array<std::string_view, 4> kSeverities = {"low", "medium", "high", "critical"};

constexpr std::string_view kProposalSelect =
    "SELECT watchlist_proposals.id, watchlist_proposals.change, watchlist_proposals.gw, watchlist_proposals.tier, "
    "watchlist_proposals.source, watchlist_proposals.signal, watchlist_proposals.reason, watchlist_proposals.state, "
    "watchlist_proposals.proposed_at, watchlist_proposals.proposed_by, coalesce(watchlist_proposals.decided_at, ''), "
    "coalesce(watchlist_proposals.decided_by, ''), coalesce(watchlist_proposals.decision_reason, '') "
    "FROM watchlist_proposals ";

Proposal ProposalFromRow(const store::Row& row) {
  Proposal proposal;
  proposal.id = row.Integer(0);
  proposal.change = row.Text(1);
  proposal.gw = static_cast<int>(row.Integer(2));
  proposal.country = CountryName(proposal.gw);
  proposal.tier = static_cast<int>(row.Integer(3));
  proposal.source = row.Text(4);
  proposal.signal = row.Text(5);
  proposal.reason = row.Text(6);
  const std::string state = row.Text(7);
  proposal.state = state == "accepted" ? ProposalState::kAccepted
                   : state == "rejected" ? ProposalState::kRejected
                                         : ProposalState::kPending;
  proposal.proposed_at = row.Text(8);
  proposal.proposed_by = row.Text(9);
  proposal.decided_at = row.Text(10);
  proposal.decided_by = row.Text(11);
  proposal.decision_reason = row.Text(12);
  return proposal;
}

Result<Proposal> LoadProposal(store::Transaction& transaction, std::int64_t id) {
  std::optional<Proposal> proposal;
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kProposalSelect) + "WHERE watchlist_proposals.id = ?", params,
                                           [&](const store::Row& row) {
                                             proposal = ProposalFromRow(row);
                                             return Status::Ok();
                                           }));
  if (!proposal) return Hidden("watchlist proposal", id);
  return *proposal;
}

// The organisation's active entry for `gw`, if any.
Result<std::optional<std::int64_t>> ActiveEntry(store::Transaction& transaction, access::OrganisationId organisation,
                                                int gw) {
  std::optional<std::int64_t> entry;
  const std::vector<store::Value> params = {organisation.value(), static_cast<std::int64_t>(gw)};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT id FROM watchlist_entries WHERE owner_organisation_id = ? AND gw = ? AND removed_at IS NULL", params,
      [&](const store::Row& row) {
        entry = row.Integer(0);
        return Status::Ok();
      }));
  return entry;
}

struct NewProposal {
  std::string change;
  int gw = 0;
  int tier = 2;
  std::string source;
  std::string signal;
  std::string reason;
};

// Inserts a proposal; nullopt when the same signal already proposed the same change.
Result<std::optional<Proposal>> InsertProposal(store::Transaction& transaction, const Context& context,
                                               const NewProposal& request) {
  const std::vector<store::Value> params = {request.change,
                                            static_cast<std::int64_t>(request.gw),
                                            static_cast<std::int64_t>(request.tier),
                                            request.source,
                                            request.signal,
                                            request.reason,
                                            static_cast<std::int64_t>(kWatchlistLabel),
                                            context.principal.organisation.value(),
                                            context.clock.NowText(),
                                            context.principal.name};
  TOCSIN_ASSIGN_OR_RETURN(
      const std::int64_t inserted,
      transaction.Execute("INSERT INTO watchlist_proposals (change, gw, tier, source, "
                          "signal, reason, label, owner_organisation_id, proposed_at, proposed_by) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                          params));
  if (inserted == 0) return std::optional<Proposal>();
  const std::int64_t id = transaction.LastInsertId();
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kWatchlist, "create", -id,
                               {{"proposal", id}, {"change", request.change},
                                {"source", request.source}},
                               request.reason));
  TOCSIN_ASSIGN_OR_RETURN(Proposal proposal, LoadProposal(transaction, id));
  return std::optional<Proposal>(std::move(proposal));
}

Result<bool> PendingFor(store::Transaction& transaction, access::OrganisationId organisation, int gw) {
  bool pending = false;
  const std::vector<store::Value> params = {organisation.value(), static_cast<std::int64_t>(gw)};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT 1 FROM watchlist_proposals WHERE owner_organisation_id = ? AND gw = ? AND change = 'add' AND "
      "state = 'pending'",
      params, [&](const store::Row&) {
        pending = true;
        return Status::Ok();
      }));
  return pending;
}

int SeverityRank(std::string_view severity) {
  for (std::size_t i = 0; i < kSeverities.size(); ++i) {
    if (kSeverities[i] == severity) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::string_view ProposalStateName(ProposalState state) {
  return kStateNames.at(static_cast<std::size_t>(state));
}

Result<Proposal> ProposeChange(store::Transaction& transaction, const Context& context, const std::string& change,
                               int gw, int tier, const std::string& reason) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kCreate, Resource::kWatchlist));
  if (change != "add" && change != "remove") return InvalidArgumentError("a proposal is to add or to remove");
  if (!CountryRegistry::Default().ByGw(gw)) {
    return InvalidArgumentError(fmt::format("no country with Gleditsch-Ward number {}", gw));
  }
  if (tier < kMostUrgentTier || tier > kLeastUrgentTier) return InvalidArgumentError("the tier is 1, 2 or 3");
  if (reason.empty()) return InvalidArgumentError("a proposal gives its reason");
  TOCSIN_ASSIGN_OR_RETURN(const auto active, ActiveEntry(transaction, context.principal.organisation, gw));
  if (change == "add" && active) {
    return FailedPreconditionError(fmt::format("{} is already on the watchlist", CountryName(gw)));
  }
  if (change == "remove" && !active) {
    return FailedPreconditionError(fmt::format("{} is not on the watchlist", CountryName(gw)));
  }
  if (change == "remove") {
    // A removal names the tier the country is leaving, not the default of the form.
    const std::vector<store::Value> entry = {*active};
    TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT tier FROM watchlist_entries WHERE id = ?", entry,
                                             [&](const store::Row& row) {
                                               tier = static_cast<int>(row.Integer(0));
                                               return Status::Ok();
                                             }));
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto proposal,
                          InsertProposal(transaction, context,
                                         {change, gw, tier, "analyst",
                                          fmt::format("{} at {}", context.principal.name, context.clock.NowText()),
                                          reason}));
  if (!proposal) return AlreadyExistsError("the same proposal was just made");
  return *proposal;
}

Result<std::vector<Proposal>> ProposeFromSignals(store::Transaction& transaction, const Context& context,
                                                 const SignalThresholds& thresholds) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kCreate, Resource::kWatchlist));
  if (SeverityRank(thresholds.minimum_severity) < 0) {
    return InvalidArgumentError(fmt::format("unknown severity '{}': use low, medium, high or critical",
                                            thresholds.minimum_severity));
  }
  std::vector<NewProposal> candidates;
  // The latest forecast run the caller may read, at its latest data year.
  const access::SqlFilter runs = access::SqlFilterFor(context.principal, Action::kRead, Resource::kForecast,
                                                      access::kForecastRunColumns);
  std::optional<std::int64_t> run;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT model_runs.id FROM model_runs WHERE model_runs.kind = 'forecast' AND " + runs.sql +
          " ORDER BY model_runs.created_at DESC, model_runs.id DESC LIMIT 1",
      runs.params, [&](const store::Row& row) {
        run = row.Integer(0);
        return Status::Ok();
      }));
  if (run) {
    const store::Value threshold = thresholds.probability ? store::Value(*thresholds.probability) : store::Value();
    const std::vector<store::Value> params = {*run, *run, static_cast<std::int64_t>(thresholds.top), threshold,
                                              threshold};
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT gw, rank, probability FROM forecasts WHERE run_id = ? AND gw IS NOT NULL AND "
        "data_year = (SELECT max(data_year) FROM forecasts WHERE run_id = ?) AND "
        "(rank <= ? OR (? IS NOT NULL AND probability >= ?)) ORDER BY rank",
        params, [&](const store::Row& row) {
          const int rank = static_cast<int>(row.Integer(1));
          const int tier = rank <= kTierOneRanks ? 1 : rank <= kTierTwoRanks ? 2 : 3;
          candidates.push_back({"add", static_cast<int>(row.Integer(0)), tier, "forecast",
                                fmt::format("forecast run {}, rank {}", *run, rank),
                                fmt::format("ranked {} in forecast run {} (risk {:.1f}%)", rank, *run,
                                            100 * row.Real(2))});
          return Status::Ok();
        }));
  }
  // Only the alerts the caller may read: a proposal must not name one they could not open.
  const access::SqlFilter alerts =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kAlert, access::kAlertColumns);
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT alerts.id, alerts.gw, alerts.severity, alerts.rule, alerts.series FROM alerts "
      "WHERE (alerts.state != 'decided' OR alerts.decision = 'escalate') AND " +
          alerts.sql + " ORDER BY alerts.raised_at, alerts.id",
      alerts.params, [&](const store::Row& row) {
        const std::string severity = row.Text(2);
        if (SeverityRank(severity) < SeverityRank(thresholds.minimum_severity)) return Status::Ok();
        const int tier = severity == "critical" ? 1 : severity == "high" ? 2 : 3;
        candidates.push_back({"add", static_cast<int>(row.Integer(1)), tier, "alert",
                              fmt::format("alert {}", row.Integer(0)),
                              fmt::format("{} alert {}: {} ({})", severity, row.Integer(0), row.Text(3), row.Text(4))});
        return Status::Ok();
      }));
  std::vector<Proposal> proposals;
  for (const NewProposal& candidate : candidates) {
    TOCSIN_ASSIGN_OR_RETURN(const auto active, ActiveEntry(transaction, context.principal.organisation, candidate.gw));
    if (active) continue;
    TOCSIN_ASSIGN_OR_RETURN(const bool pending, PendingFor(transaction, context.principal.organisation, candidate.gw));
    if (pending) continue;
    TOCSIN_ASSIGN_OR_RETURN(const auto proposal, InsertProposal(transaction, context, candidate));
    if (proposal) proposals.push_back(*proposal);
  }
  return proposals;
}

Result<Proposal> DecideProposal(store::Transaction& transaction, const Context& context, std::int64_t id,
                                bool accept, const std::string& reason) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kUpdate, Resource::kWatchlist));
  auto label = LoadRecordLabel(transaction, RecordKind::kProposal, id);
  if (!label.ok()) return Hidden("watchlist proposal", id);
  TOCSIN_RETURN_IF_ERROR(
      RequireRecord(context, Action::kUpdate, Resource::kWatchlist, *label, "watchlist proposal", id));
  if (reason.empty()) return InvalidArgumentError("accepting or rejecting a proposal needs a reason");
  TOCSIN_ASSIGN_OR_RETURN(const Proposal proposal, LoadProposal(transaction, id));
  if (proposal.state != ProposalState::kPending) {
    return FailedPreconditionError(
        fmt::format("proposal {} was already {}", id, ProposalStateName(proposal.state)));
  }
  const access::OrganisationId organisation = label->owner.value_or(context.principal.organisation);
  const std::string now = context.clock.NowText();
  if (accept) {
    TOCSIN_ASSIGN_OR_RETURN(const auto active, ActiveEntry(transaction, organisation, proposal.gw));
    if (proposal.change == "add") {
      if (active) return FailedPreconditionError(fmt::format("{} is already on the watchlist", proposal.country));
      const std::vector<store::Value> params = {static_cast<std::int64_t>(proposal.gw),
                                                static_cast<std::int64_t>(proposal.tier),
                                                proposal.reason,
                                                static_cast<std::int64_t>(label->label),
                                                organisation.value(),
                                                now,
                                                id};
      TOCSIN_RETURN_IF_ERROR(transaction
                                 .Execute("INSERT INTO watchlist_entries (gw, tier, reason, label, "
                                          "owner_organisation_id, added_at, added_by_proposal_id) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                          params)
                                 .status());
      const std::int64_t entry = transaction.LastInsertId();
      TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kWatchlist, "create", entry,
                                   {{"tier", proposal.tier}, {"proposal", id}}, reason));
    } else {
      if (!active) return FailedPreconditionError(fmt::format("{} is not on the watchlist", proposal.country));
      const std::vector<store::Value> params = {now, id, *active};
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute("UPDATE watchlist_entries SET removed_at = ?, removed_by_proposal_id = ? WHERE id = ?", params)
              .status());
      TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kWatchlist, "delete", *active,
                                   {{"proposal", id}}, reason));
    }
  }
  const std::vector<store::Value> params = {accept ? "accepted" : "rejected", now, context.principal.name, reason, id};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("UPDATE watchlist_proposals SET state = ?, decided_at = ?, decided_by = ?, "
                                      "decision_reason = ? WHERE id = ?",
                                      params)
                             .status());
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kWatchlist, "update", -id,
                               {{"proposal", id}, {"state", accept ? "accepted" : "rejected"}}, reason));
  return LoadProposal(transaction, id);
}

Result<std::vector<WatchlistEntry>> ListWatchlist(store::Transaction& transaction, const Context& context) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kWatchlist));
  const access::SqlFilter visible =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kWatchlist, kWatchlistColumns);
  std::vector<WatchlistEntry> entries;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT watchlist_entries.id, watchlist_entries.gw, watchlist_entries.tier, watchlist_entries.reason, "
      "watchlist_entries.label, watchlist_entries.added_at, watchlist_entries.added_by_proposal_id "
      "FROM watchlist_entries WHERE watchlist_entries.removed_at IS NULL AND " +
          visible.sql + " ORDER BY watchlist_entries.tier, watchlist_entries.gw",
      visible.params, [&](const store::Row& row) {
        WatchlistEntry entry;
        entry.id = row.Integer(0);
        entry.gw = static_cast<int>(row.Integer(1));
        entry.country = CountryName(entry.gw);
        entry.tier = static_cast<int>(row.Integer(2));
        entry.reason = row.Text(3);
        entry.label = StoredLabel(row.Integer(4));
        entry.added_at = row.Text(5);
        entry.proposal_id = row.Integer(6);
        entries.push_back(std::move(entry));
        return Status::Ok();
      }));
  return entries;
}

Result<std::vector<Proposal>> ListProposals(store::Transaction& transaction, const Context& context,
                                            std::optional<ProposalState> state) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kWatchlist));
  const access::SqlFilter visible =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kWatchlist, kProposalColumns);
  const store::Value wanted = state ? store::Value(std::string(ProposalStateName(*state))) : store::Value();
  std::vector<Proposal> proposals;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      std::string(kProposalSelect) + "WHERE (? IS NULL OR watchlist_proposals.state = ?) AND " + visible.sql +
          " ORDER BY watchlist_proposals.id",
      WithFilter({wanted, wanted}, visible), [&](const store::Row& row) {
        proposals.push_back(ProposalFromRow(row));
        return Status::Ok();
      }));
  return proposals;
}

}  // namespace tocsin::respond
