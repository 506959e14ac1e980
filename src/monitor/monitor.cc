#include "tocsin/monitor/monitor.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "tocsin/core/country_registry.h"
#include "tocsin/core/time.h"
#include "tocsin/store/transaction_store.h"

namespace tocsin::monitor {
namespace {

using OrderedJson = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// Windows listed in an explanation; a long episode lists its strongest ones.
constexpr std::size_t kMostWindowsExplained = 12;

OrderedJson PlaceJson(const Place& place) {
  OrderedJson json = {{"gw", place.country_gw}};
  if (const Country* country = CountryRegistry::Default().ByGw(place.country_gw); country != nullptr) {
    json["iso3"] = country->iso3;
    json["country"] = country->name;
  }
  if (!place.admin1.empty()) json["admin1"] = place.admin1;
  return json;
}

OrderedJson WindowJson(const Firing& firing, const SeriesContext& context) {
  const std::int32_t last = context.first_period + static_cast<std::int32_t>(firing.index);
  const std::int32_t first = last - static_cast<std::int32_t>(firing.window_periods) + 1;
  return {{"start", FormatDate(PeriodStart(first, context.period))},
          {"end", FormatDate(PeriodEnd(last, context.period))},
          {"observed", firing.observed},
          {"expected", firing.expected},
          {"statistic", firing.statistic}};
}

Alert StartAlert(const Rule& rule, const Place& place) {
  Alert alert;
  alert.rule = rule.name;
  alert.detector = std::string(rule.detector->name());
  alert.severity = rule.severity;
  alert.place = place;
  alert.series = rule.series.Describe();
  return alert;
}

// Finishes the alert of the firings [begin, end).
void FinishAlert(const Rule& rule, const SeriesContext& context, std::span<const Firing> episode,
                 Alert& alert) {
  const auto peak = std::max_element(episode.begin(), episode.end(), [](const Firing& a, const Firing& b) {
    return a.statistic < b.statistic;
  });
  auto day_of = [&](const Firing& firing, bool first) {
    const std::int32_t last = context.first_period + static_cast<std::int32_t>(firing.index);
    return first ? PeriodStart(last - static_cast<std::int32_t>(firing.window_periods) + 1, context.period)
                 : PeriodEnd(last, context.period);
  };
  alert.window_start = day_of(episode.front(), true);
  alert.first_window_end = day_of(episode.front(), false);
  alert.window_end = day_of(episode.back(), false);
  alert.peak_start = day_of(*peak, true);
  alert.peak_end = day_of(*peak, false);
  alert.observed = peak->observed;
  alert.expected = peak->expected;
  alert.statistic = peak->statistic;

  std::vector<const Firing*> strongest;
  for (const Firing& firing : episode) strongest.push_back(&firing);
  std::stable_sort(strongest.begin(), strongest.end(),
                   [](const Firing* a, const Firing* b) { return a->statistic > b->statistic; });
  strongest.resize(std::min(strongest.size(), kMostWindowsExplained));
  std::sort(strongest.begin(), strongest.end(),
            [](const Firing* a, const Firing* b) { return a->index < b->index; });
  OrderedJson windows = OrderedJson::array();
  for (const Firing* firing : strongest) windows.push_back(WindowJson(*firing, context));

  OrderedJson explanation = {{"reason", peak->reason},
                             {"rule", rule.name},
                             {"detector", rule.detector->name()},
                             {"statistic", rule.detector->statistic_name()},
                             {"series", rule.series.Describe()},
                             {"place", PlaceJson(alert.place)},
                             {"windows_fired", episode.size()},
                             {"windows", windows},
                             {"events", OrderedJson::array()}};
  alert.explanation = explanation.dump();
}

Status AddContributingEvents(store::Store& store, const Rule& rule, std::size_t top_events, Alert& alert) {
  EventQuery query;
  query.country_gw = alert.place.country_gw;
  if (rule.series.level == PlaceLevel::kAdmin1) query.admin1 = alert.place.admin1;
  query.from = alert.window_start;
  query.to = alert.window_end;
  query.source = rule.series.source;
  query.violence = rule.series.violence;
  query.with_text = true;
  query.order_by = "fatalities";
  query.limit = static_cast<std::int64_t>(top_events);
  OrderedJson events = OrderedJson::array();
  TOCSIN_RETURN_IF_ERROR(ScanEvents(store, query, [&](const EventSummary& event) {
    events.push_back({{"source", event.source},
                      {"id", event.source_id},
                      {"date", FormatDate(event.day)},
                      {"violence", ViolenceTypeName(event.violence_type)},
                      {"fatalities", event.fatalities},
                      {"admin1", event.admin1},
                      {"text", event.text}});
    return Status::Ok();
  }));
  OrderedJson explanation = OrderedJson::parse(alert.explanation);
  explanation["events"] = std::move(events);
  alert.explanation = explanation.dump();
  return Status::Ok();
}

}  // namespace

std::vector<Alert> MergeFirings(const Rule& rule, const Place& place, const SeriesContext& context,
                                std::span<const Firing> firings, std::optional<DayNumber> ending_from) {
  std::vector<Alert> alerts;
  std::size_t begin = 0;
  while (begin < firings.size()) {
    std::size_t end = begin + 1;
    std::size_t covered_to = firings[begin].index;
    // A window that starts at or before the period after the episode's last one
    // joins it (windows never reach before the series: window_periods <= index + 1).
    auto first_period = [](const Firing& firing) { return firing.index + 1 - firing.window_periods; };
    while (end < firings.size() && first_period(firings[end]) <= covered_to + 1) {
      covered_to = std::max(covered_to, firings[end].index);
      ++end;
    }
    const DayNumber episode_end =
        PeriodEnd(context.first_period + static_cast<std::int32_t>(firings[end - 1].index), context.period);
    if (ending_from && episode_end < *ending_from) {
      begin = end;
      continue;  // not asked for: no explanation built
    }
    Alert alert = StartAlert(rule, place);
    FinishAlert(rule, context, firings.subspan(begin, end - begin), alert);
    alerts.push_back(std::move(alert));
    begin = end;
  }
  return alerts;
}

namespace {

// The first day of the events an alert's figures read (Alert::support_start).
DayNumber SupportStart(const Rule& rule, const Alert& alert) {
  const std::optional<std::size_t> lookback = rule.detector->lookback_periods();
  if (!lookback) return kWholeHistory;
  const std::int32_t first = PeriodIndex(alert.window_start, rule.series.period);
  return PeriodStart(first - static_cast<std::int32_t>(*lookback), rule.series.period);
}

// Evaluates `rules` over `store`'s events into `report` (its counts and alerts).
Status Evaluate(store::Store& store, std::span<const Rule> rules, const MonitorOptions& options,
                MonitorReport& report) {
  report.series = report.firings = 0;
  report.alerts.clear();
  std::vector<SeriesSpec> specs;
  for (const Rule& rule : rules) {
    if (std::find(specs.begin(), specs.end(), rule.series) == specs.end()) specs.push_back(rule.series);
  }
  SeriesRange range;
  range.to = options.to;
  std::vector<std::vector<SeriesSet>> set_groups;  // per country evaluated, or one for all
  if (options.countries.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(std::vector<SeriesSet> sets, BuildSeries(store, specs, range));
    set_groups.push_back(std::move(sets));
  } else {
    TOCSIN_ASSIGN_OR_RETURN(const auto dates, EventDateRange(store));
    if (dates) {
      range.from = dates->first;
      if (!range.to) range.to = dates->second;
    }
    for (const int country : options.countries) {
      range.country_gw = country;
      TOCSIN_ASSIGN_OR_RETURN(std::vector<SeriesSet> sets, BuildSeries(store, specs, range));
      set_groups.push_back(std::move(sets));
    }
  }

  const auto now = std::chrono::system_clock::now();
  for (const std::vector<SeriesSet>& sets : set_groups) {
    for (const Rule& rule : rules) {
      const SeriesSet& set = sets[std::find(specs.begin(), specs.end(), rule.series) - specs.begin()];
      const SeriesContext context{rule.series.measure, rule.series.period, set.first_period};
      for (const auto& [place, values] : set.places) {
        const Series series = set.Dense(place);
        ++report.series;
        const std::vector<Firing> firings = rule.detector->Evaluate(series.values, 0, context);
        report.firings += firings.size();
        for (Alert& alert : MergeFirings(rule, place, context, firings, options.from)) {
          if (options.top_events > 0) {
            TOCSIN_RETURN_IF_ERROR(AddContributingEvents(store, rule, options.top_events, alert));
          }
          alert.support_start = SupportStart(rule, alert);
          alert.raised_at = FormatUtc(now);
          alert.triage_due = FormatUtc(now + std::chrono::hours(rule.triage_hours));
          report.alerts.push_back(std::move(alert));
        }
      }
    }
  }
  return Status::Ok();
}

Result<std::int64_t> ReadEventChangeVersion(store::Store& store) {
  std::int64_t version = 0;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(version, EventChangeVersion(transaction));
    return Status::Ok();
  }));
  return version;
}

}  // namespace

Result<MonitorReport> RunMonitor(store::Store& store, std::span<const Rule> rules,
                                 const MonitorOptions& options) {
  const auto start = Clock::now();
  MonitorReport report;
  report.rules = rules.size();
  std::optional<std::int64_t> version;
  if (options.save) {
    TOCSIN_ASSIGN_OR_RETURN(version, ReadEventChangeVersion(store));
  }
  TOCSIN_RETURN_IF_ERROR(Evaluate(store, rules, options, report));
  if (options.after_evaluation) TOCSIN_RETURN_IF_ERROR(options.after_evaluation());
  if (options.save) {
    AlertScope scope{.rules = {},
                     .countries = options.countries,
                     .from = options.from,
                     .to = options.to,
                     .actor = options.actor};
    for (const Rule& rule : rules) scope.rules.push_back(rule.name);
    TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
      // Events changed since the snapshot: its figures are older than what is
      // stored now. Made again in this transaction, which no writer can enter.
      TOCSIN_ASSIGN_OR_RETURN(const std::int64_t now_version, EventChangeVersion(transaction));
      if (now_version != *version) {
        store::TransactionStore in_this_commit(store, transaction);
        TOCSIN_RETURN_IF_ERROR(Evaluate(in_this_commit, rules, options, report));
      }
      TOCSIN_ASSIGN_OR_RETURN(report.saved, SaveAlertsIn(transaction, report.alerts, &scope));
      return options.on_saved ? options.on_saved(transaction, report.saved) : Status::Ok();
    }));
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

}  // namespace tocsin::monitor
