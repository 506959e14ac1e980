// PUT .../classification: relabel a run, give it an owner, share it with named
// organisations or tie it to a case. Audited; the new label may not exceed the
// caller's own clearance.
#include <fmt/format.h>

#include "api_routes.h"
#include "audit_trail.h"
#include "http_status.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/access/record_shares.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

nlohmann::json Ids(const std::vector<access::OrganisationId>& organisations) {
  nlohmann::json ids = nlohmann::json::array();
  for (access::OrganisationId organisation : organisations) ids.push_back(organisation.value());
  return ids;
}

template <typename Id>
nlohmann::json OptionalId(const std::optional<Id>& id) {
  return id ? nlohmann::json(id->value()) : nlohmann::json();
}

Result<Reply> Classify(Call& call, Resource resource) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "label"));
  TOCSIN_ASSIGN_OR_RETURN(const auto drivers_label, OptionalClearance(body, "drivers_label"));
  TOCSIN_ASSIGN_OR_RETURN(const auto shared_with, OptionalOrganisations(body, "shared_with"));
  TOCSIN_ASSIGN_OR_RETURN(const auto owner, OptionalInteger(body, "owner_organisation_id"));
  TOCSIN_ASSIGN_OR_RETURN(const auto case_id, OptionalInteger(body, "case_id"));
  TOCSIN_ASSIGN_OR_RETURN(const auto reason, OptionalString(body, "reason"));
  nlohmann::json result;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(RunLabels labels, LoadRunLabels(transaction, resource, id));
    if (!access::Decide(call.principal, Action::kUpdate, resource, labels.record)) return Hidden(resource);
    const std::vector<access::Role> no_roles;
    for (const auto& given : {label, drivers_label}) {
      if (given && !access::DecideGrant(call.principal, no_roles, *given)) {
        return PermissionDeniedError("a label may not be above your own clearance");
      }
    }
    if (label) labels.record.label = *label;
    if (drivers_label) labels.drivers = *drivers_label;
    if (owner) {
      if (*owner != call.principal.organisation.value()) {
        return PermissionDeniedError("a record can only be given to your own organisation; share it instead");
      }
      labels.record.owner = access::OrganisationId(*owner);
    }
    if (const auto given = body.find("case_id"); given != body.end() && given->is_null()) {
      labels.record.case_id.reset();
    } else if (case_id) {
      // Need-to-know: a run tied to a case is read by its members only, so a
      // case the caller is not on (or one that does not exist) would hide the
      // run from everyone who could undo it.
      if (!call.principal.OnCase(access::CaseId(*case_id))) {
        return InvalidArgumentError(fmt::format(
            "case {}: no such case among yours; a run can only be tied to a case you are on", *case_id));
      }
      labels.record.case_id = access::CaseId(*case_id);
    }
    if (shared_with) {
      TOCSIN_ASSIGN_OR_RETURN(labels.record.shared_with, shared_with->Resolve(transaction));
    }
    if (!access::Decide(call.principal, Action::kUpdate, resource, labels.record)) {
      return FailedPreconditionError(
          "so classified, the record would be hidden from you; nothing was changed");
    }
    std::vector<store::Value> params = {static_cast<std::int64_t>(labels.record.label),
                                        static_cast<std::int64_t>(labels.drivers)};
    params.emplace_back();
    if (labels.record.owner) params.back() = labels.record.owner->value();
    params.emplace_back();
    if (labels.record.case_id) params.back() = labels.record.case_id->value();
    params.emplace_back(id);
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("UPDATE model_runs SET label = ?, drivers_label = ?, owner_organisation_id = ?, "
                     "case_id = ? WHERE id = ?",
                     params)
            .status());
    TOCSIN_RETURN_IF_ERROR(access::ReplaceShares(transaction, resource, id, labels.record.shared_with));
    result = {{"id", id},
              {"label", access::ClearanceName(labels.record.label)},
              {"drivers_label", access::ClearanceName(std::max(labels.record.label, labels.drivers))},
              {"owner_organisation_id", OptionalId(labels.record.owner)},
              {"shared_with", Ids(labels.record.shared_with)},
              {"case_id", OptionalId(labels.record.case_id)}};
    return AuditWrite(transaction, call, "update", resource, std::to_string(id), result, reason.value_or(""));
  }));
  call.services.InvalidateCache();
  return Reply{.body = std::move(result)};
}

}  // namespace

void AddClassificationRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "PUT",
                    .path = "/api/v1/forecasts/runs/{id}/classification",
                    .summary = "Relabel a forecast run, set its owner, sharing and case",
                    .tag = "forecasts",
                    .resource = Resource::kForecast,
                    .action = Action::kUpdate,
                    .request_schema = "Classification",
                    .response_schema = "Classification",
                    .handler = [](Call& call) { return Classify(call, Resource::kForecast); }});
  routes.push_back({.method = "PUT",
                    .path = "/api/v1/backtests/{id}/classification",
                    .summary = "Relabel a backtest run, set its owner, sharing and case",
                    .tag = "backtests",
                    .resource = Resource::kBacktest,
                    .action = Action::kUpdate,
                    .request_schema = "Classification",
                    .response_schema = "Classification",
                    .handler = [](Call& call) { return Classify(call, Resource::kBacktest); }});
}

}  // namespace tocsin::server
