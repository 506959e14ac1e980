#include "report_page.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "tocsin/core/time.h"

namespace tocsin::cli {
namespace {

constexpr int kPlotSize = 320;
constexpr int kPlotMargin = 40;
constexpr int kTopDrivers = 10;
constexpr int kMovers = 12;

constexpr std::string_view kStyle = R"(
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.92em}td,th{padding:.2em .6em;text-align:left;border-bottom:1px solid #eee}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.8em;background:#b2182b;vertical-align:middle}
.neg{background:#2166ac}.facts td:first-child{color:#555}
.plots{display:flex;gap:2em;flex-wrap:wrap}figure{margin:0}figcaption{font-size:.9em;color:#444}
.note{color:#555;font-size:.9em}
)";

std::string Percent(double value) { return fmt::format("{:.2f}%", 100 * value); }

double Scale(double value, double low, double high) {
  return kPlotMargin + (value - low) / (high - low) * (kPlotSize - 2 * kPlotMargin);
}

std::string Axes(const std::string& x_label, const std::string& y_label, double high) {
  std::string svg;
  const int low = kPlotMargin;
  const int top = kPlotSize - kPlotMargin;
  svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{1}" y2="{1}" stroke="#333"/>)", low, top);
  svg += fmt::format(R"(<line x1="{0}" y1="{0}" x2="{0}" y2="{1}" stroke="#333"/>)", low, top);
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = high * tick / 4;
    const double position = Scale(value, 0, high);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10" text-anchor="middle">{}</text>)", position, top + 14,
                       high < 1 ? fmt::format("{:.0f}%", 100 * value) : fmt::format("{:.2g}", value));
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" font-size="10" text-anchor="end">{}</text>)", low - 4,
                       kPlotSize - position + 3,
                       high < 1 ? fmt::format("{:.0f}%", 100 * value) : fmt::format("{:.2g}", value));
  }
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>)", kPlotSize / 2,
                     kPlotSize - 6, x_label);
  svg += fmt::format(R"svg(<text x="12" y="{0}" font-size="11" text-anchor="middle" transform="rotate(-90 12 {0})">{1}</text>)svg",
                     kPlotSize / 2, y_label);
  return svg;
}

std::string RocSvg(const nlohmann::json& roc, double auc) {
  std::string points;
  const auto& fpr = roc["fpr"];
  const auto& tpr = roc["tpr"];
  for (std::size_t i = 0; i < fpr.size(); ++i) {
    points += fmt::format("{:.1f},{:.1f} ", Scale(fpr[i].get<double>(), 0, 1),
                          kPlotSize - Scale(tpr[i].get<double>(), 0, 1));
  }
  return fmt::format(
      R"(<svg role="img" aria-label="ROC curve, area {0:.3f}" width="{1}" height="{1}" viewBox="0 0 {1} {1}">{2})"
      R"(<line x1="{3}" y1="{4}" x2="{4}" y2="{3}" stroke="#aaa" stroke-dasharray="4"/>)"
      R"(<polyline fill="none" stroke="#b2182b" stroke-width="2" points="{5}"/></svg>)",
      auc, kPlotSize, Axes("false positive rate", "true positive rate", 1), kPlotMargin, kPlotSize - kPlotMargin,
      points);
}

std::string CalibrationSvg(const nlohmann::json& calibration) {
  double high = 0.01;
  for (const auto& group : calibration) {
    high = std::max({high, group["mean_predicted"].get<double>(), group["observed_rate"].get<double>()});
  }
  high = std::ceil(high * 20) / 20;  // round up to 5%
  std::string dots;
  for (const auto& group : calibration) {
    dots += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="#2166ac"><title>forecast {} observed {} (n={})</title></circle>)",
                        Scale(group["mean_predicted"].get<double>(), 0, high),
                        kPlotSize - Scale(group["observed_rate"].get<double>(), 0, high),
                        Percent(group["mean_predicted"].get<double>()), Percent(group["observed_rate"].get<double>()),
                        group["count"].get<int>());
  }
  return fmt::format(
      R"(<svg role="img" aria-label="Calibration by risk decile" width="{0}" height="{0}" viewBox="0 0 {0} {0}">{1})"
      R"(<line x1="{2}" y1="{3}" x2="{3}" y2="{2}" stroke="#aaa" stroke-dasharray="4"/>{4}</svg>)",
      kPlotSize, Axes("mean forecast (maxrisk2)", "observed onset rate", high), kPlotMargin, kPlotSize - kPlotMargin,
      dots);
}

std::string DriverBars(const nlohmann::json& contributions) {
  std::vector<std::pair<std::string, double>> items;
  for (const auto& [name, value] : contributions.items()) items.emplace_back(name, value.get<double>());
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return std::abs(a.second) > std::abs(b.second); });
  if (items.size() > 5) items.resize(5);
  std::string html;
  for (const auto& [name, value] : items) {
    html += fmt::format(R"({} <span class="bar{}" style="width:{:.0f}px"></span> {:+.2f}<br>)", EscapeHtml(name),
                        value < 0 ? " neg" : "", std::min(120.0, 40 * std::abs(value)), value);
  }
  return html;
}

std::string Number(const nlohmann::json& value, const char* format) {
  return value.is_number() ? fmt::format(fmt::runtime(format), value.get<double>()) : std::string("–");
}

// Every model's metrics with their bootstrap intervals, the difference against the
// reference with the share of resamples won, and one reliability diagram per model.
std::string ComparisonSection(const nlohmann::json& comparison) {
  const auto& models = comparison["models"];
  std::string html = fmt::format(
      "<h2>Model comparison</h2>\n<p>The same rolling backtest for each model; every choice a model makes "
      "(lambda, tree settings, calibration, ensemble weight) is made inside each training window. Intervals: "
      "{:.0f}% paired bootstrap over onset years ({} resamples). Below each value: the difference against {} and the "
      "share of resamples in which the model is better.</p>\n<table><tr><th>metric</th>",
      100 * comparison["level"].get<double>(), comparison["resamples"].get<int>(),
      EscapeHtml(comparison["reference"].get<std::string>()));
  for (const auto& model : models) html += fmt::format("<th class=n>{}</th>", EscapeHtml(model["model"].get<std::string>()));
  html += "</tr>\n";
  const std::size_t metric_count = models.empty() ? 0 : models[0]["metrics"].size();
  for (std::size_t k = 0; k < metric_count; ++k) {
    html += fmt::format("<tr><td>{}</td>", EscapeHtml(models[0]["metrics"][k]["name"].get<std::string>()));
    for (std::size_t m = 0; m < models.size(); ++m) {
      const auto& metric = models[m]["metrics"][k];
      html += fmt::format("<td class=n>{} [{}, {}]", Number(metric["value"], "{:.3f}"), Number(metric["lower"], "{:.3f}"),
                          Number(metric["upper"], "{:.3f}"));
      if (m > 0) {
        html += fmt::format("<br><span class=note>{} [{}, {}], better in {}</span>", Number(metric["difference"], "{:+.3f}"),
                            Number(metric["difference_lower"], "{:+.3f}"), Number(metric["difference_upper"], "{:+.3f}"),
                            Percent(metric["share_better"].get<double>()));
      }
      html += "</td>";
    }
    html += "</tr>\n";
  }
  html += "</table>\n<div class=plots>";
  for (const auto& model : models) {
    html += fmt::format("<figure>{}<figcaption>Reliability of {}: mean forecast and observed onset rate per risk "
                        "decile.</figcaption></figure>",
                        CalibrationSvg(model["calibration"]), EscapeHtml(model["model"].get<std::string>()));
  }
  return html + "</div>\n";
}

}  // namespace

std::string RenderReport(const ReportInput& input) {
  const auto& forecast = input.forecast;
  const int year = forecast.forecast_year.value_or(0);
  const nlohmann::json backtest = nlohmann::json::parse(input.backtest.metrics_json);
  const nlohmann::json coefficients = nlohmann::json::parse(forecast.coefficients_json);
  const nlohmann::json fit = nlohmann::json::parse(forecast.metrics_json);
  const nlohmann::json spec = nlohmann::json::parse(forecast.specification_json, nullptr, false);
  // The reference reproduces EWP's model; any other model is described by its run.
  const bool reference = forecast.model == "enet";
  const bool linear = !coefficients.empty();
  const bool one_year = spec.is_object() && spec.value("target", std::string()) == "mk_onset_1";
  std::map<int, const store::ForecastRecord*> previous;
  if (input.previous_forecast) {
    for (const auto& record : input.previous_forecast->forecasts) previous[record.cow] = &record;
  }

  std::string html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += fmt::format("<title>Tocsin risk report {}</title><style>{}</style></head><body>\n", year, kStyle);
  html += one_year
              ? fmt::format("<h1>Risk of a new mass killing starting in {}</h1>\n", year + 1)
              : fmt::format("<h1>Risk of a new mass killing starting in {} or {}</h1>\n", year + 1, year + 2);
  html += fmt::format(
      "<p>Statistical risk assessment from {} data: each country's probability that a new episode of mass "
      "killing (armed groups deliberately killing at least 1,000 non-combatant civilians, targeted as "
      "members "
      "of a group, within a year) begins in the next {}. {}</p>\n",
      year, one_year ? "year" : "two years",
      reference
          ? "The model reproduces the Early Warning Project's Statistical Risk Assessment."
          : fmt::format(
                "Model {}, an alternative to the reproduction of the Early Warning Project's Statistical "
                "Risk Assessment (enet); {}.",
                EscapeHtml(forecast.model),
                input.comparison
                    ? "the model comparison below sets them side by side"
                    : fmt::format("<code>tocsin backtest --compare enet,{}</code> sets them side by side",
                                  EscapeHtml(spec.is_object() ? spec.value("model", forecast.model)
                                                              : forecast.model))));

  html += "<h2>Data and model</h2>\n<table class=\"facts\">";
  const auto fact = [&](std::string_view name, const std::string& value) {
    html += fmt::format("<tr><td>{}</td><td>{}</td></tr>", name, value);
  };
  fact("Outcome", one_year ? "mk_onset_1: onset of a mass killing in year t+1"
                           : "mk_onset_1or2: onset of a mass killing in year t+1 or t+2");
  if (reference) {
    fact("Model",
         "elastic-net logistic regression (alpha 0.5), lambda.min by 10-fold cross-validation on binomial "
         "deviance");
  } else {
    fact("Model",
         fmt::format("{}: {}", EscapeHtml(forecast.model), EscapeHtml(fit.value("summary", std::string()))));
  }
  if (spec.is_object() && spec.contains("predictors")) {
    fact("Predictors", fmt::format("{}", spec["predictors"].size()));
  }
  fact("Forecast from data year", std::to_string(year));
  fact("Trained on years", fmt::format("up to {} ({} complete country-years)", forecast.trained_through.value_or(0),
                                       forecast.training_rows.value_or(0)));
  if (linear) {
    fact(reference ? "lambda.min" : "lambda",
         fmt::format("{:.6g} ({} non-zero coefficients)", forecast.lambda.value_or(0),
                     fit.value("nonzero", 0)));
  }
  fact("Panel", fmt::format("{} ({} country-years, {}-{})", EscapeHtml(input.panel_source), input.panel_rows,
                            input.panel_first_year, input.panel_last_year));
  fact("Data SHA-256", "<code>" + EscapeHtml(forecast.data_hash) + "</code>");
  fact("Countries forecast", std::to_string(forecast.forecasts.size()));
  if (forecast.interval) {
    fact("Risk intervals",
         fmt::format(
             "{:.0f}% bootstrap intervals from {} of {} resamples (whole countries drawn with replacement, "
             "the model refitted with its choices held fixed; resamples that could not be fitted are left "
             "out)",
             100 * forecast.interval->level, forecast.interval->used, forecast.interval->resamples));
  }
  fact("Generated", NowUtc() + fmt::format(" (forecast run {}, backtest run {})", forecast.id, input.backtest.id));
  html += "</table>\n";

  const double baseline = fit.value("baseline_log_odds", 0.0);
  const std::string explained =
      linear
          ? fmt::format(
                "coefficient × (the country's value − the training mean). A country-year at the training "
                "means has log-odds {:+.3f} (risk {}); a country's log-odds is that plus its contributions.",
                baseline, Percent(1 / (1 + std::exp(-baseline))))
          : std::string(
                "its TreeSHAP value, how far the predictor moves the country's log-odds away from the "
                "model's average over its training rows.");
  html += fmt::format(
      "<h2>The {} highest risks and their drivers</h2>\n<p class=note>Each predictor's contribution to "
      "the log-odds: {} Red raises the risk, blue lowers it.</p>\n"
      "<table><tr><th>country</th><th>risk</th><th>largest contributions</th></tr>\n",
      kTopDrivers, explained);
  for (const auto& record : forecast.forecasts) {
    if (record.rank > kTopDrivers) break;
    html += fmt::format("<tr><td>{}</td><td class=n>{}</td><td>{}</td></tr>\n", EscapeHtml(record.country),
                        Percent(record.probability), DriverBars(nlohmann::json::parse(record.contributions_json)));
  }
  html += "</table>\n";

  if (input.previous_forecast) {
    std::vector<std::pair<double, const store::ForecastRecord*>> movers;
    for (const auto& record : forecast.forecasts) {
      const auto before = previous.find(record.cow);
      if (before != previous.end()) movers.emplace_back(record.probability - before->second->probability, &record);
    }
    std::sort(movers.begin(), movers.end(),
              [](const auto& a, const auto& b) { return std::abs(a.first) > std::abs(b.first); });
    html += fmt::format("<h2>Big movers since the forecast from {} data</h2>\n<table><tr><th>country</th>"
                        "<th class=n>risk</th><th class=n>change</th><th class=n>rank</th><th>what changed most "
                        "(log-odds)</th></tr>\n",
                        year - 1);
    for (int i = 0; i < kMovers && i < static_cast<int>(movers.size()); ++i) {
      const auto& record = *movers[i].second;
      const auto& old = *previous[record.cow];
      const nlohmann::json now = nlohmann::json::parse(record.contributions_json);
      const nlohmann::json then = nlohmann::json::parse(old.contributions_json);
      std::vector<std::pair<std::string, double>> changes;
      for (const auto& [name, value] : now.items()) changes.emplace_back(name, value.get<double>() - then.value(name, 0.0));
      for (const auto& [name, value] : then.items()) {
        if (!now.contains(name)) changes.emplace_back(name, -value.get<double>());
      }
      std::sort(changes.begin(), changes.end(),
                [](const auto& a, const auto& b) { return std::abs(a.second) > std::abs(b.second); });
      std::string reasons;
      for (std::size_t k = 0; k < 3 && k < changes.size(); ++k) {
        reasons += fmt::format("{}{} {:+.2f}", k ? ", " : "", EscapeHtml(changes[k].first), changes[k].second);
      }
      html += fmt::format("<tr><td>{}</td><td class=n>{}</td><td class=n>{:+.2f}</td><td class=n>{} → {}</td><td>{}</td></tr>\n",
                          EscapeHtml(record.country), Percent(record.probability), 100 * movers[i].first, old.rank,
                          record.rank, reasons);
    }
    html += "</table>\n";
  }

  html += fmt::format(
      "<h2>Validation: rolling out-of-sample backtest</h2>\n<p>Trained on years ≤ L only and forecast from year "
      "L+2, for every L; each onset year {}-{} scored by the larger of the two forecasts that cover it (maxrisk2). "
      "{} country-years, {} onsets.</p>\n<table class=facts>",
      backtest["first_year"].get<int>(), backtest["last_year"].get<int>(), backtest["country_years"].get<int>(),
      backtest["onsets"].get<int>());
  fact("AUC", fmt::format("{:.3f}", backtest["auc"].get<double>()));
  fact("Onsets in the top 10 / 20 / 30", fmt::format("{:.0f}% / {:.0f}% / {:.0f}%", 100 * backtest["recall_at_10"].get<double>(),
                                                     100 * backtest["recall_at_20"].get<double>(),
                                                     100 * backtest["recall_at_30"].get<double>()));
  fact("Onsets with risk ≥ 4% / ≥ 2.5%", fmt::format("{:.0f}% / {:.0f}%", 100 * backtest["share_at_4_percent"].get<double>(),
                                                    100 * backtest["share_at_2_5_percent"].get<double>()));
  fact("False positives per true positive at 4%",
       fmt::format("{:.1f}", backtest["false_positives_per_true_positive_at_4_percent"].get<double>()));
  fact("Brier score (skill against the base rate)",
       fmt::format("{:.5f} ({:+.4f})", backtest["brier"].get<double>(), backtest["brier_skill"].get<double>()));
  html += "</table>\n<div class=plots>";
  html += fmt::format("<figure>{}<figcaption>ROC curve of maxrisk2 (AUC {:.3f}).</figcaption></figure>",
                      RocSvg(backtest["roc"], backtest["auc"].get<double>()), backtest["auc"].get<double>());
  html += fmt::format("<figure>{}<figcaption>Calibration: mean forecast and observed onset rate per risk decile; the "
                      "dashed line is perfect calibration.</figcaption></figure></div>\n",
                      CalibrationSvg(backtest["calibration"]));
  html += fmt::format(
      "<table><tr><th class=n>trained ≤</th><th class=n>data year</th><th class=n>rows</th>{}"
      "<th class=n>onsets next year</th><th class=n>of them in top 30</th></tr>\n",
      linear ? "<th class=n>lambda</th><th class=n>non-zero</th>" : "");
  for (const auto& row : backtest["years"]) {
    html += fmt::format(
        "<tr><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td>{}<td class=n>{}</td>"
        "<td class=n>{}</td></tr>\n",
        row["trained_through"].get<int>(), row["data_year"].get<int>(), row["training_rows"].get<int>(),
        linear ? fmt::format("<td class=n>{:.5f}</td><td class=n>{}</td>", row["lambda"].get<double>(),
                             row["nonzero"].get<int>())
               : std::string(),
        row["onsets_next_year"].get<int>(), row["onsets_next_year_top30"].get<int>());
  }
  html += "</table>\n";
  if (input.comparison) html += ComparisonSection(nlohmann::json::parse(input.comparison->metrics_json));
  html += fmt::format(
      "<h2>All countries, ranked</h2>\n<table><tr><th class=n>rank</th><th>country</th><th "
      "class=n>risk</th>{}<th class=n>last year</th><th class=n>change</th></tr>\n",
      forecast.interval ? fmt::format("<th class=n>{:.0f}% interval</th>", 100 * forecast.interval->level)
                        : std::string());
  for (const auto& record : forecast.forecasts) {
    const auto before = previous.find(record.cow);
    std::string interval;
    if (forecast.interval) {
      interval = record.risk_lower && record.risk_upper
                     ? fmt::format("<td class=n>{} – {}</td>", Percent(*record.risk_lower),
                                   Percent(*record.risk_upper))
                     : "<td class=n></td>";
    }
    html += fmt::format(
        "<tr><td class=n>{}</td><td>{}</td><td class=n>{}</td>{}<td class=n>{}</td><td "
        "class=n>{}</td></tr>\n",
        record.rank, EscapeHtml(record.country), Percent(record.probability), interval,
        before == previous.end() ? "" : Percent(before->second->probability),
        before == previous.end()
            ? ""
            : fmt::format("{:+.2f}", 100 * (record.probability - before->second->probability)));
  }
  html += "</table>\n";

  if (linear) {
    html += fmt::format(
        "<h2>Coefficients at {}</h2>\n<table><tr><th>variable</th><th class=n>coefficient</th>"
        "<th class=n>odds ratio</th></tr>\n",
        reference ? "lambda.min" : "the chosen lambda");
    for (const auto& [name, value] : coefficients.items()) {
      if (value.get<double>() == 0) continue;
      html += fmt::format("<tr><td>{}</td><td class=n>{:.4f}</td><td class=n>{:.4f}</td></tr>\n",
                          EscapeHtml(name), value.get<double>(), std::exp(value.get<double>()));
    }
    html += "</table>\n";
  }
  html += fmt::format(
      "<h2>Limits</h2>\n<ul><li>It forecasts onsets only: a country with an ongoing mass killing is "
      "not forecast to have another one just because of it.</li><li>Data lag: the forecast uses last year's "
      "structural data and cannot see events since.</li><li>Few positives: about 40 onsets since 1994, so "
      "every figure above has wide uncertainty.</li>{}</ul>\n",
      reference
          ? "<li>lambda depends on the random assignment of cross-validation folds (EWP's seed 90035 is "
            "used).</li>"
          : "<li>The model's choices (settings, calibration) rest on cross-validation folds drawn from one "
            "seed.</li>");
  html += "<p class=note>Produced by Tocsin. Source data: the Early Warning Project (US Holocaust Memorial Museum and "
          "Dartmouth College), 2025 replication files.</p>\n</body></html>\n";
  return html;
}

}  // namespace tocsin::cli
