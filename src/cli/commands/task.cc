// tocsin task add|list|ack|done|cancel|escalate: put options into motion and
// follow them up, as a named user under the access policy.
#include <fmt/format.h>

#include "command.h"
#include "respond_context.h"
#include "tocsin/respond/json.h"

namespace tocsin::cli {
namespace {

struct TaskOptions {
  RespondFlags flags;
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t option = 0;
  std::string title, organisation, owner, due, label;
  std::vector<std::string> shares;
  bool overdue = false;
};

void PrintTask(const respond::Task& task) {
  fmt::print("Task {} (case {}): {} [{}{}{}] {}{} due {}\n", task.id, task.case_id, task.title,
             respond::TaskStatusName(task.status), task.overdue ? ", overdue" : "",
             task.escalated_at.empty() ? "" : ", escalated to " + task.escalated_to, task.owner_organisation_name,
             task.owner_user_name.empty() ? "" : " (" + task.owner_user_name + ")", task.due_at);
}

Status Add(store::Store& store, const TaskOptions& options) {
  std::optional<access::Clearance> label;
  if (!options.label.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(label, LabelFlag(options.label));
  }
  return RunAs(store, options.flags, true, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    respond::NewTask request{.case_id = options.case_id,
                             .title = options.title,
                             .owner_organisation = options.organisation,
                             .owner_user = options.owner,
                             .due_at = options.due,
                             .label = label,
                             .reason = options.flags.reason};
    if (options.option > 0) request.case_option_id = options.option;
    TOCSIN_ASSIGN_OR_RETURN(request.shared_with, SharedWith(transaction, options.shares));
    TOCSIN_ASSIGN_OR_RETURN(const auto task, respond::CreateTask(transaction, context, request));
    if (options.flags.json) {
      fmt::print("{}\n", respond::ToJson(task).dump(2));
    } else {
      fmt::print("Added task {}.\n", task.id);
      PrintTask(task);
    }
    return Status::Ok();
  });
}

Status List(store::Store& store, const TaskOptions& options) {
  return RunAs(store, options.flags, false, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    respond::TaskFilter filter{.overdue_only = options.overdue};
    if (options.case_id > 0) filter.case_id = options.case_id;
    TOCSIN_ASSIGN_OR_RETURN(const auto tasks, respond::ListTasks(transaction, context, filter));
    if (options.flags.json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& task : tasks) list.push_back(respond::ToJson(task));
      fmt::print("{}\n", list.dump(2));
      return Status::Ok();
    }
    for (const auto& task : tasks) PrintTask(task);
    fmt::print("{} task{}.\n", tasks.size(), tasks.size() == 1 ? "" : "s");
    return Status::Ok();
  });
}

Status Change(store::Store& store, const TaskOptions& options, respond::TaskStatus status) {
  return RunAs(store, options.flags, true, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto task,
                            status == respond::TaskStatus::kAcknowledged
                                ? respond::AcknowledgeTask(transaction, context, options.id, options.flags.reason)
                                : respond::FinishTask(transaction, context, options.id, status, options.flags.reason));
    PrintTask(task);
    return Status::Ok();
  });
}

Status Escalate(store::Store& store, const TaskOptions& options) {
  // RunAs escalates before any write; this command only reports what it did.
  return RunAs(store, options.flags, false, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto tasks, respond::ListTasks(transaction, context, {.overdue_only = true}));
    for (const auto& task : tasks) PrintTask(task);
    fmt::print("{} overdue task{} you may see.\n", tasks.size(), tasks.size() == 1 ? "" : "s");
    return Status::Ok();
  });
}

Command RegisterTask(CLI::App& app, CommonOptions& common) {
  CLI::App* group = app.add_subcommand("task", "Tasks on cases: add, list, ack, done, cancel, escalate");
  group->require_subcommand(1);
  auto options = std::make_shared<TaskOptions>();
  group->footer(
      "A task puts an option into motion: an owner organisation (and person), a due date, acknowledgement by the\n"
      "owner. Overdue tasks are escalated to the case lead at the next change (or by `task escalate`).\n"
      "Example:\n  tocsin task add --as cora --case 1 --option 1 --title 'Brief the envoy' --organisation 'UN Office'"
      " --owner uma --due 2026-03-06T12:00");

  CLI::App* add = group->add_subcommand("add", "Add a task to a case");
  add->add_option("--case", options->case_id, "Case id")->required();
  add->add_option("--title", options->title, "What is to be done")->required();
  add->add_option("--organisation", options->organisation, "The owner organisation")->required();
  add->add_option("--owner", options->owner, "The owner person (a user of that organisation)");
  add->add_option("--due", options->due, "Due date (UTC)")->required();
  add->add_option("--option", options->option, "The case option it carries out (from `case show`)");
  add->add_option("--label", options->label, "Its label; default: the case's");
  add->add_option("--share", options->shares, "Another organisation to share it with; repeat for several");

  CLI::App* list = group->add_subcommand("list", "List the tasks you may see");
  list->add_option("--case", options->case_id, "Only this case's");
  list->add_flag("--overdue", options->overdue, "Only overdue tasks");

  CLI::App* ack = group->add_subcommand("ack", "Acknowledge a task your organisation owns");
  CLI::App* done = group->add_subcommand("done", "Mark a task done");
  CLI::App* cancel = group->add_subcommand("cancel", "Cancel a task");
  for (CLI::App* command : {ack, done, cancel}) command->add_option("ID", options->id, "Task id")->required();
  CLI::App* escalate = group->add_subcommand("escalate", "Escalate overdue tasks to their case leads, and list them");

  for (CLI::App* command : {add, list, ack, done, cancel, escalate}) {
    AddDbOption(command, common);
    AddRespondFlags(command, options->flags);
  }
  return {group, [&common, options, add, list, ack, done, cancel, escalate] {
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            if (add->parsed()) return Finish(Add(**store, *options));
            if (list->parsed()) return Finish(List(**store, *options));
            if (ack->parsed()) return Finish(Change(**store, *options, respond::TaskStatus::kAcknowledged));
            if (done->parsed()) return Finish(Change(**store, *options, respond::TaskStatus::kDone));
            if (cancel->parsed()) return Finish(Change(**store, *options, respond::TaskStatus::kCancelled));
            if (escalate->parsed()) {
              // Escalation is a write; run it, then report.
              const Status escalated = RunAs(**store, options->flags, true,
                                             [](store::Transaction&, const respond::Context&) { return Status::Ok(); });
              if (!escalated.ok()) return Fail(escalated);
              return Finish(Escalate(**store, *options));
            }
            return static_cast<int>(kExitUsage);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(65, RegisterTask);

}  // namespace tocsin::cli
