// tocsin forecast: fit the risk model on the stored panel and forecast from year T.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <thread>

#include "audit_hooks.h"
#include "command.h"
#include "run_records.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/forecast/risk_forecast.h"
#include "tocsin/forecast/risk_interval.h"
#include "tocsin/store/panel_repository.h"

namespace tocsin::cli {
namespace {

struct ForecastCommandOptions {
  std::optional<int> year;
  std::string folds_file;
  std::optional<std::uint32_t> seed;
  std::string model = "enet";
  std::string calibration = "none";
  std::string target = "mk_onset_1or2";
  std::optional<double> ensemble_weight;
  bool changes = false;
  std::string format = "table";
  int intervals = 0;  // bootstrap refits for each country's risk interval; 0: none
  int top = 30;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

std::string TopDrivers(const forecast::CountryRisk& risk, const std::vector<std::string>& predictors, int count) {
  std::vector<std::size_t> order(predictors.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(risk.contributions[a]) > std::abs(risk.contributions[b]);
  });
  std::string text;
  for (int i = 0; i < count && i < static_cast<int>(order.size()); ++i) {
    if (risk.contributions[order[i]] == 0) break;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {:+.2f}", predictors[order[i]], risk.contributions[order[i]]);
  }
  return text;
}

using Intervals = std::map<int, forecast::RiskInterval>;

// "bootstrap: 37 of 100 refits, ETA 41 s" on a terminal line.
class RefitProgress {
 public:
  void Show(int done, int total) {
    if (!line_.Due(done == total)) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    line_.Draw(fmt::format("bootstrap: {} of {} refits, ETA {:.0f} s", done, total,
                           seconds * (total - done) / done));
  }
  void Clear() { line_.Clear(); }

 private:
  TerminalLine line_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// "bootstrap: 97 of 100 resamples used; 3 could not be fitted (why the first failed)".
std::string ResamplesUsed(const forecast::RiskIntervals& intervals) {
  std::string line = fmt::format("bootstrap: {} of {} resamples used", intervals.used, intervals.resamples);
  if (intervals.used < intervals.resamples) {
    line += fmt::format("; {} could not be fitted ({})", intervals.resamples - intervals.used,
                        intervals.first_failure);
  }
  return line;
}

void PrintTable(const forecast::RiskForecast& forecast, const forecast::ModelSpecification& spec,
                const std::map<int, double>& previous, const Intervals& intervals, int top) {
  fmt::print("Risk of a new mass killing starting in {} or {} (forecast from {} data)\n", forecast.data_year + 1,
             forecast.data_year + 2, forecast.data_year);
  fmt::print("Model {}: trained on years <= {} ({} rows, {} predictors{}) of {}; {}\n\n", spec.model,
             forecast.model.trained_through, forecast.model.training_rows, spec.predictors.size(),
             spec.predictors == forecast::EwpPredictors() ? "" : ": EWP's and their changes", spec.target,
             forecast.model.summary);
  const bool with_intervals = !intervals.empty();
  fmt::print("{:>4}  {:<32} {:>7} {}{:>8}  {}\n", "rank", "country", "risk", with_intervals ? "   90% interval  " : "",
             "change", "largest contributions to log-odds");
  for (const auto& risk : forecast.risks) {
    if (risk.rank > top) break;
    const auto before = previous.find(risk.cow);
    const std::string change =
        before == previous.end() ? "" : fmt::format("{:+.2f}", 100 * (risk.probability - before->second));
    const auto interval = intervals.find(risk.cow);
    const std::string range = interval == intervals.end() ? ""
                              : fmt::format(" [{:5.2f}, {:5.2f}]% ", 100 * interval->second.lower,
                                            100 * interval->second.upper);
    fmt::print("{:>4}  {:<32} {:>6.2f}%{} {:>8}  {}\n", risk.rank, risk.country, 100 * risk.probability, range, change,
               TopDrivers(risk, spec.predictors, 3));
  }
  if (static_cast<int>(forecast.risks.size()) > top) {
    fmt::print("... {} more countries (use --top N or --format csv)\n", forecast.risks.size() - top);
  }
}

void PrintCsv(const forecast::RiskForecast& forecast, const Intervals& intervals) {
  fmt::print("country,risk,rank,cow,gw,iso3,data_year{}\n", intervals.empty() ? "" : ",risk_lower,risk_upper");
  for (const auto& risk : forecast.risks) {
    const Country* country = CountryRegistry::Default().ByCow(risk.cow, forecast.data_year);
    std::string name = risk.country;
    if (name.find_first_of(",\"") != std::string::npos) {
      std::string quoted = "\"";
      for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      name = quoted + "\"";
    }
    const auto interval = intervals.find(risk.cow);
    fmt::print("{},{:.17g},{},{},{},{},{}{}\n", name, risk.probability, risk.rank, risk.cow,
               country ? std::to_string(country->gw) : "", country ? country->iso3 : "", forecast.data_year,
               interval == intervals.end()
                   ? std::string()
                   : fmt::format(",{:.6g},{:.6g}", interval->second.lower, interval->second.upper));
  }
}

void PrintJson(const store::ModelRunRecord& record, std::int64_t run_id) {
  nlohmann::json forecasts = nlohmann::json::array();
  for (const auto& forecast : record.forecasts) {
    nlohmann::json entry = {{"country", forecast.country},
                            {"cow", forecast.cow},
                            {"gw", forecast.gw ? nlohmann::json(*forecast.gw) : nlohmann::json()},
                            {"risk", forecast.probability},
                            {"rank", forecast.rank},
                            {"contributions", nlohmann::json::parse(forecast.contributions_json)}};
    // With --intervals: the bootstrap interval, as in the CSV's risk_lower and risk_upper.
    if (forecast.risk_lower && forecast.risk_upper) {
      entry["risk_lower"] = *forecast.risk_lower;
      entry["risk_upper"] = *forecast.risk_upper;
    }
    forecasts.push_back(std::move(entry));
  }
  nlohmann::json output = {{"run_id", run_id},
                           {"data_year", *record.forecast_year},
                           {"trained_through", *record.trained_through},
                           {"training_rows", *record.training_rows},
                           {"lambda", *record.lambda},
                           {"metrics", nlohmann::json::parse(record.metrics_json)},
                           {"coefficients", nlohmann::json::parse(record.coefficients_json)},
                           {"forecasts", forecasts}};
  if (record.interval) {
    output["intervals"] = {{"level", record.interval->level},
                           {"resamples", record.interval->resamples},
                           {"resamples_used", record.interval->used}};
  }
  fmt::print("{}\n", output.dump(2));
}

int RunForecast(const CommonOptions& options, const ForecastCommandOptions& command) {
  if (command.format != "table" && command.format != "csv" && command.format != "json") {
    return Fail(InvalidArgumentError(fmt::format("--format {}: use table, csv or json", command.format)));
  }
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

  forecast::ModelSpecification spec;
  if (command.seed) spec.seed = *command.seed;
  spec.model = command.model;
  if (command.changes) spec.predictors = forecast::EwpPredictorsWithChanges();
  spec.calibration = command.calibration;
  spec.target = command.target;
  if (command.model == "ensemble") spec.ensemble_weight = command.ensemble_weight;
  forecast::ForecastOptions forecast_options;
  forecast_options.data_year = command.year;
  forecast_options.folds_file = command.folds_file;
  forecast_options.threads = command.threads;
  auto result = forecast::ForecastRisk(*panel, spec, forecast_options);
  if (!result.ok()) return Fail(result.status());
  Intervals intervals;
  forecast::RiskIntervalOptions interval_options;
  std::optional<forecast::RiskIntervals> computed_intervals;
  if (command.intervals > 0) {
    interval_options.resamples = command.intervals;
    interval_options.threads = command.threads;
    RefitProgress progress;
    interval_options.progress = [&progress](int done, int total) { progress.Show(done, total); };
    auto computed = forecast::BootstrapRiskIntervals(*panel, spec, *result, interval_options);
    progress.Clear();
    if (!computed.ok()) return Fail(computed.status());
    fmt::print(stderr, "{}\n", ResamplesUsed(*computed));
    for (const auto& interval : computed->countries) intervals[interval.cow] = interval;
    computed_intervals = std::move(computed).value();
  }

  // Last year's forecast, for the change column and the report's big movers. A
  // fold file belongs to one training window, so it is not reused here.
  std::map<int, double> previous;
  forecast_options.data_year = result->data_year - 1;
  forecast_options.folds_file.clear();
  auto last_year = forecast::ForecastRisk(*panel, spec, forecast_options);
  if (last_year.ok()) {
    for (const auto& risk : last_year->risks) previous[risk.cow] = risk.probability;
    auto saved =
        SaveRunAudited(**store, ForecastRecord(*last_year, spec, dataset_id, *panel), "tocsin forecast");
    if (!saved.ok()) return Fail(saved.status());
  }
  store::ModelRunRecord record = ForecastRecord(*result, spec, dataset_id, *panel);
  if (!command.folds_file.empty()) {
    if (const Status recorded = RecordFoldsFile(record, command.folds_file); !recorded.ok())
      return Fail(recorded);
  }
  if (computed_intervals) AddRiskIntervals(record, *computed_intervals, interval_options.level);
  auto run_id = SaveRunAudited(**store, record, "tocsin forecast");
  if (!run_id.ok()) return Fail(run_id.status());

  if (command.format == "csv") {
    PrintCsv(*result, intervals);
  } else if (command.format == "json") {
    PrintJson(record, *run_id);
  } else {
    PrintTable(*result, spec, previous, intervals, command.top);
    fmt::print("\nSaved as run {} in {} ({:.2f} s).\n", *run_id, (*store)->url(), result->seconds);
  }
  return static_cast<int>(kExitOk);
}

}  // namespace

namespace {

Command RegisterForecast(CLI::App& app, CommonOptions& options) {
  CLI::App* command = app.add_subcommand(
      "forecast", "Forecast each country's risk of a new mass killing in the next two years");
  auto forecast = std::make_shared<ForecastCommandOptions>();
  command->add_option("--year", forecast->year, "Data year T to forecast from (default: the panel's last year); "
                                                 "the model trains on years <= T-2");
  command->add_option("--folds-file", forecast->folds_file,
                      "Cross-validation fold ids (ewp_name,year,foldid), e.g. EWP's derived cv_foldid_*.csv")
      ->check(CLI::ExistingFile);
  command->add_option("--seed", forecast->seed, "Seed of R's generator for the 10 CV folds (default 90035, EWP's)");
  AddModelOptions(command, forecast->model, forecast->calibration, forecast->target,
                  forecast->ensemble_weight, forecast->changes);
  command->add_option("--format", forecast->format, "Output: table, csv or json")->capture_default_str();
  command->add_option("--intervals", forecast->intervals,
                      "Bootstrap refits (whole countries resampled) for a 90% interval on each risk, for every "
                      "model and calibration: the model is refitted with the choices it made held fixed; 0: none")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--top", forecast->top, "Rows in the table")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--threads", forecast->threads,
                      "Threads for cross-validation and the bootstrap refits (results do not depend on it)")
      ->capture_default_str();
  AddDbOption(command, options);
  command->footer(
      "Example:\n  tocsin forecast --year 2024 --format csv > risk-2025-26.csv\n"
      "Reproduces the Early Warning Project's Statistical Risk Assessment: elastic-net logistic\n"
      "regression (alpha 0.5) of mk_onset_1or2 on 39 predictors, lambda.min by 10-fold CV. Each run is\n"
      "saved in the database with its coefficients and per-country contributions.\n"
      "--intervals N resamples whole countries N times and refits the model on each resample with its\n"
      "choices held fixed (lambda, xgb's tree setting, the ensemble's weight; the inner CV is not redone)\n"
      "and its calibration refitted; the interval leaves out the uncertainty of those choices and of\n"
      "the data year's predictors (docs/model.md, Uncertainty). Resamples that cannot be fitted (too few\n"
      "onsets) are left out and counted (\"97 of 100 resamples used\" on stderr); fewer than half used is\n"
      "an error. The intervals are saved with the run and shown by `tocsin report` and the API.");
  return {command, [&options, forecast] { return RunForecast(options, *forecast); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(30, RegisterForecast);

}  // namespace tocsin::cli
