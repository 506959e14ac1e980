// tocsin backtest: the rolling out-of-sample test of the risk model.
#include <fmt/format.h>

#include <thread>

#include "command.h"
#include "run_records.h"
#include "tocsin/forecast/backtest.h"
#include "tocsin/store/panel_repository.h"

namespace tocsin::cli {
namespace {

struct BacktestCommandOptions {
  int from = 1991;
  int to = 2021;
  std::string format = "table";
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

void PrintTable(const forecast::BacktestResult& result, const BacktestCommandOptions& command) {
  const auto& m = result.metrics;
  fmt::print("Rolling backtest: trained on years <= L, forecast from L+2, for L = {}..{}\n", command.from, command.to);
  fmt::print("Scored onset years {}-{} by maxrisk2 (the larger of the forecasts from t-1 and t-2)\n\n", m.first_year,
             m.last_year);
  fmt::print("  country-years scored            {:>8}\n", m.country_years);
  fmt::print("  onsets                          {:>8}\n", m.onsets);
  fmt::print("  AUC                             {:>8.4f}\n", m.auc);
  fmt::print("  recall in top 10 / 20 / 30      {:>8.3f} {:.3f} {:.3f}\n", m.recall_at_10, m.recall_at_20,
             m.recall_at_30);
  fmt::print("  onsets with risk >= 4% / 2.5%   {:>8.3f} {:.3f}\n", m.share_at_4_percent, m.share_at_2_5_percent);
  fmt::print("  false positives per true at 4%  {:>8.1f}\n", m.false_positives_per_true_positive_at_4_percent);
  fmt::print("  Brier score (skill vs base rate){:>8.5f} ({:+.4f})\n", m.brier, m.brier_skill);
  fmt::print("  base rate                       {:>8.5f}\n\n", m.base_rate);
  fmt::print("  calibration by risk decile: mean forecast -> observed onset rate\n");
  for (std::size_t g = 0; g < m.calibration.size(); ++g) {
    fmt::print("    decile {:>2}  {:>6.2f}% -> {:>6.2f}%  ({} country-years)\n", g + 1,
               100 * m.calibration[g].mean_predicted, 100 * m.calibration[g].observed_rate, m.calibration[g].count);
  }
  fmt::print("\n{} fits in {:.2f} s.\n", result.years.size(), result.seconds);
}

int RunBacktestCommand(const CommonOptions& options, const BacktestCommandOptions& command) {
  if (command.format != "table" && command.format != "json") {
    return Fail(InvalidArgumentError(fmt::format("--format {}: use table or json", command.format)));
  }
  auto store = OpenStore(options);
  if (!store.ok()) return Fail(store.status());
  std::int64_t dataset_id = 0;
  auto panel = store::LoadPanel(**store, std::nullopt, &dataset_id);
  if (!panel.ok()) return Fail(panel.status());
  forecast::ModelSpecification spec;
  forecast::BacktestOptions backtest;
  backtest.first_training_year = command.from;
  backtest.last_training_year = command.to;
  backtest.threads = command.threads;
  auto result = forecast::RunBacktest(*panel, spec, backtest);
  if (!result.ok()) return Fail(result.status());
  auto run_id = store::SaveModelRun(**store, BacktestRecord(*result, spec, backtest, dataset_id, *panel));
  if (!run_id.ok()) return Fail(run_id.status());
  if (command.format == "json") {
    nlohmann::json json = BacktestMetricsJson(result->metrics);
    json["run_id"] = *run_id;
    json["seconds"] = result->seconds;
    fmt::print("{}\n", json.dump(2));
  } else {
    PrintTable(*result, command);
    fmt::print("Saved as run {} in {}.\n", *run_id, (*store)->url());
  }
  return static_cast<int>(kExitOk);
}

}  // namespace

namespace {

Command RegisterBacktest(CLI::App& app, CommonOptions& options) {
  CLI::App* command = app.add_subcommand("backtest", "Test the risk model out of sample, year by year");
  auto backtest = std::make_shared<BacktestCommandOptions>();
  command->add_option("--from", backtest->from, "First last-training-year L")->capture_default_str();
  command->add_option("--to", backtest->to, "Last last-training-year L")->capture_default_str();
  command->add_option("--format", backtest->format, "Output: table or json")->capture_default_str();
  command->add_option("--threads", backtest->threads, "Years fitted in parallel (results do not depend on it)")
      ->capture_default_str();
  AddDbOption(command, options);
  command->footer(
      "Example:\n  tocsin backtest --from 1991 --to 2021 --format json\n"
      "For each L the model is trained on years <= L only and forecasts from year L+2, as the Early\n"
      "Warning Project does; each onset year is scored by the larger of the two forecasts covering it.");
  return {command, [&options, backtest] { return RunBacktestCommand(options, *backtest); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(40, RegisterBacktest);

}  // namespace tocsin::cli
