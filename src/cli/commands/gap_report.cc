// tocsin gap-report: the warning-to-response gap, as text, JSON or an HTML page,
// whole or shareable (nothing above a chosen label).
#include <fmt/format.h>

#include "command.h"
#include "respond_context.h"
#include "tocsin/respond/gap.h"

namespace tocsin::cli {
namespace {

struct GapFlags {
  RespondFlags flags;
  std::string quarter, maximum_label, html, json_file;
  int top = 30;
};

std::string Hours(const std::optional<double>& hours) {
  return hours ? fmt::format("{:.1f}h", *hours) : "-";
}

std::string Share(const respond::Coverage& coverage) {
  return coverage.share ? fmt::format("{:.0f}% ({}/{})", 100 * *coverage.share, coverage.with_active_option,
                                      coverage.countries)
                        : "n/a (no countries)";
}

void PrintReport(const respond::GapReport& report, int top) {
  fmt::print("Warning-to-response gap, {} (nothing above {})\n", report.period, report.maximum_label);
  for (const auto& alert : report.alerts) {
    fmt::print("alert {} {}: owner {} in {}{}, decision in {}, first completed task {} after the decision\n",
               alert.alert_id, alert.country, alert.owner.empty() ? "(none)" : alert.owner,
               Hours(alert.hours_to_owner),
               !alert.owner_within_deadline ? "" : *alert.owner_within_deadline ? " (within deadline)" : " (LATE)",
               Hours(alert.hours_to_decision), Hours(alert.hours_decision_to_first_completed_task));
  }
  for (const auto& gap : report.cases) {
    fmt::print("case {} {}: owner in {}, decision in {}, first completed task {} after the decision; tasks {}, done {}, "
               "overdue {}\n",
               gap.case_id, gap.title, Hours(gap.hours_to_owner), Hours(gap.hours_to_decision),
               Hours(gap.hours_decision_to_first_completed_task), gap.tasks, gap.tasks_done, gap.tasks_overdue);
  }
  for (const auto& organisation : report.organisations) {
    fmt::print("organisation {}: open {}, overdue {}, escalated {}\n", organisation.organisation,
               organisation.open_tasks, organisation.overdue_tasks, organisation.escalated_tasks);
  }
  fmt::print("top-{} with an active preventive option: {}\n", top, Share(report.top30));
  fmt::print("watchlist with an active preventive option: {}\n", Share(report.watchlist));
}

Command RegisterGapReport(CLI::App& app, CommonOptions& common) {
  auto options = std::make_shared<GapFlags>();
  CLI::App* command = app.add_subcommand("gap-report", "Measure the warning-to-response gap");
  command->add_option("--quarter", options->quarter, "Only alerts raised and cases opened in this quarter (2026Q1)");
  command->add_option("--max-label", options->maximum_label,
                      "A shareable version: nothing labelled above this (e.g. restricted)");
  command->add_option("--top", options->top, "How many forecast ranks count as the top (1 to 1000)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command->add_option("--html", options->html, "Write the report as an HTML page to FILE");
  command->add_option("--json-file", options->json_file, "Write the report as JSON to FILE");
  command->footer(
      "Per alert and case: hours to owner, to decision, and from decision to the first completed task; per\n"
      "organisation: open, overdue and escalated tasks; the share of top-30 and watchlist countries with an\n"
      "active preventive option. Counts only what the --as user may read.\n"
      "Example:\n  tocsin gap-report --as cora --quarter 2026Q1 --max-label restricted --html gap.html");
  AddDbOption(command, common);
  AddRespondFlags(command, options->flags);
  return {command, [&common, options] {
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            respond::GapOptions gap{.top = options->top};
            if (!options->quarter.empty()) gap.quarter = options->quarter;
            if (!options->maximum_label.empty()) {
              auto label = LabelFlag(options->maximum_label);
              if (!label.ok()) return Fail(label.status());
              gap.maximum_label = *label;
            }
            // Overdue tasks are escalated before they are counted (unless --now is ahead).
            return Finish(ReportAs(
                **store, options->flags,
                [&](store::Transaction& transaction, const respond::Context& context) -> Status {
                  TOCSIN_ASSIGN_OR_RETURN(const auto report, respond::ComputeGap(transaction, context, gap));
                  if (!options->html.empty())
                    TOCSIN_RETURN_IF_ERROR(WriteTextFile(options->html, respond::GapReportHtml(report)));
                  if (!options->json_file.empty()) {
                    TOCSIN_RETURN_IF_ERROR(
                        WriteTextFile(options->json_file, respond::GapReportJson(report).dump(2) + "\n"));
                  }
                  if (options->flags.json) {
                    fmt::print("{}\n", respond::GapReportJson(report).dump(2));
                  } else {
                    PrintReport(report, options->top);
                  }
                  return Status::Ok();
                }));
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(68, RegisterGapReport);

}  // namespace tocsin::cli
