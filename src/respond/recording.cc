#include "recording.h"

#include <fmt/format.h>

#include <algorithm>

#include "tocsin/access/audit_log.h"
#include "tocsin/access/record_shares.h"
#include "tocsin/core/country_registry.h"

namespace tocsin::respond {

Status RequireRole(const Context& context, access::Action action, access::Resource resource) {
  if (access::DecideRole(context.principal, action, resource)) return Status::Ok();
  return PermissionDeniedError(fmt::format("your roles may not {} a {}", access::ActionName(action),
                                           access::ResourceName(resource)));
}

Status RequireRecord(const Context& context, access::Action action, access::Resource resource,
                     const access::RecordLabel& label, std::string_view what, std::int64_t id) {
  if (access::Decide(context.principal, action, resource, label)) return Status::Ok();
  if (action != access::Action::kRead && access::Decide(context.principal, access::Action::kRead, resource, label)) {
    return PermissionDeniedError(fmt::format("you may read {} {} but not {} it", what, id, access::ActionName(action)));
  }
  return Hidden(what, id);
}

Status RequireLabelWithin(const Context& context, access::Clearance label) {
  if (label <= context.principal.clearance) return Status::Ok();
  return PermissionDeniedError(fmt::format("a label may not be above your own clearance ({})",
                                           access::ClearanceName(context.principal.clearance)));
}

Status Audit(store::Transaction& transaction, const Context& context, access::Resource resource,
             std::string_view verb, std::int64_t record_id, const nlohmann::json& detail,
             const std::string& reason) {
  access::AuditEntry entry;
  entry.actor = access::ActorOf(context.principal);
  std::string name(access::ResourceName(resource));
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  entry.action = name + "." + std::string(verb);
  entry.resource = std::string(access::ResourceName(resource));
  entry.record_id = std::to_string(record_id);
  entry.reason = reason;
  nlohmann::json timed = detail;
  timed["clock"] = context.clock.NowText();
  entry.detail_json = timed.dump();
  return access::AppendAudit(transaction, std::move(entry)).status();
}

Status AddCaseEvent(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                    std::string_view kind, const std::string& text, std::optional<TimelineRecord> about) {
  const std::vector<store::Value> params = {
      case_id,
      context.clock.NowText(),
      std::string(kind),
      text,
      context.principal.name,
      about ? store::Value(std::string(access::ResourceName(about->resource))) : store::Value(),
      about ? store::Value(about->id) : store::Value()};
  return transaction
      .Execute(
          "INSERT INTO case_events (case_id, at, kind, text, actor, resource, record_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          params)
      .status();
}

Result<UserRef> FindUser(store::Transaction& transaction, const std::string& name) {
  std::optional<UserRef> user;
  const std::vector<store::Value> params = {name};
  TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT id, organisation_id FROM users WHERE name = ?", params,
                                           [&](const store::Row& row) {
                                             user = UserRef{access::UserId(row.Integer(0)),
                                                            access::OrganisationId(row.Integer(1))};
                                             return Status::Ok();
                                           }));
  if (!user) return InvalidArgumentError(fmt::format("no user named '{}'", name));
  return *user;
}

Result<access::OrganisationId> FindOrganisation(store::Transaction& transaction, const std::string& name) {
  std::optional<access::OrganisationId> organisation;
  const std::vector<store::Value> params = {name};
  TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT id FROM organisations WHERE name = ?", params,
                                           [&](const store::Row& row) {
                                             organisation = access::OrganisationId(row.Integer(0));
                                             return Status::Ok();
                                           }));
  if (!organisation) return InvalidArgumentError(fmt::format("no organisation named '{}'", name));
  return *organisation;
}

std::string CountryName(int gw) {
  const Country* country = CountryRegistry::Default().ByGw(gw);
  return country ? country->name : fmt::format("GW {}", gw);
}

store::Value Nullable(const std::optional<std::int64_t>& value) {
  return value ? store::Value(*value) : store::Value();
}

std::vector<store::Value> WithFilter(std::vector<store::Value> first, const access::SqlFilter& filter) {
  first.insert(first.end(), filter.params.begin(), filter.params.end());
  return first;
}

Result<SharedWith> SharesOf(store::Transaction& transaction, access::Resource resource,
                            std::int64_t record_id) {
  SharedWith shares;
  const std::vector<store::Value> params = {static_cast<std::int64_t>(resource), record_id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT organisations.id, organisations.name FROM record_shares JOIN organisations ON organisations.id "
      "= "
      "record_shares.organisation_id WHERE record_shares.resource = ? AND record_shares.record_id = ? "
      "ORDER BY organisations.name, organisations.id",
      params, [&](const store::Row& row) {
        shares.ids.emplace_back(row.Integer(0));
        shares.names.push_back(row.Text(1));
        return Status::Ok();
      }));
  return shares;
}

bool HoldsCase(const access::RecordLabel& case_label, access::OrganisationId organisation) {
  return case_label.owner == organisation ||
         std::find(case_label.shared_with.begin(), case_label.shared_with.end(), organisation) !=
             case_label.shared_with.end();
}

Result<std::vector<access::OrganisationId>> SharesOnCase(const access::RecordLabel& case_label,
                                                         std::int64_t case_id,
                                                         std::vector<access::OrganisationId> organisations,
                                                         std::string_view what) {
  for (const access::OrganisationId organisation : organisations) {
    if (!HoldsCase(case_label, organisation)) {
      return InvalidArgumentError(
          fmt::format("organisation {} does not hold case {}: its users could never read the {}",
                      organisation.value(), case_id, what));
    }
  }
  std::sort(organisations.begin(), organisations.end());
  organisations.erase(std::unique(organisations.begin(), organisations.end()), organisations.end());
  if (case_label.owner)
    std::erase(organisations, *case_label.owner);  // the lead organisation holds it already
  return organisations;
}

access::Clearance StoredLabel(std::int64_t value) {
  return access::ClearanceFromStored(value).value_or(access::Clearance::kStrictlyConfidential);
}

}  // namespace tocsin::respond
