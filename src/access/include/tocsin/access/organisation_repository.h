// Organisations: the tenants that own records (agencies, UN offices, NGOs).
// Functions take the caller's transaction so that a change and its audit entry
// commit together.
#pragma once

#include <string>
#include <vector>

#include "tocsin/access/ids.h"
#include "tocsin/access/policy.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

struct Organisation {
  OrganisationId id = {};
  std::string name = {};
  std::string created_at = {};  // UTC
};

// An organisation record is public and owned by the organisation itself.
inline constexpr Clearance kOrganisationLabel = Clearance::kPublic;
RecordLabel OrganisationRecordLabel(OrganisationId organisation);
inline constexpr RecordColumns kOrganisationColumns = {
    .id = "organisations.id", .owner = "organisations.id", .fixed_label = kOrganisationLabel};

// Errors: InvalidArgument for an empty name, AlreadyExists for a taken one.
Result<OrganisationId> CreateOrganisation(store::Transaction& transaction, const std::string& name);

// Errors: NotFound.
Result<Organisation> LoadOrganisation(store::Transaction& transaction, OrganisationId id);
Result<Organisation> FindOrganisationByName(store::Transaction& transaction, const std::string& name);

// The organisations `filter` (from SqlFilterFor over kOrganisationColumns) lets
// through, by name.
Result<std::vector<Organisation>> ListOrganisations(store::Transaction& transaction, const SqlFilter& filter);

}  // namespace tocsin::access
