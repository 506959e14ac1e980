// tocsin report: write the self-contained HTML risk report.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

#include "audit_hooks.h"
#include "command.h"
#include "report_page.h"
#include "run_records.h"
#include "tocsin/forecast/backtest.h"
#include "tocsin/store/panel_repository.h"

namespace tocsin::cli {
namespace {

struct ReportOptions {
  std::string out = "tocsin-report.html";
  std::string model = "enet";
};

int RunReport(const CommonOptions& options, const ReportOptions& report) {
  const std::string& out = report.out;
  const std::string& model = report.model;
  auto store = OpenStore(options);
  if (!store.ok()) return Fail(store.status());
  std::int64_t dataset_id = 0;
  auto panel = store::LoadPanel(**store, std::nullopt, &dataset_id);
  if (!panel.ok()) return Fail(panel.status());

  ReportInput input;
  input.panel_source = panel->source;
  input.panel_rows = static_cast<int>(panel->rows());
  input.panel_first_year = panel->first_year();
  input.panel_last_year = panel->last_year();

  auto forecast = store::LoadLatestRun(**store, {"forecast", model, std::nullopt});
  if (!forecast.ok()) {
    if (forecast.status().code() != StatusCode::kNotFound || model == "enet") return Fail(forecast.status());
    return Fail(
        NotFoundError(fmt::format("no forecast of model {} in {}; run `tocsin forecast` with the options "
                                  "that name it (e.g. xgb+changes+platt: --model xgb --changes "
                                  "--calibration platt) first",
                                  model, (*store)->url())));
  }
  input.forecast = std::move(forecast).value();
  if (input.forecast.data_hash != panel->data_hash) {
    fmt::print(stderr, "tocsin: warning: the latest forecast was made from another panel than the latest import; "
                       "run `tocsin forecast` to refresh it\n");
  }
  auto previous = store::LoadLatestRun(**store, {"forecast", model, *input.forecast.forecast_year - 1});
  if (previous.ok()) input.previous_forecast = std::move(previous).value();

  auto backtest = store::LoadLatestRun(**store, {"backtest", model, std::nullopt});
  const bool backtest_missing = !backtest.ok() || backtest->data_hash != panel->data_hash;
  if (backtest_missing && model != "enet") {
    return Fail(FailedPreconditionError(fmt::format(
        "no backtest of model {} on this panel in {}; run `tocsin backtest` with the options that name "
        "it first (only enet's is run here)",
        model, (*store)->url())));
  }
  if (backtest_missing) {
    fmt::print(stderr, "No backtest of this panel yet; running it (tocsin backtest) ...\n");
    const forecast::ModelSpecification spec;
    forecast::BacktestOptions backtest_options;
    backtest_options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    auto result = forecast::RunBacktest(*panel, spec, backtest_options);
    if (!result.ok()) return Fail(result.status());
    auto saved = SaveRunAudited(**store, BacktestRecord(*result, spec, backtest_options, dataset_id, *panel),
                                "tocsin report");
    if (!saved.ok()) return Fail(saved.status());
    backtest = store::LoadLatestRun(**store, {"backtest", "enet", std::nullopt});
    if (!backtest.ok()) return Fail(backtest.status());
  }
  input.backtest = std::move(backtest).value();
  auto comparison = store::LoadLatestRun(**store, {"backtest", kComparisonRunModel, std::nullopt});
  if (comparison.ok() && comparison->data_hash == panel->data_hash) input.comparison = std::move(comparison).value();

  const std::string html = RenderReport(input);
  const std::string temporary = out + ".tmp";
  {
    errno = 0;
    std::ofstream file(temporary, std::ios::binary);
    file << html;
    if (!file.flush()) {
      return Fail(IoError(fmt::format("{}: cannot write the report: {}", temporary,
                                      errno != 0 ? std::strerror(errno) : "write failed")));
    }
  }
  if (std::rename(temporary.c_str(), out.c_str()) != 0) {
    return Fail(IoError(fmt::format("{}: cannot move the report into place: {}", out, std::strerror(errno))));
  }
  fmt::print("Report written to {} ({} countries, forecast from {} data, {} KB).\n", out,
             input.forecast.forecasts.size(), *input.forecast.forecast_year, html.size() / 1024);
  return static_cast<int>(kExitOk);
}

}  // namespace

namespace {

Command RegisterReport(CLI::App& app, CommonOptions& options) {
  CLI::App* command = app.add_subcommand("report", "Write the risk report as one self-contained HTML file");
  auto report = std::make_shared<ReportOptions>();
  command->add_option("--out", report->out, "Where to write the report")->capture_default_str();
  command
      ->add_option("--model", report->model,
                   "The saved runs to report, by the name `forecast` and `backtest` give them: enet, xgb, "
                   "xgb+changes+platt, enet-stable+isotonic@mk_onset_1, ...")
      ->capture_default_str();
  AddDbOption(command, options);
  command->footer(
      "Example:\n  tocsin forecast && tocsin report --out report.html\n"
      "  tocsin forecast --model xgb --changes && tocsin backtest --model xgb --changes &&\n"
      "    tocsin report --model xgb+changes\n"
      "Reports a model's latest saved forecast (run `tocsin forecast` first) and its latest backtest of\n"
      "the same panel; for enet, the default, the backtest is run if there is none. The latest\n"
      "`tocsin backtest --compare` of the panel adds a model comparison. The file needs no network and\n"
      "no scripts.");
  return {command, [&options, report] { return RunReport(options, *report); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(50, RegisterReport);

}  // namespace tocsin::cli
