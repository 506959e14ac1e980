// Tasks put an option into motion on a case: an owner organisation and person,
// a due date, a status (open -> acknowledged by the owner -> done, or
// cancelled) and escalation to the case lead once overdue. The record belongs to
// the case's lead organisation and is shared with the owner organisation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/respond/records.h"

namespace tocsin::respond {

enum class TaskStatus : std::uint8_t { kOpen, kAcknowledged, kDone, kCancelled };
std::string_view TaskStatusName(TaskStatus status);  // "open", "acknowledged", "done", "cancelled"
std::optional<TaskStatus> ParseTaskStatus(std::string_view name);

struct Task {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::optional<std::int64_t> case_option_id = {};
  std::string option_name = {};
  std::string title = {};
  access::OrganisationId owner_organisation = {};  // who does the work
  std::string owner_organisation_name = {};
  std::optional<access::UserId> owner_user = {};
  std::string owner_user_name = {};
  std::string due_at = {};
  TaskStatus status = TaskStatus::kOpen;
  access::Clearance label = access::Clearance::kConfidential;
  std::string created_at = {};
  std::string acknowledged_at = {};
  std::string completed_at = {};
  std::string escalated_at = {};
  std::string escalated_to = {};  // the case lead's login name
  bool overdue = false;      // open or acknowledged, and due before the clock's now
  SharedWith shared_with = {};  // with the owner organisation when not the case's
};

struct NewTask {
  std::int64_t case_id = 0;
  std::optional<std::int64_t> case_option_id = {};  // the chosen option it carries out
  std::string title = {};
  std::string owner_organisation = {};  // by name
  std::string owner_user = {};          // login name; optional
  std::string due_at = {};              // UTC, as ParseUtc reads it
  std::optional<access::Clearance> label = {};  // default: the case's label
  std::vector<access::OrganisationId> shared_with = {};  // besides the owner organisation
  std::string reason = {};
};

// Errors: NotFound (case); PermissionDenied; InvalidArgument (unknown
// organisation or user, a user of another organisation, bad due date, option of
// another case).
Result<Task> CreateTask(store::Transaction& transaction, const Context& context, const NewTask& request);

// The owner acknowledges: only a user of the owner organisation. Errors:
// NotFound; PermissionDenied; FailedPrecondition unless open.
Result<Task> AcknowledgeTask(store::Transaction& transaction, const Context& context, std::int64_t id,
                             const std::string& reason);
// open or acknowledged -> done or cancelled. Errors as AcknowledgeTask.
Result<Task> FinishTask(store::Transaction& transaction, const Context& context, std::int64_t id,
                        TaskStatus status, const std::string& reason);

Result<Task> GetTask(store::Transaction& transaction, const Context& context, std::int64_t id);

struct TaskFilter {
  std::optional<std::int64_t> case_id = {};
  bool overdue_only = false;
};
Result<std::vector<Task>> ListTasks(store::Transaction& transaction, const Context& context,
                                    const TaskFilter& filter = {});

// Escalates every task that is overdue at the clock's now and not yet escalated
// to its case's lead: stamps it, adds a timeline entry and an audit entry. Runs
// for the whole installation (it is the system's duty, not a user's); returns
// the ids escalated.
Result<std::vector<std::int64_t>> EscalateOverdueTasks(store::Transaction& transaction, const Context& context);

}  // namespace tocsin::respond
