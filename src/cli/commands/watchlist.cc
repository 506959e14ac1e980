// tocsin watchlist list|proposals|propose|signals|accept|reject: nothing joins
// or leaves the watchlist without a proposal and a coordinator's reasoned answer.
#include <fmt/format.h>

#include "command.h"
#include "respond_context.h"
#include "tocsin/respond/json.h"

namespace tocsin::cli {
namespace {

struct WatchlistOptions {
  RespondFlags flags;
  std::int64_t id = 0;
  std::string country, state, severity = "high";
  int tier = 2;
  int top = 30;
  double threshold = -1;
  bool remove = false;
};

void PrintProposal(const respond::Proposal& proposal) {
  fmt::print("Proposal {} [{}]: {} {} (tier {}) from {} ({}): {}{}\n", proposal.id,
             respond::ProposalStateName(proposal.state), proposal.change, proposal.country, proposal.tier,
             proposal.source, proposal.signal, proposal.reason,
             proposal.decision_reason.empty() ? "" : " -- " + proposal.decided_by + ": " + proposal.decision_reason);
}

Command RegisterWatchlist(CLI::App& app, CommonOptions& common) {
  CLI::App* group = app.add_subcommand("watchlist", "The watchlist and the proposals that change it");
  group->require_subcommand(1);
  auto options = std::make_shared<WatchlistOptions>();
  group->footer(
      "Signals (forecast ranks, alerts) and analysts propose; a coordinator accepts or rejects with a reason.\n"
      "Example:\n  tocsin watchlist signals --as ana --top 30\n  tocsin watchlist accept 3 --as cora --reason 'agreed "
      "at the weekly board'");
  CLI::App* list = group->add_subcommand("list", "The countries on the watchlist");
  CLI::App* proposals = group->add_subcommand("proposals", "Proposals, pending first");
  proposals->add_option("--state", options->state, "pending, accepted or rejected");
  CLI::App* propose = group->add_subcommand("propose", "Propose adding (or, with --remove, removing) a country");
  propose->add_option("COUNTRY", options->country, "ISO3 code, Gleditsch-Ward number or name")->required();
  propose->add_option("--tier", options->tier, "1 (most urgent) to 3")->capture_default_str();
  propose->add_flag("--remove", options->remove, "Propose removing it");
  CLI::App* signals = group->add_subcommand("signals", "Propose countries from the latest forecast and from alerts");
  signals->add_option("--top", options->top, "Forecast ranks 1..N")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  signals
      ->add_option("--threshold", options->threshold, "Also any country at or above this probability (0-1)")
      ->check(CLI::Range(0.0, 1.0));
  signals->add_option("--severity", options->severity, "Alerts at or above: low, medium, high, critical")
      ->capture_default_str();
  CLI::App* accept = group->add_subcommand("accept", "Accept a proposal (the change is applied)");
  CLI::App* reject = group->add_subcommand("reject", "Reject a proposal");
  for (CLI::App* command : {accept, reject}) command->add_option("ID", options->id, "Proposal id")->required();
  for (CLI::App* command : {list, proposals, propose, signals, accept, reject}) {
    AddDbOption(command, common);
    AddRespondFlags(command, options->flags);
  }
  for (CLI::App* command : {propose, accept, reject}) command->get_option("--reason")->required();

  return {group, [&common, options, list, proposals, propose, signals, accept, reject] {
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            const bool write = propose->parsed() || signals->parsed() || accept->parsed() || reject->parsed();
            return Finish(RunAs(**store, options->flags, write,
                                [&](store::Transaction& transaction, const respond::Context& context) -> Status {
              const bool json = options->flags.json;
              nlohmann::json out = nlohmann::json::array();
              if (list->parsed()) {
                TOCSIN_ASSIGN_OR_RETURN(const auto entries, respond::ListWatchlist(transaction, context));
                for (const auto& entry : entries) {
                  out.push_back(respond::ToJson(entry));
                  if (!json) {
                    fmt::print("{:<28} tier {}  since {}  {}\n", entry.country, entry.tier, entry.added_at, entry.reason);
                  }
                }
                if (!json) fmt::print("{} countr{} on the watchlist.\n", entries.size(), entries.size() == 1 ? "y" : "ies");
              } else if (proposals->parsed()) {
                std::optional<respond::ProposalState> state;
                if (options->state == "pending") state = respond::ProposalState::kPending;
                if (options->state == "accepted") state = respond::ProposalState::kAccepted;
                if (options->state == "rejected") state = respond::ProposalState::kRejected;
                if (!options->state.empty() && !state) {
                  return InvalidArgumentError("--state: use pending, accepted or rejected");
                }
                TOCSIN_ASSIGN_OR_RETURN(const auto found, respond::ListProposals(transaction, context, state));
                for (const auto& proposal : found) {
                  out.push_back(respond::ToJson(proposal));
                  if (!json) PrintProposal(proposal);
                }
              } else if (propose->parsed()) {
                TOCSIN_ASSIGN_OR_RETURN(const int gw, ParseCountry(options->country));
                TOCSIN_ASSIGN_OR_RETURN(const auto proposal,
                                        respond::ProposeChange(transaction, context, options->remove ? "remove" : "add",
                                                               gw, options->tier, options->flags.reason));
                out.push_back(respond::ToJson(proposal));
                if (!json) PrintProposal(proposal);
              } else if (signals->parsed()) {
                respond::SignalThresholds thresholds{.top = options->top, .minimum_severity = options->severity};
                if (options->threshold >= 0) thresholds.probability = options->threshold;
                TOCSIN_ASSIGN_OR_RETURN(const auto made, respond::ProposeFromSignals(transaction, context, thresholds));
                for (const auto& proposal : made) {
                  out.push_back(respond::ToJson(proposal));
                  if (!json) PrintProposal(proposal);
                }
                if (!json) fmt::print("{} new proposal{}.\n", made.size(), made.size() == 1 ? "" : "s");
              } else {
                TOCSIN_ASSIGN_OR_RETURN(const auto proposal,
                                        respond::DecideProposal(transaction, context, options->id, accept->parsed(),
                                                                options->flags.reason));
                out.push_back(respond::ToJson(proposal));
                if (!json) PrintProposal(proposal);
              }
              if (json) fmt::print("{}\n", out.dump(2));
              return Status::Ok();
            }));
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(66, RegisterWatchlist);

}  // namespace tocsin::cli
