// Organisations (administration): the tenants that own records.
#include "api_routes.h"
#include "http_status.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/access/administration.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

nlohmann::json OrganisationJson(const access::Organisation& organisation) {
  return {
      {"id", organisation.id.value()}, {"name", organisation.name}, {"created_at", organisation.created_at}};
}

Result<Reply> ListOrganisations(Call& call) {
  const auto filter = access::SqlFilterFor(call.principal, Action::kRead, Resource::kOrganisation,
                                           access::kOrganisationColumns);
  nlohmann::json organisations = nlohmann::json::array();
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto found, access::ListOrganisations(transaction, filter));
    for (const access::Organisation& organisation : found)
      organisations.push_back(OrganisationJson(organisation));
    return Status::Ok();
  }));
  return Reply{.body = {{"organisations", std::move(organisations)}}};
}

Result<Reply> GetOrganisation(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  nlohmann::json organisation;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    auto found = access::LoadOrganisation(transaction, access::OrganisationId(id));
    if (!found.ok() || !access::Decide(call.principal, Action::kRead, Resource::kOrganisation,
                                       access::OrganisationRecordLabel(found->id))) {
      return Hidden(Resource::kOrganisation);
    }
    organisation = OrganisationJson(*found);
    return Status::Ok();
  }));
  return Reply{.body = std::move(organisation)};
}

Result<Reply> CreateOrganisation(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "name"));
  TOCSIN_ASSIGN_OR_RETURN(const auto reason, OptionalString(body, "reason"));
  // A new organisation owns itself; only a grant over every organisation can
  // create one, which the policy expresses as an unowned record.
  if (!access::Decide(call.principal, Action::kCreate, Resource::kOrganisation,
                      {.label = access::kOrganisationLabel})) {
    return PermissionDeniedError("your role may not create organisations");
  }
  nlohmann::json created;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(
        const access::OrganisationId id,
        access::AddOrganisation(transaction, access::ActorOf(call.principal), name, reason.value_or("")));
    TOCSIN_ASSIGN_OR_RETURN(const access::Organisation stored, access::LoadOrganisation(transaction, id));
    created = OrganisationJson(stored);
    return Status::Ok();
  }));
  return Reply{.status = kHttpCreated, .body = std::move(created)};
}

}  // namespace

void AddOrganisationRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "GET",
                    .path = "/api/v1/organisations",
                    .summary = "Organisations the caller administers or audits",
                    .tag = "administration",
                    .resource = Resource::kOrganisation,
                    .response_schema = "OrganisationList",
                    .handler = ListOrganisations});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/organisations/{id}",
                    .summary = "One organisation",
                    .tag = "administration",
                    .resource = Resource::kOrganisation,
                    .response_schema = "Organisation",
                    .handler = GetOrganisation});
  routes.push_back({.method = "POST",
                    .path = "/api/v1/organisations",
                    .summary = "Create an organisation (system admin)",
                    .tag = "administration",
                    .resource = Resource::kOrganisation,
                    .action = Action::kCreate,
                    .request_schema = "NewOrganisation",
                    .response_schema = "Organisation",
                    .success_status = kHttpCreated,
                    .handler = CreateOrganisation});
}

}  // namespace tocsin::server
