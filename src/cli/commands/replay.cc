// tocsin replay: run the rules over history as if live and score them.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

#include "command.h"
#include "monitor_flags.h"
#include "tocsin/monitor/replay.h"

namespace tocsin::cli {
namespace {

constexpr double kPercent = 100;

struct ReplayCommandOptions {
  std::string rules;  // empty: the built-in comparison rules
  std::string from;
  std::string to;
  std::string data;
  std::string onsets;  // default: DATA/ewp/mk_events_2025.csv
  bool views = false;
  std::string format = "text";
  monitor::ReplayOptions replay;
};

nlohmann::ordered_json ReportJson(const monitor::ReplayReport& report, const monitor::ReplayOptions& options) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const monitor::RuleReplay& rule : report.rules) {
    nlohmann::ordered_json onsets = nlohmann::ordered_json::array();
    for (const monitor::OnsetResult& onset : rule.onsets) {
      onsets.push_back({{"code", onset.onset.code},
                        {"country", onset.onset.country},
                        {"year", onset.onset.year},
                        {"dated", monitor::FormatDate(onset.dated)},
                        {"threshold_reached", onset.threshold_reached},
                        {"lead_days", onset.lead_days ? nlohmann::ordered_json(*onset.lead_days) : nullptr}});
    }
    rules.push_back({{"rule", rule.rule},
                     {"detector", rule.detector},
                     {"alerts", rule.alerts},
                     {"country_years", rule.country_years},
                     {"alerts_per_country_year", rule.alerts_per_country_year()},
                     {"scored", rule.scored},
                     {"followed_by_escalation", rule.followed},
                     // No scored alert: no precision, not a precision of 0.
                     {"precision", rule.scored > 0 ? nlohmann::ordered_json(rule.precision()) : nullptr},
                     {"onsets", onsets}});
  }
  return {{"input", report.input},
          {"from", monitor::FormatDate(report.from)},
          {"to", monitor::FormatDate(report.to)},
          {"countries", report.countries},
          {"escalation", {{"horizon_days", options.horizon_days},
                          {"one_sided_fatalities", options.escalation_fatalities},
                          {"base_rate", report.escalation_base_rate}}},
          {"rules", rules}};
}

void PrintText(const monitor::ReplayReport& report, const monitor::ReplayOptions& options) {
  fmt::print("Replay of {}, {} to {}, {} countries.\n", report.input, monitor::FormatDate(report.from),
             monitor::FormatDate(report.to), report.countries);
  fmt::print("Escalation: at least {:g} civilians killed in one-sided violence within {} days after an alert; "
             "{:.1f}% of all country-periods are followed by one (precision by chance).\n\n",
             options.escalation_fatalities, options.horizon_days, report.escalation_base_rate * kPercent);
  fmt::print("{:<42} {:<11} {:>6} {:>8} {:>10} {:>7}  {}\n", "rule", "detector", "alerts", "per c-y", "precision",
             "scored", "lead before mass-killing onsets (days)");
  for (const monitor::RuleReplay& rule : report.rules) {
    std::string leads;
    for (const monitor::OnsetResult& onset : rule.onsets) {
      leads += fmt::format("{}{} {}", leads.empty() ? "" : ", ", onset.onset.code,
                           onset.lead_days ? std::to_string(*onset.lead_days) : "missed");
    }
    const std::string precision = rule.scored > 0 ? fmt::format("{:.1f}%", rule.precision() * kPercent) : "-";
    fmt::print("{:<42} {:<11} {:>6} {:>8.3f} {:>10} {:>7}  {}\n", rule.rule, rule.detector, rule.alerts,
               rule.alerts_per_country_year(), precision, rule.scored, leads.empty() ? "-" : leads);
  }
  if (!report.rules.empty() && !report.rules.front().onsets.empty()) {
    fmt::print("\nOnsets dated in the data:");
    for (const monitor::OnsetResult& onset : report.rules.front().onsets) {
      fmt::print(" {} {} {} ({});", onset.onset.code, onset.onset.country, monitor::FormatDate(onset.dated),
                 onset.threshold_reached ? "1,000 one-sided fatalities reached" : "31 December: threshold not reached");
    }
    fmt::print("\n");
  }
}

int Replay(const CommonOptions& common, ReplayCommandOptions command) {
  auto rules = command.rules.empty() ? monitor::ReplayRules() : monitor::LoadRules(command.rules);
  if (!rules.ok()) return Fail(rules.status());
  const auto range = DateRangeFlags(command.from, command.to);
  if (!range.ok()) return Fail(range.status());
  command.replay.from = range->from;
  command.replay.to = range->to;
  const std::filesystem::path data = DataDirectory(command.data);
  const auto onsets = monitor::LoadMassKillingOnsets(
      command.onsets.empty() ? (data / "ewp" / "mk_events_2025.csv").string() : command.onsets);
  if (!onsets.ok()) return Fail(onsets.status());

  Result<monitor::ReplayReport> report = InternalError("not run");
  if (command.views) {
    report = monitor::ReplayViews((data / "views").string(), *rules, *onsets, command.replay);
  } else {
    auto store = OpenStore(common);
    if (!store.ok()) return Fail(store.status());
    report = monitor::ReplayStoredEvents(**store, *rules, *onsets, command.replay);
  }
  if (!report.ok()) return Fail(report.status());
  if (command.format == "json") {
    fmt::print("{}\n", ReportJson(*report, command.replay).dump(2));
  } else {
    PrintText(*report, command.replay);
  }
  return kExitOk;
}

Command RegisterReplay(CLI::App& app, CommonOptions& common) {
  CLI::App* command = app.add_subcommand("replay", "Replay the detectors over history as if live and score them");
  auto options = std::make_shared<ReplayCommandOptions>();
  command->add_option("--rules", options->rules, "Rules file (default: every detector beside a surge baseline)")
      ->check(CLI::ExistingFile);
  command->add_option("--from", options->from, "Score alerts raised on or after YYYY-MM-DD");
  command->add_option("--to", options->to, "Use data up to YYYY-MM-DD");
  command->add_flag("--views", options->views,
                    "Replay monthly fatality rules over the VIEWS country-month files instead of stored events");
  command->add_option("--data", options->data, "Data folder with ewp/ and views/ (default: ../shared/data)");
  command->add_option("--onsets", options->onsets, "EWP's mass-killing list (default: DATA/ewp/mk_events_2025.csv)")
      ->check(CLI::ExistingFile);
  command->add_option("--horizon-days", options->replay.horizon_days, "Escalation horizon after an alert")
      ->capture_default_str();
  command->add_option("--escalation-fatalities", options->replay.escalation_fatalities,
                      "One-sided fatalities within the horizon that count as escalation")
      ->capture_default_str();
  command->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  AddDbOption(command, common);
  command->footer(
      "Examples:\n"
      "  tocsin import events --source ucdp ../shared/data/events/ucdp_ged_v23_1_central_african_republic.csv.gz\n"
      "  tocsin replay\n"
      "  tocsin replay --views --format json\n"
      "Every detector sees only the periods up to the one it judges, so a replay gives what a live run would\n"
      "have said. Lead times are to EWP's mass-killing onsets that the data cover, each dated to the day its\n"
      "onset year's one-sided fatalities reached 1,000.");
  return {command, [&common, options] { return Replay(common, *options); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(63, RegisterReplay);

}  // namespace tocsin::cli
