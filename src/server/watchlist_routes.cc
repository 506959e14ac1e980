// The watchlist over the API (docs/workflow.md): the countries on it, and the
// proposals that change it, which a coordinator accepts or rejects with a reason.
#include "api_routes.h"
#include "respond_calls.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

Result<Reply> ListWatchlist(Call& call) {
  std::vector<respond::WatchlistEntry> entries;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(entries, respond::ListWatchlist(transaction, context));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kWatchlist, entries));
  return Reply{.body = {{"entries", JsonList(entries)}}};
}

Result<Reply> ListProposals(Call& call) {
  std::optional<respond::ProposalState> state;
  if (call.request.has_param("state")) {
    const std::string name = call.request.get_param_value("state");
    for (auto candidate : {respond::ProposalState::kPending, respond::ProposalState::kAccepted,
                           respond::ProposalState::kRejected}) {
      if (respond::ProposalStateName(candidate) == name) state = candidate;
    }
    if (!state) return InvalidArgumentError("query parameter 'state' must be pending, accepted or rejected");
  }
  std::vector<respond::Proposal> proposals;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposals, respond::ListProposals(transaction, context, state));
    return Status::Ok();
  }));
  return Reply{.body = {{"proposals", JsonList(proposals)}}};
}

Result<Reply> Propose(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto change, OptionalString(body, "change"));
  TOCSIN_ASSIGN_OR_RETURN(const int gw, RequiredCountry(body));
  TOCSIN_ASSIGN_OR_RETURN(const auto tier, OptionalInt(body, "tier"));
  respond::Proposal proposal;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposal, respond::ProposeChange(transaction, context, change.value_or("add"), gw,
                                                             tier.value_or(2), Reason(body)));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(proposal)};
}

Result<Reply> ProposeFromSignals(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::SignalThresholds thresholds;
  TOCSIN_ASSIGN_OR_RETURN(const auto top, OptionalInteger(body, "top"));
  if (top) {
    if (*top < 0 || *top > 1000) return InvalidArgumentError("field 'top' must be between 0 and 1000");
    thresholds.top = static_cast<int>(*top);
  }
  if (const auto probability = body.find("probability");
      probability != body.end() && !probability->is_null()) {
    if (!probability->is_number() || *probability < 0.0 || *probability > 1.0) {
      return InvalidArgumentError("field 'probability' must be a number between 0 and 1");
    }
    thresholds.probability = probability->get<double>();
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto severity, OptionalString(body, "minimum_severity"));
  if (severity) thresholds.minimum_severity = *severity;
  std::vector<respond::Proposal> proposals;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposals, respond::ProposeFromSignals(transaction, context, thresholds));
    return Status::Ok();
  }));
  return Reply{.body = {{"proposals", JsonList(proposals)}}};
}

Result<Reply> DecideProposal(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto accept, OptionalBool(body, "accept"));
  if (!accept) return InvalidArgumentError("field 'accept' (true to accept, false to reject) is required");
  respond::Proposal proposal;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposal,
                            respond::DecideProposal(transaction, context, id, *accept, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.body = respond::ToJson(proposal)};
}

}  // namespace

void AddWatchlistRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "response"};
  group.On(Resource::kWatchlist)
      .Add("GET", "/api/v1/watchlist", "The countries on the watchlist, with tier and reason", Action::kRead,
           "", "WatchlistList", ListWatchlist);
  group.On(Resource::kWatchlist)
      .Add("GET", "/api/v1/watchlist/proposals", "Proposals to add or remove countries, newest first",
           Action::kRead, "", "ProposalList", ListProposals, 200,
           {{"state", "string", "Only proposals in this state: pending, accepted or rejected"}});
  group.On(Resource::kWatchlist)
      .Add("POST", "/api/v1/watchlist/proposals",
           "Propose adding (or removing) a country, with tier and reason", Action::kCreate, "NewProposal",
           "Proposal", Propose, 201);
  group.On(Resource::kWatchlist)
      .Add("POST", "/api/v1/watchlist/proposals/from-signals",
           "Propose the top-ranked forecast countries and those with severe alerts that are not yet listed",
           Action::kCreate, "SignalThresholds", "ProposalList", ProposeFromSignals);
  group.On(Resource::kWatchlist)
      .Add("POST", "/api/v1/watchlist/proposals/{id}/decision",
           "Accept or reject a pending proposal, with a reason", Action::kUpdate, "ProposalDecision",
           "Proposal", DecideProposal);
}

}  // namespace tocsin::server
