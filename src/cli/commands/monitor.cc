// tocsin monitor: evaluate the escalation rules over the stored events and
// store the alerts they raise.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "command.h"
#include "monitor_flags.h"
#include "monitor_gdelt.h"
#include "tocsin/monitor/monitor.h"

namespace tocsin::cli {
namespace {

struct MonitorCommandOptions {
  std::string rules;  // empty: the default rules compiled into tocsin
  std::string from;
  std::string to;
  std::size_t top_events = monitor::MonitorOptions().top_events;
  bool check = false;
  bool dry_run = false;
  bool print_default_rules = false;
  GdeltFollowFlags gdelt;  // --gdelt: follow GDELT live (monitor_gdelt.cc)
};

int Monitor(const CommonOptions& common, const MonitorCommandOptions& command) {
  if (command.print_default_rules) {
    fmt::print("{}", monitor::DefaultRulesText());
    return kExitOk;
  }
  auto rules = command.rules.empty() ? monitor::DefaultRules() : monitor::LoadRules(command.rules);
  if (!rules.ok()) return Fail(rules.status());
  if (command.check) {
    fmt::print("{}: {} rules, all valid.\n", command.rules.empty() ? "default rules" : command.rules, rules->size());
    return kExitOk;
  }
  if (command.gdelt.follow) return FollowGdelt(common, *rules, command.gdelt);
  monitor::MonitorOptions options;
  options.top_events = command.top_events;
  options.save = !command.dry_run;
  auto from = DateFlag(command.from, "--from");
  if (!from.ok()) return Fail(from.status());
  auto to = DateFlag(command.to, "--to");
  if (!to.ok()) return Fail(to.status());
  options.from = *from;
  options.to = *to;

  auto store = OpenStore(common);
  if (!store.ok()) return Fail(store.status());
  const auto report = monitor::RunMonitor(**store, *rules, options);
  if (!report.ok()) return Fail(report.status());
  fmt::print("Evaluated {} rules on {} series: {} windows fired, {} alerts ({:.2f} s).\n", report->rules,
             report->series, report->firings, report->alerts.size(), report->seconds);
  if (command.dry_run) {
    constexpr std::size_t kAlertsListed = 20;
    for (std::size_t i = 0; i < std::min(kAlertsListed, report->alerts.size()); ++i) {
      const monitor::Alert& alert = report->alerts[i];
      fmt::print("  {:<8} {:<40} gw {} {} {}..{}\n", monitor::SeverityName(alert.severity), alert.rule,
                 alert.place.country_gw, alert.place.admin1, monitor::FormatDate(alert.window_start),
                 monitor::FormatDate(alert.window_end));
    }
    if (report->alerts.size() > kAlertsListed) fmt::print("  ... and {} more\n", report->alerts.size() - kAlertsListed);
    fmt::print("Dry run: nothing stored.\n");
    return kExitOk;
  }
  fmt::print("Stored: {} new, {} updated, {} unchanged. List them with `tocsin alerts`.\n", report->saved.raised,
             report->saved.updated, report->saved.unchanged);
  return kExitOk;
}

Command RegisterMonitor(CLI::App& app, CommonOptions& options) {
  CLI::App* command = app.add_subcommand("monitor", "Evaluate the escalation rules over the events and raise alerts");
  auto settings = std::make_shared<MonitorCommandOptions>();
  command->add_option("--rules", settings->rules, "Rules file (TOML; default: the rules built into tocsin)")
      ->check(CLI::ExistingFile);
  command->add_option("--from", settings->from, "Keep alerts whose window ends on or after this date (YYYY-MM-DD)");
  command->add_option("--to", settings->to, "Use events up to this date (YYYY-MM-DD; default: all)");
  command->add_option("--top", settings->top_events, "Contributing events named per alert (0: none, fastest)")
      ->capture_default_str();
  command->add_flag("--check", settings->check, "Only validate the rules file");
  command->add_flag("--dry-run", settings->dry_run, "List the alerts without storing them");
  command->add_flag("--print-default-rules", settings->print_default_rules,
                    "Print the built-in rules (a starting point for --rules)");
  AddGdeltFollowFlags(command, settings->gdelt);
  AddDbOption(command, options);
  command->footer(
      "Examples:\n"
      "  tocsin monitor                       # the built-in rules over every stored event\n"
      "  tocsin monitor --gdelt               # follow GDELT every 15 minutes until SIGTERM\n"
      "  tocsin monitor --print-default-rules > rules.toml\n"
      "  tocsin monitor --rules rules.toml --check\n"
      "Alerts are merged over overlapping or adjoining windows and keyed by rule, place and first window, so\n"
      "running again over the same events changes nothing; an alert that grows keeps its state and owner.");
  return {command, [&options, settings] { return Monitor(options, *settings); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(60, RegisterMonitor);

}  // namespace tocsin::cli
