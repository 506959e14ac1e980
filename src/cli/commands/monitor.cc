// tocsin monitor: evaluate the escalation rules over the stored events and
// store the alerts they raise.
#include "tocsin/monitor/monitor.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <utility>

#include "audit_hooks.h"
#include "command.h"
#include "monitor_flags.h"
#include "monitor_gdelt.h"
#include "quarantine_file.h"
#include "tocsin/monitor/watch.h"

namespace tocsin::cli {
namespace {

struct MonitorCommandOptions {
  std::string rules;  // empty: the default rules compiled into tocsin
  std::string watch;  // a directory to follow; empty: evaluate once
  std::string source = "jsonl";
  std::string quarantine;  // --watch's rejected rows; default: next to the database
  double poll_seconds = 1.0;
  std::string from;
  std::string to;
  std::size_t top_events = monitor::MonitorOptions().top_events;
  bool check = false;
  bool dry_run = false;
  bool print_default_rules = false;
  GdeltFollowFlags gdelt;  // --gdelt: follow GDELT live (monitor_gdelt.cc)
};

// Set by SIGINT or SIGTERM; the watch checks it between polls and files.
std::atomic<bool> stop_requested = false;

void RequestStop(int) { stop_requested = true; }

int Watch(store::Store& store, std::vector<monitor::Rule> rules, const MonitorCommandOptions& command,
          const monitor::MonitorOptions& evaluation, QuarantineFile& quarantine) {
  const auto format = monitor::ParseEventFormat(command.source);
  if (!format) return Fail(InvalidArgumentError("--source must be ucdp, gdelt or jsonl"));
  monitor::WatchOptions options;
  options.import.format = *format;
  options.import.on_rejected = [&](const std::string& file, const monitor::RejectedRow& row) {
    quarantine.Add(file, row);
  };
  options.import.on_batch_written = AuditEventBatchesVia("tocsin monitor --watch");
  options.poll_interval = std::chrono::milliseconds(static_cast<std::int64_t>(command.poll_seconds * 1000));
  options.rules = std::move(rules);
  options.monitor = evaluation;
  options.monitor.on_saved = AuditAlertsVia("tocsin monitor --watch");
  options.stop = [] { return stop_requested.load(); };
  struct sigaction action = {};
  action.sa_handler = RequestStop;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  fmt::print("Watching {} for {} files (every {} s; Ctrl-C stops).\n", command.watch, command.source,
             command.poll_seconds);
  std::fflush(stdout);
  monitor::DirectoryWatch watch(store, command.watch, std::move(options));
  const Status status = watch.Run([&](const monitor::WatchedFile& file) {
    if (!file.status.ok()) {
      fmt::print(stderr, "{}: {}\n", file.name, file.status.ToString());
    } else if (file.imported.already_imported) {
      fmt::print("{}: already imported (same bytes), skipped\n", file.name);
    } else {
      const monitor::UpsertCounts& written = file.imported.written;
      fmt::print("{}: {} rows, {} new, {} changed, {} rejected; {} countries re-evaluated: {} alerts new, {} updated\n",
                 file.name, file.imported.rows, written.inserted, written.updated, file.imported.rejected,
                 file.imported.countries.size(), file.evaluated.saved.raised, file.evaluated.saved.updated);
      if (file.imported.rejected > 0) fmt::print("  rejected rows added to {}\n", quarantine.path());
    }
    std::fflush(stdout);
  });
  if (!status.ok()) return Fail(status);
  fmt::print("Stopped watching {}.\n", command.watch);
  return kExitOk;
}

// The modes exclude each other: a watch or a GDELT follower stores what it
// takes, so neither can be a dry run or a check of the rules, nor both at once.
Status CheckModes(const MonitorCommandOptions& command) {
  const bool watch = !command.watch.empty();
  if (watch && command.gdelt.follow)
    return InvalidArgumentError("--watch and --gdelt are two modes: choose one");
  for (const auto& [given, name] :
       {std::pair{watch, "--watch"}, std::pair{command.gdelt.follow, "--gdelt"}}) {
    if (given && command.dry_run) {
      return InvalidArgumentError(
          fmt::format("--dry-run cannot be used with {}, which stores what it takes", name));
    }
    if (given && command.check) {
      return InvalidArgumentError(
          fmt::format("--check only validates the rules; it cannot be used with {}", name));
    }
  }
  return Status::Ok();
}

int Monitor(const CommonOptions& common, const MonitorCommandOptions& command) {
  if (const Status modes = CheckModes(command); !modes.ok()) {
    fmt::print(stderr, "tocsin: error: monitor: {}\n", modes.message());
    return kExitUsage;
  }
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
  const auto range = DateRangeFlags(command.from, command.to);
  if (!range.ok()) return Fail(range.status());
  options.from = range->from;
  options.to = range->to;
  // Alerts stored by the command are writes like any other: audited, by the local operator.
  options.on_saved = AuditAlertsVia("tocsin monitor");

  QuarantineFile quarantine(
      command.quarantine.empty() ? DefaultQuarantinePath(common.db) : command.quarantine,
      QuarantineFile::Mode::kAppend);
  if (!command.watch.empty()) {
    if (const Status writable = quarantine.CheckWritable(); !writable.ok()) return Fail(writable);
  }
  auto store = OpenStore(common, command.watch.empty() ? IfMissing::kRefuse : IfMissing::kCreate);
  if (!store.ok()) return Fail(store.status());
  if (!command.watch.empty()) return Watch(**store, std::move(rules).value(), command, options, quarantine);
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
  fmt::print("Stored: {} new, {} updated, {} unchanged, {} withdrawn. List them with `tocsin alerts`.\n",
             report->saved.raised, report->saved.updated, report->saved.unchanged, report->saved.withdrawn);
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
  command->add_option("--watch", settings->watch,
                      "Follow this directory: import each event file that appears (once), re-evaluate the "
                      "countries it touches, until Ctrl-C or SIGTERM")
      ->check(CLI::ExistingDirectory);
  command->add_option("--source", settings->source, "Format of the watched files: ucdp, gdelt or jsonl")
      ->check(CLI::IsMember({"ucdp", "gdelt", "jsonl"}))
      ->capture_default_str();
  command->add_option("--quarantine", settings->quarantine,
                      "With --watch: where rejected rows are added, with file, line, column and reason "
                      "(default: DB.quarantine.tsv next to the database)");
  command->add_option("--poll", settings->poll_seconds, "Seconds between looks at the watched directory")
      ->check(CLI::Range(0.01, 3600.0))
      ->capture_default_str();
  command->add_flag("--check", settings->check, "Only validate the rules file");
  command->add_flag("--dry-run", settings->dry_run,
                    "List the alerts without storing them (not with --watch or --gdelt)");
  command->add_flag("--print-default-rules", settings->print_default_rules,
                    "Print the built-in rules (a starting point for --rules)");
  AddGdeltFollowFlags(command, settings->gdelt);
  AddDbOption(command, options);
  command->footer(
      "Examples:\n"
      "  tocsin monitor                       # the built-in rules over every stored event\n"
      "  tocsin monitor --gdelt               # follow GDELT every 15 minutes until SIGTERM\n"
      "  tocsin monitor --gdelt --sources sources.toml   # follow the file's [gdelt] update_list\n"
      "  tocsin monitor --print-default-rules > rules.toml\n"
      "  tocsin monitor --rules rules.toml --check\n"
      "  tocsin monitor --watch incoming/ --source jsonl   # live: files written as .name, then renamed\n"
      "Alerts are merged over overlapping or adjoining windows and keyed by rule, place and first window, so\n"
      "running again over the same events changes nothing; an alert that grows keeps its state and owner.\n"
      "A watch takes a file once its size and time stop changing between two looks, skips names starting\n"
      "with '.', and remembers what it took in the database, so a restarted watch takes only new files.\n"
      "--gdelt follows the [gdelt] update_list of the sources file (--sources FILE, else\n"
      "tocsin-sources.toml beside the database when it exists; its format is in `tocsin fetch --help`);\n"
      "--gdelt-url overrides it:\n"
      "  [gdelt]\n"
      "  update_list = \"http://data.gdeltproject.org/gdeltv2/lastupdate.txt\"");
  return {command, [&options, settings] { return Monitor(options, *settings); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(60, RegisterMonitor);

}  // namespace tocsin::cli
