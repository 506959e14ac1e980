// Partner briefs: a case exported for a named partner organisation, containing
// only what that organisation may see (as a partner viewer on the case, up to a
// chosen label), with redactions applied, a required reason, a watermark naming
// the partner, and an audit entry.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "tocsin/respond/records.h"

namespace tocsin::respond {

struct BriefRequest {
  std::int64_t case_id = 0;
  std::string partner = {};  // organisation name
  access::Clearance maximum_label = access::Clearance::kRestricted;
  std::string reason = {};   // required
};

struct Brief {
  std::int64_t export_id = 0;
  std::string watermark = {};
  nlohmann::json json;  // the brief itself
  std::string html = {};
  int omitted = 0;  // records left out because the partner may not see them
};

// Errors: NotFound (case, or the caller may not read it); PermissionDenied;
// InvalidArgument (unknown partner, empty reason, a label above the caller's).
Result<Brief> ExportBrief(store::Transaction& transaction, const Context& context, const BriefRequest& request);

}  // namespace tocsin::respond
