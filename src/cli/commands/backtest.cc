// tocsin backtest: the rolling out-of-sample test of the risk model.
#include "tocsin/forecast/backtest.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <thread>

#include "audit_hooks.h"
#include "command.h"
#include "run_records.h"
#include "tocsin/forecast/model_comparison.h"
#include "tocsin/store/panel_repository.h"

namespace tocsin::cli {
namespace {

struct BacktestCommandOptions {
  int from = 1991;
  int to = 2021;
  std::string model = "enet";
  std::string calibration = "none";
  std::string target = "mk_onset_1or2";
  std::optional<double> ensemble_weight;
  bool changes = false;
  std::string compare;  // comma-separated models; the first is the reference
  bool reuse_saved = false;  // --compare rescores saved backtests of the same specification
  int resamples = forecast::BootstrapOptions{}.resamples;
  std::string format = "table";
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

void PrintTable(const forecast::BacktestResult& result, const BacktestCommandOptions& command,
                const forecast::ModelSpecification& spec) {
  const auto& m = result.metrics;
  fmt::print(
      "Rolling backtest of {} ({} predictors): trained on years <= L, forecast from L+2, for L = {}..{}\n",
      RunModelName(spec), spec.predictors.size(), command.from, command.to);
  fmt::print("Scored onset years {}-{} by maxrisk2 (the larger of the forecasts from t-1 and t-2)\n\n", m.first_year,
             m.last_year);
  fmt::print("  country-years scored            {:>8}\n", m.country_years);
  fmt::print("  onsets                          {:>8}\n", m.onsets);
  fmt::print("  AUC                             {:>8.4f}\n", m.auc);
  fmt::print("  recall in top 10 / 20 / 30      {:>8.3f} {:.3f} {:.3f}\n", m.recall_at_10, m.recall_at_20,
             m.recall_at_30);
  fmt::print("  onsets with risk >= 4% / 2.5%   {:>8.3f} {:.3f}\n", m.share_at_4_percent, m.share_at_2_5_percent);
  fmt::print("  false positives per true at 4%  {:>8.1f}\n", m.false_positives_per_true_positive_at_4_percent);
  fmt::print("  average precision               {:>8.4f}\n", m.average_precision);
  fmt::print("  Brier score (skill vs base rate){:>8.5f} ({:+.4f})\n", m.brier, m.brier_skill);
  fmt::print("  log loss                        {:>8.5f}\n", m.log_loss);
  fmt::print("  calibration slope / intercept   {:>8.3f} {:+.3f}\n", m.calibration_slope, m.calibration_intercept);
  fmt::print("  base rate                       {:>8.5f}\n\n", m.base_rate);
  fmt::print("  calibration by risk decile: mean forecast -> observed onset rate\n");
  for (std::size_t g = 0; g < m.calibration.size(); ++g) {
    fmt::print("    decile {:>2}  {:>6.2f}% -> {:>6.2f}%  ({} country-years)\n", g + 1,
               100 * m.calibration[g].mean_predicted, 100 * m.calibration[g].observed_rate, m.calibration[g].count);
  }
  fmt::print("\n{} fits in {:.2f} s.\n", result.years.size(), result.seconds);
}

forecast::ModelSpecification SpecificationFor(const BacktestCommandOptions& command, const std::string& model) {
  forecast::ModelSpecification spec;
  spec.model = model;
  if (command.changes && model != "enet") spec.predictors = forecast::EwpPredictorsWithChanges();
  spec.calibration = command.calibration;
  spec.target = command.target;
  if (model == "ensemble") spec.ensemble_weight = command.ensemble_weight;
  return spec;
}

std::vector<std::string> SplitModels(const std::string& list) {
  std::vector<std::string> models;
  std::stringstream stream(list);
  for (std::string model; std::getline(stream, model, ',');) {
    if (!model.empty()) models.push_back(model);
  }
  return models;
}

// One row per metric: each model's value and interval, then each model's
// difference against the reference and the share of resamples it wins.
void PrintComparison(const forecast::ModelComparison& comparison, double seconds) {
  // Wide enough for "-0.1189 [-0.2140, -0.0518]" and for the longest model name.
  int column = 30;
  for (const auto& model : comparison.models) column = std::max(column, static_cast<int>(model.model.size()) + 2);
  const auto& metrics = forecast::ComparedMetrics();
  fmt::print("Paired bootstrap over onset years: {} resamples, {:.0f}% percentile intervals\n\n",
             comparison.resamples, 100 * comparison.level);
  fmt::print("{:<22}", "metric");
  for (const auto& model : comparison.models) fmt::print("{:<{}}", model.model, column);
  fmt::print("\n");
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    fmt::print("{:<22}", metrics[k].name);
    for (const auto& model : comparison.models) {
      const auto& value = model.compared[k].value;
      fmt::print("{:<{}}", fmt::format("{:.4f} [{:.4f}, {:.4f}]", value.estimate, value.lower, value.upper), column);
    }
    fmt::print("\n");
  }
  fmt::print("\nAgainst {}: difference [interval] and share of resamples in which the model is better\n\n",
             comparison.reference);
  fmt::print("{:<22}", "metric");
  for (std::size_t m = 1; m < comparison.models.size(); ++m) fmt::print("{:<{}}", comparison.models[m].model, column + 6);
  fmt::print("\n");
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    fmt::print("{:<22}", metrics[k].name);
    for (std::size_t m = 1; m < comparison.models.size(); ++m) {
      const auto& compared = comparison.models[m].compared[k];
      fmt::print("{:<{}}",
                 fmt::format("{:+.4f} [{:+.4f}, {:+.4f}] {:>3.0f}%", compared.difference.estimate,
                             compared.difference.lower, compared.difference.upper, 100 * compared.share_better),
                 column + 6);
    }
    fmt::print("\n");
  }
  fmt::print("\nReliability (calibration by risk decile: mean forecast -> observed rate)\n");
  std::size_t width = 0;
  for (const auto& model : comparison.models) width = std::max(width, model.model.size());
  for (const auto& model : comparison.models) {
    fmt::print("  {:<{}}", model.model, width);
    for (const auto& group : model.metrics.calibration) {
      fmt::print(" {:.2f}->{:.2f}", 100 * group.mean_predicted, 100 * group.observed_rate);
    }
    fmt::print("  (%)\n");
  }
  fmt::print("\n{} backtests ({:.1f} s of fitting; rescored saved backtests count 0).\n", comparison.models.size(), seconds);
}

int RunComparison(const CommonOptions& options, const BacktestCommandOptions& command) {
  const std::vector<std::string> models = SplitModels(command.compare);
  if (models.size() < 2) {
    return Fail(InvalidArgumentError(fmt::format("--compare {}: name at least two models, e.g. enet,xgb", command.compare)));
  }
  for (const std::string& model : models) {
    if (auto kind = forecast::ParseModelKind(model); !kind.ok()) return Fail(kind.status());
  }
  if (command.ensemble_weight && std::find(models.begin(), models.end(), "ensemble") == models.end()) {
    return Fail(InvalidArgumentError(
        fmt::format("--ensemble-weight: --compare {} has no ensemble to weigh", command.compare)));
  }
  if (command.changes &&
      std::all_of(models.begin(), models.end(), [](const auto& model) { return model == "enet"; })) {
    return Fail(
        InvalidArgumentError(fmt::format("--changes: --compare {} has no model but enet", command.compare)));
  }
  auto store = OpenStore(options);
  if (!store.ok()) return Fail(store.status());
  std::int64_t dataset_id = 0;
  auto panel = store::LoadPanel(**store, std::nullopt, &dataset_id);
  if (!panel.ok()) return Fail(panel.status());
  forecast::BacktestOptions backtest;
  backtest.first_training_year = command.from;
  backtest.last_training_year = command.to;
  backtest.threads = command.threads;
  std::vector<forecast::NamedBacktest> backtests;
  double seconds = 0;
  for (const std::string& model : models) {
    // The reference is always EWP's model as published: uncalibrated, 2-year target.
    const forecast::ModelSpecification spec =
        backtests.empty() && model == "enet" ? forecast::ModelSpecification{} : SpecificationFor(command, model);
    if (command.reuse_saved) {
      auto saved = LoadSavedBacktest(**store, *panel, spec, backtest);
      if (saved.ok()) {
        fmt::print(stderr, "Rescoring the saved backtest of {}\n", RunModelName(spec));
        backtests.push_back({RunModelName(spec), std::move(saved).value()});
        continue;
      }
    }
    fmt::print(stderr, "Backtesting {} ...\n", RunModelName(spec));
    auto result = forecast::RunBacktest(*panel, spec, backtest);
    if (!result.ok()) return Fail(result.status());
    seconds += result->seconds;
    auto saved = SaveRunAudited(**store, BacktestRecord(*result, spec, backtest, dataset_id, *panel),
                                "tocsin backtest");
    if (!saved.ok()) return Fail(saved.status());
    backtests.push_back({RunModelName(spec), std::move(result->scored)});
  }
  forecast::BootstrapOptions bootstrap;
  bootstrap.resamples = command.resamples;
  auto comparison = forecast::CompareBacktests(backtests, bootstrap);
  if (!comparison.ok()) return Fail(comparison.status());
  // Printed before it is saved: an hour of fits is not lost to a full disk.
  const store::ModelRunRecord record = ComparisonRecord(*comparison, dataset_id, *panel, seconds);
  if (command.format == "json") {
    fmt::print("{}\n", nlohmann::json::parse(record.metrics_json).dump(2));
  } else {
    PrintComparison(*comparison, seconds);
  }
  auto run_id = SaveRunAudited(**store, record, "tocsin backtest");
  if (!run_id.ok()) return Fail(run_id.status());
  fmt::print(stderr, "Saved the comparison as run {} in {}.\n", *run_id, (*store)->url());
  return static_cast<int>(kExitOk);
}

int RunBacktestCommand(const CommonOptions& options, const BacktestCommandOptions& command) {
  if (command.format != "table" && command.format != "json") {
    return Fail(InvalidArgumentError(fmt::format("--format {}: use table or json", command.format)));
  }
  if (!command.compare.empty()) return RunComparison(options, command);
  if (command.ensemble_weight && command.model != "ensemble") {
    return Fail(InvalidArgumentError("--ensemble-weight applies to --model ensemble"));
  }
  if (command.changes) {
    if (Status applies = CheckChangesApply(command.model); !applies.ok()) return Fail(applies);
  }
  auto store = OpenStore(options);
  if (!store.ok()) return Fail(store.status());
  std::int64_t dataset_id = 0;
  auto panel = store::LoadPanel(**store, std::nullopt, &dataset_id);
  if (!panel.ok()) return Fail(panel.status());
  const forecast::ModelSpecification spec = SpecificationFor(command, command.model);
  forecast::BacktestOptions backtest;
  backtest.first_training_year = command.from;
  backtest.last_training_year = command.to;
  backtest.threads = command.threads;
  auto result = forecast::RunBacktest(*panel, spec, backtest);
  if (!result.ok()) return Fail(result.status());
  auto run_id =
      SaveRunAudited(**store, BacktestRecord(*result, spec, backtest, dataset_id, *panel), "tocsin backtest");
  if (!run_id.ok()) return Fail(run_id.status());
  if (command.format == "json") {
    nlohmann::json json = BacktestMetricsJson(result->metrics);
    json["run_id"] = *run_id;
    json["seconds"] = result->seconds;
    fmt::print("{}\n", json.dump(2));
  } else {
    PrintTable(*result, command, spec);
    fmt::print("Saved as run {} of {} in {}.\n", *run_id, RunModelName(spec), (*store)->url());
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
  AddModelOptions(command, backtest->model, backtest->calibration, backtest->target,
                  backtest->ensemble_weight, backtest->changes);
  command->add_option("--compare", backtest->compare,
                      "Backtest these models (comma-separated, the first the reference, e.g. "
                      "enet,enet-stable,xgb,ensemble) and compare them with a paired bootstrap");
  command->add_flag("--reuse-saved", backtest->reuse_saved,
                    "With --compare: rescore the latest saved backtest of a model when its panel and specification "
                    "are the same, instead of refitting (only trust runs of the same build)");
  command->add_option("--resamples", backtest->resamples, "Bootstrap resamples for --compare")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--format", backtest->format, "Output: table or json")->capture_default_str();
  command->add_option("--threads", backtest->threads, "Years fitted in parallel (results do not depend on it)")
      ->capture_default_str();
  AddDbOption(command, options);
  command->footer(
      "Example:\n  tocsin backtest --from 1991 --to 2021 --format json\n"
      "For each L the model is trained on years <= L only and forecasts from year L+2, as the Early\n"
      "Warning Project does; each onset year is scored by the larger of the two forecasts covering it.\n"
      "Every choice of the other models (lambda, tree settings, calibration, ensemble weight) is made\n"
      "by cross-validation inside each training window.\n"
      "  tocsin backtest --compare enet,enet-stable,xgb,ensemble --calibration platt");
  return {command, [&options, backtest] { return RunBacktestCommand(options, *backtest); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(40, RegisterBacktest);

}  // namespace tocsin::cli
