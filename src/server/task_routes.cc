// Tasks and decisions over the API (docs/workflow.md): options put into motion with
// an owner and a due date, and the decisions taken on a case with their reasons.
#include "api_routes.h"
#include "respond_calls.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

Result<Reply> ListTasks(Call& call) {
  respond::TaskFilter filter;
  TOCSIN_ASSIGN_OR_RETURN(filter.case_id, call.IntegerQuery("case"));
  if (call.request.has_param("overdue")) {
    const std::string overdue = call.request.get_param_value("overdue");
    if (overdue != "true" && overdue != "false") {
      return InvalidArgumentError("query parameter 'overdue' must be true or false");
    }
    filter.overdue_only = overdue == "true";
  }
  std::vector<respond::Task> tasks;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(tasks, respond::ListTasks(transaction, context, filter));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kTask, tasks));
  return Reply{.body = {{"tasks", JsonList(tasks)}}};
}

Result<Reply> CreateTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::NewTask request;
  TOCSIN_ASSIGN_OR_RETURN(const auto case_id, OptionalInteger(body, "case_id"));
  if (!case_id) return InvalidArgumentError("field 'case_id' is required");
  request.case_id = *case_id;
  TOCSIN_ASSIGN_OR_RETURN(request.case_option_id, OptionalInteger(body, "case_option_id"));
  TOCSIN_ASSIGN_OR_RETURN(request.title, RequiredString(body, "title"));
  TOCSIN_ASSIGN_OR_RETURN(request.owner_organisation, RequiredString(body, "owner_organisation"));
  TOCSIN_ASSIGN_OR_RETURN(const auto owner_user, OptionalString(body, "owner_user"));
  request.owner_user = owner_user.value_or("");
  TOCSIN_ASSIGN_OR_RETURN(request.due_at, RequiredString(body, "due_at"));
  TOCSIN_ASSIGN_OR_RETURN(request.label, OptionalClearance(body, "label"));
  TOCSIN_ASSIGN_OR_RETURN(const auto shared_with, OptionalOrganisations(body, "shared_with"));
  request.reason = Reason(body);
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(request.shared_with, ResolveOrganisations(transaction, shared_with));
    TOCSIN_ASSIGN_OR_RETURN(task, respond::CreateTask(transaction, context, request));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(task)};
}

Result<Reply> GetTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(task, respond::GetTask(transaction, context, id));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kTask, {{task.id, task.label}}));
  return Reply{.body = respond::ToJson(task)};
}

Result<Reply> AcknowledgeTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(task, respond::AcknowledgeTask(transaction, context, id, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.body = respond::ToJson(task)};
}

Result<Reply> FinishTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "status"));
  const auto status = respond::ParseTaskStatus(name);
  if (!status || (*status != respond::TaskStatus::kDone && *status != respond::TaskStatus::kCancelled)) {
    return InvalidArgumentError("field 'status' must be done or cancelled");
  }
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(task, respond::FinishTask(transaction, context, id, *status, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.body = respond::ToJson(task)};
}

Result<Reply> ListDecisions(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const auto case_id, call.IntegerQuery("case"));
  std::vector<respond::DecisionRecord> decisions;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(decisions, respond::ListDecisions(transaction, context, case_id));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kDecision, decisions));
  return Reply{.body = {{"decisions", JsonList(decisions)}}};
}

Result<Reply> RecordDecision(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::NewDecision request;
  TOCSIN_ASSIGN_OR_RETURN(const auto case_id, OptionalInteger(body, "case_id"));
  if (!case_id) return InvalidArgumentError("field 'case_id' is required");
  request.case_id = *case_id;
  TOCSIN_ASSIGN_OR_RETURN(request.what, RequiredString(body, "what"));
  TOCSIN_ASSIGN_OR_RETURN(request.who, RequiredString(body, "who"));
  TOCSIN_ASSIGN_OR_RETURN(request.why, RequiredString(body, "why"));
  TOCSIN_ASSIGN_OR_RETURN(const auto decided_at, OptionalString(body, "decided_at"));
  request.decided_at = decided_at.value_or("");
  TOCSIN_ASSIGN_OR_RETURN(const std::vector<std::string> signals, OptionalStrings(body, "signals"));
  for (const std::string& text : signals) {
    TOCSIN_ASSIGN_OR_RETURN(respond::Signal signal, respond::ParseSignal(text));
    request.signals.push_back(signal);
  }
  TOCSIN_ASSIGN_OR_RETURN(request.label, OptionalClearance(body, "label"));
  TOCSIN_ASSIGN_OR_RETURN(const auto shared_with, OptionalOrganisations(body, "shared_with"));
  respond::DecisionRecord decision;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(request.shared_with, ResolveOrganisations(transaction, shared_with));
    TOCSIN_ASSIGN_OR_RETURN(decision, respond::RecordDecision(transaction, context, request));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(decision)};
}

}  // namespace

void AddTaskRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "response"};
  group.On(Resource::kTask)
      .Add("GET", "/api/v1/tasks", "Tasks the caller may read, soonest due first", Action::kRead, "",
           "TaskList", ListTasks, 200,
           {{"case", "integer", "Only tasks of this case"},
            {"overdue", "string", "true: only overdue tasks"}});
  group.On(Resource::kTask)
      .Add("POST", "/api/v1/tasks", "Put an option into motion: a task with an owner and a due date",
           Action::kCreate, "NewTask", "Task", CreateTask, 201);
  group.On(Resource::kTask).Add("GET", "/api/v1/tasks/{id}", "One task", Action::kRead, "", "Task", GetTask);
  group.On(Resource::kTask)
      .Add("POST", "/api/v1/tasks/{id}/acknowledge", "The owner organisation acknowledges a task",
           Action::kUpdate, "Reason", "Task", AcknowledgeTask);
  group.On(Resource::kTask)
      .Add("POST", "/api/v1/tasks/{id}/completion", "Mark a task done or cancelled", Action::kUpdate,
           "TaskCompletion", "Task", FinishTask);
  group.On(Resource::kDecision)
      .Add("GET", "/api/v1/decisions", "Decisions the caller may read", Action::kRead, "", "DecisionList",
           ListDecisions, 200, {{"case", "integer", "Only decisions on this case"}});
  group.On(Resource::kDecision)
      .Add("POST", "/api/v1/decisions", "Record a decision on a case: what, who, when, why and its signals",
           Action::kCreate, "NewDecision", "Decision", RecordDecision, 201);
}

}  // namespace tocsin::server
