// The watchlist: countries an organisation keeps under watch, with a tier and a
// reason. Nothing joins or leaves silently: signals (a forecast's top ranks or a
// threshold, escalation alerts) and analysts make proposals, and a coordinator
// accepts or rejects each with a reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/respond/records.h"

namespace tocsin::respond {

struct WatchlistEntry {
  std::int64_t id = 0;
  int gw = 0;
  std::string country = {};
  int tier = 2;  // 1 most urgent .. 3
  std::string reason = {};
  access::Clearance label = access::Clearance::kRestricted;
  std::string added_at = {};
  std::int64_t proposal_id = 0;
};

enum class ProposalState : std::uint8_t { kPending, kAccepted, kRejected };
std::string_view ProposalStateName(ProposalState state);  // "pending", "accepted", "rejected"

struct Proposal {
  std::int64_t id = 0;
  std::string change = {};  // "add" or "remove"
  int gw = 0;
  std::string country = {};
  int tier = 2;
  std::string source = {};  // "forecast", "alert", "analyst"
  std::string signal = {};  // what prompted it
  std::string reason = {};
  ProposalState state = ProposalState::kPending;
  std::string proposed_at = {};
  std::string proposed_by = {};
  std::string decided_at = {};
  std::string decided_by = {};
  std::string decision_reason = {};
};

// An analyst's proposal to add (or remove) a country. Errors: PermissionDenied;
// InvalidArgument (unknown country, tier outside 1..3, empty reason);
// FailedPrecondition (adding a country already listed, removing one that is not).
Result<Proposal> ProposeChange(store::Transaction& transaction, const Context& context, const std::string& change,
                               int gw, int tier, const std::string& reason);

struct SignalThresholds {
  int top = 30;                         // forecast ranks 1..top are proposed
  std::optional<double> probability = {};    // and any country at or above this risk
  std::string minimum_severity = "high";  // alerts at or above this severity
};

// Proposals from the latest forecast run the caller may read and from alerts,
// for countries not on the watchlist and not already proposed on the same
// signal. Returns the new proposals.
Result<std::vector<Proposal>> ProposeFromSignals(store::Transaction& transaction, const Context& context,
                                                 const SignalThresholds& thresholds);

// A coordinator accepts (the change is applied) or rejects a pending proposal.
// Errors: NotFound; PermissionDenied; InvalidArgument (empty reason);
// FailedPrecondition (not pending).
Result<Proposal> DecideProposal(store::Transaction& transaction, const Context& context, std::int64_t id,
                                bool accept, const std::string& reason);

Result<std::vector<WatchlistEntry>> ListWatchlist(store::Transaction& transaction, const Context& context);
Result<std::vector<Proposal>> ListProposals(store::Transaction& transaction, const Context& context,
                                            std::optional<ProposalState> state = std::nullopt);

}  // namespace tocsin::respond
