// The catalogue of preventive options over the API (docs/workflow.md).
#include "api_routes.h"
#include "respond_calls.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

Result<std::optional<respond::OptionCategory>> CategoryNamed(const std::optional<std::string>& name) {
  if (!name) return std::optional<respond::OptionCategory>();
  const auto category = respond::ParseOptionCategory(*name);
  if (!category) {
    return InvalidArgumentError(
        "category must be diplomatic, economic, legal, security, humanitarian or communication");
  }
  return std::optional<respond::OptionCategory>(*category);
}

Result<Reply> ListOptions(Call& call) {
  std::optional<std::string> name;
  if (call.request.has_param("category")) name = call.request.get_param_value("category");
  TOCSIN_ASSIGN_OR_RETURN(const auto category, CategoryNamed(name));
  std::vector<respond::Option> options;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(options, respond::ListOptions(transaction, context, category));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kOption, options));
  return Reply{.body = {{"options", JsonList(options)}}};
}

Result<Reply> AddOption(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string category_name, RequiredString(body, "category"));
  TOCSIN_ASSIGN_OR_RETURN(const auto category, CategoryNamed(category_name));
  respond::Option option{.category = *category};
  TOCSIN_ASSIGN_OR_RETURN(option.name, RequiredString(body, "name"));
  TOCSIN_ASSIGN_OR_RETURN(option.description, RequiredString(body, "description"));
  TOCSIN_ASSIGN_OR_RETURN(option.owner_kinds, OptionalStrings(body, "owner_kinds"));
  TOCSIN_ASSIGN_OR_RETURN(const auto lead_time, OptionalInt(body, "lead_time_days"));
  option.lead_time_days = lead_time.value_or(0);
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "label"));
  option.label = label.value_or(access::Clearance::kRestricted);
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(option, respond::AddOption(transaction, context, option, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(option)};
}

}  // namespace

void AddOptionRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "response"};
  group.On(Resource::kOption)
      .Add("GET", "/api/v1/options", "The catalogue of preventive options the caller may read", Action::kRead,
           "", "OptionList", ListOptions, 200,
           {{"category", "string",
             "Only this category: diplomatic, economic, legal, security, humanitarian or communication"}});
  group.On(Resource::kOption)
      .Add("POST", "/api/v1/options", "Add an option of the caller's organisation to the catalogue",
           Action::kCreate, "NewOption", "Option", AddOption, 201);
}

}  // namespace tocsin::server
