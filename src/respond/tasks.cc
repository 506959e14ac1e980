#include "tocsin/respond/tasks.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "recording.h"
#include "tocsin/access/record_shares.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/respond/json.h"

namespace tocsin::respond {
namespace {

using access::Action;
using access::Resource;

constexpr std::array<std::string_view, 4> kTaskStatusNames = {"open", "acknowledged", "done", "cancelled"};

constexpr std::string_view kTaskSelect =
    "SELECT tasks.id, tasks.case_id, tasks.case_option_id, coalesce(response_options.name, ''), tasks.title, "
    "tasks.assignee_organisation_id, organisations.name, tasks.assignee_user_id, coalesce(owner.name, ''), "
    "tasks.due_at, tasks.status, tasks.label, tasks.created_at, coalesce(tasks.acknowledged_at, ''), "
    "coalesce(tasks.completed_at, ''), coalesce(tasks.escalated_at, ''), coalesce(lead.name, '') FROM tasks "
    "JOIN organisations ON organisations.id = tasks.assignee_organisation_id "
    "LEFT JOIN users AS owner ON owner.id = tasks.assignee_user_id "
    "LEFT JOIN users AS lead ON lead.id = tasks.escalated_to_user_id "
    "LEFT JOIN case_options ON case_options.id = tasks.case_option_id "
    "LEFT JOIN response_options ON response_options.id = case_options.option_id ";

bool Unfinished(TaskStatus status) {
  return status == TaskStatus::kOpen || status == TaskStatus::kAcknowledged;
}

Task TaskFromRow(const store::Row& row, const std::string& now) {
  Task task;
  task.id = row.Integer(0);
  task.case_id = row.Integer(1);
  if (!row.IsNull(2)) task.case_option_id = row.Integer(2);
  task.option_name = row.Text(3);
  task.title = row.Text(4);
  task.owner_organisation = access::OrganisationId(row.Integer(5));
  task.owner_organisation_name = row.Text(6);
  if (!row.IsNull(7)) task.owner_user = access::UserId(row.Integer(7));
  task.owner_user_name = row.Text(8);
  task.due_at = row.Text(9);
  task.status = ParseTaskStatus(row.Text(10)).value_or(TaskStatus::kOpen);
  task.label = StoredLabel(row.Integer(11));
  task.created_at = row.Text(12);
  task.acknowledged_at = row.Text(13);
  task.completed_at = row.Text(14);
  task.escalated_at = row.Text(15);
  task.escalated_to = row.Text(16);
  task.overdue = Unfinished(task.status) && task.due_at < now;
  return task;
}

Result<Task> LoadTask(store::Transaction& transaction, const Context& context, std::int64_t id) {
  std::optional<Task> task;
  const std::string now = context.clock.NowText();
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kTaskSelect) + "WHERE tasks.id = ?", params,
                                           [&](const store::Row& row) {
                                             task = TaskFromRow(row, now);
                                             return Status::Ok();
                                           }));
  if (!task) return Hidden("task", id);
  TOCSIN_ASSIGN_OR_RETURN(task->shared_with, SharesOf(transaction, Resource::kTask, id));
  return *task;
}

// The task after checking that the caller may change it.
Result<Task> TaskToChange(store::Transaction& transaction, const Context& context, std::int64_t id) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kUpdate, Resource::kTask));
  auto label = LoadRecordLabel(transaction, RecordKind::kTask, id);
  if (!label.ok()) return Hidden("task", id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kUpdate, Resource::kTask, *label, "task", id));
  return LoadTask(transaction, context, id);
}

// Which time a status change stamps.
enum class Stamp : std::uint8_t { kAcknowledged, kCompleted };

Status SetStatus(store::Transaction& transaction, const Context& context, const Task& task, TaskStatus status,
                 Stamp stamp, const std::string& reason) {
  const std::string now = context.clock.NowText();
  // A clock set back (--now) must not stamp a change before the task existed.
  if (now < task.created_at) {
    return InvalidArgumentError(fmt::format("task {} was created at {}; it cannot be {} at {}", task.id,
                                            task.created_at, TaskStatusName(status), now));
  }
  const std::vector<store::Value> params = {std::string(TaskStatusName(status)), now, task.id};
  constexpr std::string_view kStampAcknowledged = "UPDATE tasks SET status = ?, acknowledged_at = ? WHERE id = ?";
  constexpr std::string_view kStampCompleted = "UPDATE tasks SET status = ?, completed_at = ? WHERE id = ?";
  TOCSIN_RETURN_IF_ERROR(
      transaction.Execute(stamp == Stamp::kAcknowledged ? kStampAcknowledged : kStampCompleted, params).status());
  TOCSIN_RETURN_IF_ERROR(AddCaseEvent(transaction, context, task.case_id, "task",
                                      fmt::format("task {} {}: {} ({})", task.id, TaskStatusName(status),
                                                  task.title, task.owner_organisation_name),
                                      TimelineRecord{Resource::kTask, task.id}));
  return Audit(transaction, context, Resource::kTask, "update", task.id, {{"status", TaskStatusName(status)}},
               reason);
}

}  // namespace

std::string_view TaskStatusName(TaskStatus status) {
  return kTaskStatusNames.at(static_cast<std::size_t>(status));
}

std::optional<TaskStatus> ParseTaskStatus(std::string_view name) {
  for (std::size_t i = 0; i < kTaskStatusNames.size(); ++i) {
    if (kTaskStatusNames[i] == name) return static_cast<TaskStatus>(i);
  }
  return std::nullopt;
}

Result<Task> CreateTask(store::Transaction& transaction, const Context& context, const NewTask& request) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kCreate, Resource::kTask));
  auto case_label = LoadRecordLabel(transaction, RecordKind::kCase, request.case_id);
  if (!case_label.ok()) return Hidden("case", request.case_id);
  TOCSIN_RETURN_IF_ERROR(
      RequireRecord(context, Action::kRead, Resource::kCase, *case_label, "case", request.case_id));
  TOCSIN_RETURN_IF_ERROR(RequireOpenCase(transaction, request.case_id));
  const access::Clearance label = request.label.value_or(case_label->label);
  TOCSIN_RETURN_IF_ERROR(RequireLabelWithin(context, label));
  if (request.title.empty()) return InvalidArgumentError("a task needs a title");
  TOCSIN_ASSIGN_OR_RETURN(const TimePoint due, ParseUtc(request.due_at));
  if (request.owner_organisation.empty()) return InvalidArgumentError("a task needs an owner organisation");
  TOCSIN_ASSIGN_OR_RETURN(const access::OrganisationId owner, FindOrganisation(transaction, request.owner_organisation));
  // The organisation doing the work must hold the case: else none of its users
  // could be a member, read the task or acknowledge it.
  if (!HoldsCase(*case_label, owner)) {
    return InvalidArgumentError(fmt::format(
        "'{}' does not hold case {}: a task goes to the case's organisations (share the case with it when "
        "opening it)",
        request.owner_organisation, request.case_id));
  }
  // The organisation that does the work sees the task through sharing.
  std::vector<access::OrganisationId> requested = request.shared_with;
  requested.push_back(owner);
  TOCSIN_ASSIGN_OR_RETURN(const std::vector<access::OrganisationId> shares,
                          SharesOnCase(*case_label, request.case_id, std::move(requested), "task"));
  store::Value owner_user;
  if (!request.owner_user.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(const UserRef user, FindUser(transaction, request.owner_user));
    if (user.organisation != owner) {
      return InvalidArgumentError(
          fmt::format("'{}' is not a member of '{}', the task's owner organisation", request.owner_user,
                      request.owner_organisation));
    }
    // The person answering for the task must be able to read it.
    TOCSIN_ASSIGN_OR_RETURN(const access::Principal person, access::LoadPrincipal(transaction, user.id));
    const access::RecordLabel task_label = {
        .label = label, .owner = case_label->owner, .shared_with = shares, .case_id = case_label->case_id};
    if (!access::Decide(person, Action::kRead, Resource::kTask, task_label)) {
      return InvalidArgumentError(
          fmt::format("'{}' could not read this task (a member of case {}, cleared {} or above?): add them "
                      "to the case, or "
                      "name someone who can",
                      request.owner_user, request.case_id, access::ClearanceName(label)));
    }
    owner_user = user.id.value();
  }
  if (request.case_option_id) {
    bool on_case = false;
    const std::vector<store::Value> key = {*request.case_option_id, request.case_id};
    TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT 1 FROM case_options WHERE id = ? AND case_id = ?", key,
                                             [&](const store::Row&) {
                                               on_case = true;
                                               return Status::Ok();
                                             }));
    if (!on_case) {
      return InvalidArgumentError(
          fmt::format("option {} was not chosen on case {}", *request.case_option_id, request.case_id));
    }
  }
  const std::vector<store::Value> params = {request.case_id,
                                            Nullable(request.case_option_id),
                                            request.title,
                                            owner.value(),
                                            owner_user,
                                            FormatTime(due),
                                            static_cast<std::int64_t>(label),
                                            case_label->owner ? case_label->owner->value() : std::int64_t{0},
                                            context.clock.NowText(),
                                            context.principal.name};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO tasks (case_id, case_option_id, title, assignee_organisation_id, "
                                      "assignee_user_id, due_at, label, owner_organisation_id, created_at, "
                                      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  const std::int64_t id = transaction.LastInsertId();
  TOCSIN_RETURN_IF_ERROR(access::ReplaceShares(transaction, Resource::kTask, id, shares));
  TOCSIN_ASSIGN_OR_RETURN(Task task, LoadTask(transaction, context, id));
  TOCSIN_RETURN_IF_ERROR(
      AddCaseEvent(transaction, context, request.case_id, "task",
                   fmt::format("task {} assigned to {}{}: {}, due {}", id, task.owner_organisation_name,
                               task.owner_user_name.empty() ? "" : " (" + task.owner_user_name + ")",
                               task.title, task.due_at),
                   TimelineRecord{Resource::kTask, id}));
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kTask, "create", id,
                               {{"case", request.case_id},
                                {"owner_organisation", owner.value()},
                                {"due_at", task.due_at},
                                {"shared_with", ToJson(task.shared_with.ids)}},
                               request.reason));
  return task;
}

Result<Task> AcknowledgeTask(store::Transaction& transaction, const Context& context, std::int64_t id,
                             const std::string& reason) {
  TOCSIN_ASSIGN_OR_RETURN(Task task, TaskToChange(transaction, context, id));
  if (task.owner_organisation != context.principal.organisation) {
    return PermissionDeniedError(
        fmt::format("only a user of {}, the task's owner organisation, acknowledges task {}",
                    task.owner_organisation_name, id));
  }
  if (task.status != TaskStatus::kOpen) {
    return FailedPreconditionError(fmt::format("task {} is {}; only an open task is acknowledged", id,
                                               TaskStatusName(task.status)));
  }
  TOCSIN_RETURN_IF_ERROR(SetStatus(transaction, context, task, TaskStatus::kAcknowledged, Stamp::kAcknowledged, reason));
  return LoadTask(transaction, context, id);
}

Result<Task> FinishTask(store::Transaction& transaction, const Context& context, std::int64_t id,
                        TaskStatus status, const std::string& reason) {
  if (status != TaskStatus::kDone && status != TaskStatus::kCancelled) {
    return InvalidArgumentError("a task is finished as done or cancelled");
  }
  TOCSIN_ASSIGN_OR_RETURN(Task task, TaskToChange(transaction, context, id));
  const bool works_cases = context.principal.HasRole(access::Role::kCaseOfficer) ||
                           context.principal.HasRole(access::Role::kCoordinator);
  if (!works_cases) {
    return PermissionDeniedError("partner viewers acknowledge tasks; a case officer or coordinator finishes them");
  }
  if (!Unfinished(task.status)) {
    return FailedPreconditionError(fmt::format("task {} is already {}", id, TaskStatusName(task.status)));
  }
  TOCSIN_RETURN_IF_ERROR(SetStatus(transaction, context, task, status, Stamp::kCompleted, reason));
  return LoadTask(transaction, context, id);
}

Result<Task> GetTask(store::Transaction& transaction, const Context& context, std::int64_t id) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kTask));
  auto label = LoadRecordLabel(transaction, RecordKind::kTask, id);
  if (!label.ok()) return Hidden("task", id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kRead, Resource::kTask, *label, "task", id));
  return LoadTask(transaction, context, id);
}

Result<std::vector<Task>> ListTasks(store::Transaction& transaction, const Context& context,
                                    const TaskFilter& filter) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kTask));
  const access::SqlFilter visible = access::SqlFilterFor(context.principal, Action::kRead, Resource::kTask, kTaskColumns);
  const std::string now = context.clock.NowText();
  const store::Value case_id = filter.case_id ? store::Value(*filter.case_id) : store::Value();
  std::vector<Task> tasks;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      std::string(kTaskSelect) +
          "WHERE (? IS NULL OR tasks.case_id = ?) AND (? = 0 OR (tasks.status IN ('open', 'acknowledged') AND "
          "tasks.due_at < ?)) AND " +
          visible.sql + " ORDER BY tasks.due_at, tasks.id",
      WithFilter({case_id, case_id, static_cast<std::int64_t>(filter.overdue_only), now}, visible),
      [&](const store::Row& row) {
        tasks.push_back(TaskFromRow(row, now));
        return Status::Ok();
      }));
  for (Task& task : tasks) {
    TOCSIN_ASSIGN_OR_RETURN(task.shared_with, SharesOf(transaction, Resource::kTask, task.id));
  }
  return tasks;
}

Result<std::vector<std::int64_t>> EscalateOverdueTasks(store::Transaction& transaction, const Context& context) {
  struct Overdue {
    std::int64_t id;
    std::int64_t case_id;
    std::optional<std::int64_t> lead;
    std::string lead_name;
    std::string title;
    std::string due_at;
  };
  std::vector<Overdue> overdue;
  const std::string now = context.clock.NowText();
  const std::vector<store::Value> params = {now};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT tasks.id, tasks.case_id, cases.lead_user_id, coalesce(users.name, ''), tasks.title, tasks.due_at "
      "FROM tasks JOIN cases ON cases.id = tasks.case_id LEFT JOIN users ON users.id = cases.lead_user_id "
      "WHERE tasks.status IN ('open', 'acknowledged') AND tasks.due_at < ? AND tasks.escalated_at IS NULL "
      "ORDER BY tasks.due_at, tasks.id",
      params, [&](const store::Row& row) {
        overdue.push_back({row.Integer(0), row.Integer(1),
                           row.IsNull(2) ? std::nullopt : std::optional<std::int64_t>(row.Integer(2)), row.Text(3),
                           row.Text(4), row.Text(5)});
        return Status::Ok();
      }));
  std::vector<std::int64_t> escalated;
  for (const Overdue& task : overdue) {
    const std::vector<store::Value> update = {now, Nullable(task.lead), task.id};
    TOCSIN_RETURN_IF_ERROR(
        transaction.Execute("UPDATE tasks SET escalated_at = ?, escalated_to_user_id = ? WHERE id = ?", update)
            .status());
    TOCSIN_RETURN_IF_ERROR(AddCaseEvent(
        transaction, context, task.case_id, "escalation",
        fmt::format("task {} overdue since {}, escalated to the case lead {}: {}", task.id, task.due_at,
                    task.lead_name.empty() ? "(none named)" : task.lead_name, task.title),
        TimelineRecord{Resource::kTask, task.id}));
    TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kTask, "update", task.id,
                                 {{"escalated_to", task.lead_name}, {"due_at", task.due_at}}, "overdue"));
    escalated.push_back(task.id);
  }
  return escalated;
}

}  // namespace tocsin::respond
