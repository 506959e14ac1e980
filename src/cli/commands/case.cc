// tocsin case open|list|show|member|status|option|decide|brief: work a case
// from the server's shell, as a named user under the access policy.
#include <fmt/format.h>

#include <iostream>

#include "command.h"
#include "respond_context.h"
#include "tocsin/respond/brief.h"
#include "tocsin/respond/json.h"

namespace tocsin::cli {
namespace {

struct CaseOptions {
  RespondFlags flags;
  std::int64_t id = 0;
  std::string title, country, admin1, label = "confidential", lead, status, note, what, who, why, at;
  std::string partner, html, json_file, maximum_label = "restricted";
  std::vector<std::string> members, shares, signals;
  std::int64_t alert = 0;
  std::int64_t option = 0;
  std::string user;
};

void PrintCase(const respond::Case& record) {
  fmt::print("Case {}: {}\n  {}{}, {}, {}; lead {} ({}); opened {}\n", record.id, record.title, record.country,
             record.admin1.empty() ? "" : " (" + record.admin1 + ")", respond::CaseStatusName(record.status),
             access::ClearanceName(record.label), record.lead_user_name, record.lead_organisation_name,
             record.opened_at);
}

Status Open(store::Store& store, const CaseOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const int gw, ParseCountry(options.country));
  TOCSIN_ASSIGN_OR_RETURN(const access::Clearance label, LabelFlag(options.label));
  return RunAs(store, options.flags, true, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto shares, SharedWith(transaction, options.shares));
    respond::NewCase request{.title = options.title,
                             .gw = gw,
                             .admin1 = options.admin1,
                             .label = label,
                             .lead_user = options.lead,
                             .members = options.members,
                             .shared_with = shares,
                             .reason = options.flags.reason};
    if (options.alert > 0) request.origin_alert_id = options.alert;
    TOCSIN_ASSIGN_OR_RETURN(const respond::Case record, respond::OpenCase(transaction, context, request));
    if (options.flags.json) {
      fmt::print("{}\n", respond::ToJson(record).dump(2));
    } else {
      fmt::print("Opened case {}.\n", record.id);
      PrintCase(record);
    }
    return Status::Ok();
  });
}

Status List(store::Store& store, const CaseOptions& options) {
  return RunAs(store, options.flags, false, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    respond::CaseFilter filter;
    if (!options.status.empty()) {
      filter.status = respond::ParseCaseStatus(options.status);
      if (!filter.status) return InvalidArgumentError(fmt::format("unknown case status '{}'", options.status));
    }
    TOCSIN_ASSIGN_OR_RETURN(const auto cases, respond::ListCases(transaction, context, filter));
    if (options.flags.json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& record : cases) list.push_back(respond::ToJson(record));
      fmt::print("{}\n", list.dump(2));
      return Status::Ok();
    }
    fmt::print("{:<5} {:<18} {:<28} {:<22} {}\n", "ID", "STATUS", "COUNTRY", "LEAD", "TITLE");
    for (const auto& record : cases) {
      fmt::print("{:<5} {:<18} {:<28} {:<22} {}\n", record.id, respond::CaseStatusName(record.status), record.country,
                 record.lead_organisation_name, record.title);
    }
    fmt::print("{} case{}.\n", cases.size(), cases.size() == 1 ? "" : "s");
    return Status::Ok();
  });
}

Status Show(store::Store& store, const CaseOptions& options) {
  return RunAs(store, options.flags, false, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto record, respond::GetCase(transaction, context, options.id));
    TOCSIN_ASSIGN_OR_RETURN(const auto chosen, respond::ListCaseOptions(transaction, context, options.id));
    TOCSIN_ASSIGN_OR_RETURN(const auto tasks, respond::ListTasks(transaction, context, {.case_id = options.id}));
    TOCSIN_ASSIGN_OR_RETURN(const auto decisions, respond::ListDecisions(transaction, context, options.id));
    TOCSIN_ASSIGN_OR_RETURN(const auto timeline, respond::CaseTimeline(transaction, context, options.id));
    if (options.flags.json) {
      nlohmann::json json = respond::ToJson(record);
      for (const auto& option : chosen) json["options"].push_back(respond::ToJson(option));
      for (const auto& task : tasks) json["tasks"].push_back(respond::ToJson(task));
      for (const auto& decision : decisions) json["decisions"].push_back(respond::ToJson(decision));
      for (const auto& entry : timeline) json["timeline"].push_back(respond::ToJson(entry));
      fmt::print("{}\n", json.dump(2));
      return Status::Ok();
    }
    PrintCase(record);
    fmt::print("  members: {}\n", fmt::join(record.members, ", "));
    for (const auto& option : chosen) {
      fmt::print("Option {}: {} ({}){}\n", option.id, option.option.name,
                 respond::OptionCategoryTitle(option.option.category), option.active ? "" : " [dropped]");
    }
    for (const auto& task : tasks) {
      fmt::print("Task {}: {} [{}{}] {} {} due {}\n", task.id, task.title, respond::TaskStatusName(task.status),
                 task.overdue ? ", overdue" : "", task.owner_organisation_name, task.owner_user_name, task.due_at);
    }
    for (const auto& decision : decisions) {
      fmt::print("Decision {} at {} by {}: {} (why: {})\n", decision.id, decision.decided_at, decision.who,
                 decision.what, decision.why);
    }
    fmt::print("Timeline:\n");
    for (const auto& entry : timeline) fmt::print("  {}  {:<10} {}\n", entry.at, entry.kind, entry.text);
    return Status::Ok();
  });
}

Status Change(store::Store& store, const CaseOptions& options, CLI::App* member, CLI::App* status, CLI::App* option) {
  return RunAs(store, options.flags, true, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    if (member->parsed()) {
      TOCSIN_RETURN_IF_ERROR(respond::AddCaseMember(transaction, context, options.id, options.user, options.flags.reason));
      fmt::print("{} is now a member of case {}.\n", options.user, options.id);
    } else if (status->parsed()) {
      const auto parsed = respond::ParseCaseStatus(options.status);
      if (!parsed) {
        return InvalidArgumentError(fmt::format(
            "unknown case status '{}': use watch, preventive-action, crisis-response or closed", options.status));
      }
      TOCSIN_RETURN_IF_ERROR(respond::SetCaseStatus(transaction, context, options.id, *parsed, options.flags.reason));
      fmt::print("Case {} is now {}.\n", options.id, respond::CaseStatusName(*parsed));
    } else if (option->parsed()) {
      TOCSIN_ASSIGN_OR_RETURN(const auto chosen, respond::ChooseOption(transaction, context, options.id, options.option,
                                                                       options.note, options.flags.reason));
      fmt::print("Option {} on case {}: {} ({}).\n", chosen.id, options.id, chosen.option.name,
                 respond::OptionCategoryTitle(chosen.option.category));
    }
    return Status::Ok();
  });
}

Status Decide(store::Store& store, const CaseOptions& options) {
  return RunAs(store, options.flags, true, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    respond::NewDecision request{
        .case_id = options.id, .what = options.what, .who = options.who, .why = options.why, .decided_at = options.at};
    TOCSIN_ASSIGN_OR_RETURN(request.shared_with, SharedWith(transaction, options.shares));
    for (const std::string& text : options.signals) {
      TOCSIN_ASSIGN_OR_RETURN(const respond::Signal signal, respond::ParseSignal(text));
      request.signals.push_back(signal);
    }
    TOCSIN_ASSIGN_OR_RETURN(const auto decision, respond::RecordDecision(transaction, context, request));
    if (options.flags.json) {
      fmt::print("{}\n", respond::ToJson(decision).dump(2));
    } else {
      fmt::print("Decision {} on case {} recorded: {} ({}, {}).\n", decision.id, decision.case_id, decision.what,
                 decision.who, decision.decided_at);
    }
    return Status::Ok();
  });
}

Status Brief(store::Store& store, const CaseOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const access::Clearance label, LabelFlag(options.maximum_label));
  return RunAs(store, options.flags, true, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto brief,
                            respond::ExportBrief(transaction, context,
                                                 {.case_id = options.id,
                                                  .partner = options.partner,
                                                  .maximum_label = label,
                                                  .reason = options.flags.reason}));
    if (!options.html.empty()) TOCSIN_RETURN_IF_ERROR(WriteTextFile(options.html, brief.html));
    if (!options.json_file.empty())
      TOCSIN_RETURN_IF_ERROR(WriteTextFile(options.json_file, brief.json.dump(2) + "\n"));
    if (options.flags.json) {
      // As the API answers the exporter: the brief (what the partner gets) beside
      // what only the exporter learns, how many records were left out.
      const nlohmann::json answer = {{"export_id", brief.export_id},
                                     {"watermark", brief.watermark},
                                     {"omitted", brief.omitted},
                                     {"brief", brief.json}};
      fmt::print("{}\n", answer.dump(2));
    } else {
      fmt::print("Brief {} for {}: {} task(s), {} decision(s); {} record(s) left out.\n{}\n", brief.export_id,
                 options.partner, brief.json["tasks"].size(), brief.json["decisions"].size(), brief.omitted,
                 brief.watermark);
    }
    return Status::Ok();
  });
}

Command RegisterCase(CLI::App& app, CommonOptions& common) {
  CLI::App* group = app.add_subcommand(
      "case", "Work cases: open, list, show, member, status, option, decide, brief (as a named user)");
  group->require_subcommand(1);
  auto options = std::make_shared<CaseOptions>();
  group->footer(
      "A case is a situation under active attention; only its members see it and its records.\n"
      "Example:\n  tocsin case open --as cora --title 'Bangui violence' --country CAF --alert 1 --label confidential\n"
      "  tocsin case option 1 12 --as cora --reason 'stop the surge'\n"
      "  tocsin case decide 1 --as cora --what 'Send an envoy' --who 'Prevention board' --why 'killings spreading' "
      "--signal alert:1");

  CLI::App* open = group->add_subcommand("open", "Open a case led by your organisation");
  open->add_option("--title", options->title, "What the case is about")->required();
  open->add_option("--country", options->country, "ISO3 code, Gleditsch-Ward number or name")->required();
  open->add_option("--admin1", options->admin1, "A region of the country");
  open->add_option("--label", options->label, "public, restricted, confidential or strictly-confidential")
      ->capture_default_str();
  open->add_option("--alert", options->alert, "The alert that prompted the case");
  open->add_option("--lead", options->lead, "The case lead (a user of your organisation); default: you");
  open->add_option("--member", options->members, "A member besides you and the lead; repeat for several");
  open->add_option("--share", options->shares, "An organisation to share the case with; repeat for several");

  CLI::App* list = group->add_subcommand("list", "List the cases you may see");
  list->add_option("--status", options->status, "watch, preventive-action, crisis-response or closed");

  CLI::App* show = group->add_subcommand("show", "Show a case: options, tasks, decisions and timeline");
  show->add_option("ID", options->id, "Case id")->required();

  CLI::App* member = group->add_subcommand("member", "Add a member to a case (need-to-know)");
  member->add_option("ID", options->id, "Case id")->required();
  member->add_option("USER", options->user, "Login name")->required();

  CLI::App* status = group->add_subcommand("status", "Move a case to another status");
  status->add_option("ID", options->id, "Case id")->required();
  status->add_option("STATUS", options->status, "watch, preventive-action, crisis-response or closed")->required();

  CLI::App* option = group->add_subcommand("option", "Put a catalogue option on a case (see `tocsin option list`)");
  option->add_option("ID", options->id, "Case id")->required();
  option->add_option("OPTION", options->option, "Catalogue option id")->required();
  option->add_option("--note", options->note, "What it is to achieve here");

  CLI::App* decide = group->add_subcommand("decide", "Record a decision: what, who, when, why and the signals");
  decide->add_option("ID", options->id, "Case id")->required();
  decide->add_option("--what", options->what, "What was decided")->required();
  decide->add_option("--who", options->who, "Who decided (a person or a body)")->required();
  decide->add_option("--why", options->why, "Why")->required();
  decide->add_option("--at", options->at, "When it was decided (UTC); default: now");
  decide->add_option("--signal", options->signals, "A signal on the table: alert:ID, forecast:RUN or watchlist:ENTRY");
  decide->add_option(
      "--share", options->shares,
      "An organisation (by name) to share the decision with; repeat for several. Its users read it "
      "only as members of the case");

  CLI::App* brief = group->add_subcommand("brief", "Export a case brief for a partner organisation");
  brief->add_option("ID", options->id, "Case id")->required();
  brief->add_option("--partner", options->partner, "The partner organisation")->required();
  brief->add_option("--max-label", options->maximum_label, "Nothing above this label goes out")->capture_default_str();
  brief->add_option("--html", options->html, "Write the brief as HTML to FILE");
  brief->add_option("--json-file", options->json_file, "Write the brief as JSON to FILE");
  brief->footer("The brief holds only what the partner may see; --reason is required and goes to the audit log.");

  for (CLI::App* command : {open, list, show, member, status, option, decide, brief}) {
    AddDbOption(command, common);
    AddRespondFlags(command, options->flags);
  }
  brief->get_option("--reason")->required();

  return {group, [&common, options, open, list, show, member, status, option, decide, brief] {
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            if (open->parsed()) return Finish(Open(**store, *options));
            if (list->parsed()) return Finish(List(**store, *options));
            if (show->parsed()) return Finish(Show(**store, *options));
            if (decide->parsed()) return Finish(Decide(**store, *options));
            if (brief->parsed()) return Finish(Brief(**store, *options));
            return Finish(Change(**store, *options, member, status, option));
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(64, RegisterCase);

}  // namespace tocsin::cli
