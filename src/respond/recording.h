// Helpers the response records share (private to the module): checks through
// the policy, audit entries, timeline entries and small lookups.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/access/ids.h"
#include "tocsin/respond/records.h"

namespace tocsin::respond {

// PermissionDenied unless one of the caller's roles may `action` some `resource`.
Status RequireRole(const Context& context, access::Action action, access::Resource resource);

// Decides `action` on a record already known to exist: NotFound when the caller
// may not even read it, PermissionDenied when they may read but not `action` it.
Status RequireRecord(const Context& context, access::Action action, access::Resource resource,
                     const access::RecordLabel& label, std::string_view what, std::int64_t id);

// PermissionDenied when `label` is above the caller's clearance.
Status RequireLabelWithin(const Context& context, access::Clearance label);

// FailedPrecondition when case `case_id` is closed: a closed case takes no new
// tasks, decisions, options or members (its record is final).
Status RequireOpenCase(store::Transaction& transaction, std::int64_t case_id);

// Appends "<resource>.<verb>" by the caller to the audit log.
Status Audit(store::Transaction& transaction, const Context& context, access::Resource resource,
             std::string_view verb, std::int64_t record_id, const nlohmann::json& detail,
             const std::string& reason);

// The record a timeline entry is about, when it is one the case's readers may
// not all see (a task, a decision, a brief): the timeline shows the entry only
// to those who may read the record.
struct TimelineRecord {
  access::Resource resource;
  std::int64_t id = 0;
};

// Adds an entry to a case's timeline at the clock's now.
Status AddCaseEvent(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                    std::string_view kind, const std::string& text,
                    std::optional<TimelineRecord> about = std::nullopt);

// The user with login `name`: their id and organisation. Errors: InvalidArgument.
struct UserRef {
  access::UserId id;
  access::OrganisationId organisation;
};
Result<UserRef> FindUser(store::Transaction& transaction, const std::string& name);
// Errors: InvalidArgument naming the organisation.
Result<access::OrganisationId> FindOrganisation(store::Transaction& transaction, const std::string& name);

// The registry's name of `gw`, or "GW n" for one it does not know.
std::string CountryName(int gw);

// A NULL or the value, for binding.
store::Value Nullable(const std::optional<std::int64_t>& value);
// The filter's fragment after `first` parameters of a query's own.
std::vector<store::Value> WithFilter(std::vector<store::Value> first, const access::SqlFilter& filter);

// Whether `organisation` holds the case labelled `case_label`: it leads it, or
// the case is shared with it. Only such organisations' users can be members.
bool HoldsCase(const access::RecordLabel& case_label, access::OrganisationId organisation);

// The organisations a record of a case (`what`: "task", "decision") is to be
// shared with, each once and in order, without the case's lead organisation.
// Errors: InvalidArgument for one that does not hold the case (its users could
// never read the record).
Result<std::vector<access::OrganisationId>> SharesOnCase(const access::RecordLabel& case_label,
                                                         std::int64_t case_id,
                                                         std::vector<access::OrganisationId> organisations,
                                                         std::string_view what);

// The organisations `record_id` of `resource` is shared with.
Result<SharedWith> SharesOf(store::Transaction& transaction, access::Resource resource,
                            std::int64_t record_id);

// The label stored as `value`, or strictly confidential for anything else.
access::Clearance StoredLabel(std::int64_t value);

}  // namespace tocsin::respond
