// Sharing of records with named organisations (table record_shares), the input
// to the "(owner organisation OR shared with it)" part of the policy.
#pragma once

#include <cstdint>
#include <vector>

#include "tocsin/access/ids.h"
#include "tocsin/access/resource.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

// The organisations record `record_id` of `resource` is shared with, by id.
Result<std::vector<OrganisationId>> LoadShares(store::Transaction& transaction, Resource resource,
                                               std::int64_t record_id);

// Makes `organisations` the complete list the record is shared with.
// Errors: InvalidArgument for an organisation that does not exist.
Status ReplaceShares(store::Transaction& transaction, Resource resource, std::int64_t record_id,
                     const std::vector<OrganisationId>& organisations);

}  // namespace tocsin::access
