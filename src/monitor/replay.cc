#include "tocsin/monitor/replay.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "field_values.h"
#include "record_reader.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/monitor/monitor.h"
#include "views_series.h"

namespace tocsin::monitor {
namespace {

constexpr double kDaysPerJulianYear = 365.25;
constexpr int kDaysPerMonth = 30;

// One-sided fatalities per country and period: what alerts are scored against.
struct Reference {
  Period period = Period::kDay;
  std::map<int, MonthlySeries> one_sided;  // MonthlySeries holds any period's values here

  // Fatalities of `gw` in periods [first, last]; nullopt unless the data cover them all.
  std::optional<double> Sum(int gw, std::int32_t first, std::int32_t last) const {
    const auto found = one_sided.find(gw);
    if (found == one_sided.end()) return std::nullopt;
    const MonthlySeries& series = found->second;
    const std::int32_t end = series.first_month + static_cast<std::int32_t>(series.values.size());
    if (first < series.first_month || last >= end) return std::nullopt;
    double sum = 0;
    for (std::int32_t period = first; period <= last; ++period) sum += series.values[period - series.first_month];
    return sum;
  }
};

// The places of one rule's series and their values.
struct RuleSeries {
  SeriesContext context;
  std::vector<std::pair<Place, std::vector<double>>> places;
};

std::int32_t HorizonPeriods(const Reference& reference, const ReplayOptions& options) {
  if (reference.period == Period::kDay) return options.horizon_days;
  return std::max(1, (options.horizon_days + kDaysPerMonth / 2) / kDaysPerMonth);
}

// Whether escalation follows an alert raised on `raised` in `gw`; nullopt when
// the data do not cover the horizon.
std::optional<bool> FollowedByEscalation(const Reference& reference, int gw, DayNumber raised,
                                         const ReplayOptions& options) {
  const std::int32_t first = PeriodIndex(raised, reference.period) + 1;
  const auto sum = reference.Sum(gw, first, first + HorizonPeriods(reference, options) - 1);
  if (!sum) return std::nullopt;
  return *sum >= options.escalation_fatalities;
}

// The day the onset year's one-sided fatalities reach the threshold, or 31 December.
std::pair<DayNumber, bool> DateOnset(const Reference& reference, const Onset& onset, const ReplayOptions& options) {
  const DayNumber year_start = DayFromCivil(onset.year, 1, 1);
  const DayNumber year_end = DayFromCivil(onset.year, 12, 31);
  const auto found = reference.one_sided.find(onset.country_gw);
  if (found != reference.one_sided.end()) {
    double total = 0;
    for (std::int32_t period = PeriodIndex(year_start, reference.period);
         period <= PeriodIndex(year_end, reference.period); ++period) {
      const std::int32_t index = period - found->second.first_month;
      if (index < 0 || index >= static_cast<std::int32_t>(found->second.values.size())) continue;
      total += found->second.values[index];
      if (total >= options.onset_fatalities) return {PeriodEnd(period, reference.period), true};
    }
  }
  return {year_end, false};
}

double BaseRate(const Reference& reference, DayNumber from, DayNumber to, const ReplayOptions& options) {
  std::size_t followed = 0;
  std::size_t scored = 0;
  for (const auto& [gw, series] : reference.one_sided) {
    for (std::int32_t period = PeriodIndex(from, reference.period); period <= PeriodIndex(to, reference.period);
         ++period) {
      const auto escalation = FollowedByEscalation(reference, gw, PeriodEnd(period, reference.period), options);
      if (!escalation) continue;
      ++scored;
      followed += *escalation ? 1 : 0;
    }
  }
  return scored == 0 ? 0 : static_cast<double>(followed) / scored;
}

RuleReplay ScoreRule(const Rule& rule, const RuleSeries& series, const Reference& reference,
                     std::span<const Onset> onsets, DayNumber from, DayNumber to, const ReplayOptions& options) {
  RuleReplay result;
  result.rule = rule.name;
  result.detector = std::string(rule.detector->name());
  std::map<int, std::vector<DayNumber>> raised_by_country;
  std::set<int> countries;
  for (const auto& [place, values] : series.places) {
    countries.insert(place.country_gw);
    const std::vector<Firing> firings = rule.detector->Evaluate(values, 0, series.context);
    for (const Alert& alert : MergeFirings(rule, place, series.context, firings)) {
      const DayNumber raised = alert.first_window_end;
      if (raised < from || raised > to) continue;
      ++result.alerts;
      raised_by_country[place.country_gw].push_back(raised);
      if (const auto escalation = FollowedByEscalation(reference, place.country_gw, raised, options)) {
        ++result.scored;
        result.followed += *escalation ? 1 : 0;
      }
    }
  }
  result.country_years = static_cast<double>(countries.size()) * (to - from + 1) / kDaysPerJulianYear;
  const int first_year = CivilFromDay(from).year;
  const int last_year = CivilFromDay(to).year;
  for (const Onset& onset : onsets) {
    if (!countries.contains(onset.country_gw) || onset.year < first_year || onset.year > last_year) continue;
    OnsetResult scored;
    scored.onset = onset;
    std::tie(scored.dated, scored.threshold_reached) = DateOnset(reference, onset, options);
    for (DayNumber raised : raised_by_country[onset.country_gw]) {
      if (raised > scored.dated || raised < scored.dated - options.lead_window_days) continue;
      const int lead = scored.dated - raised;
      if (!scored.lead_days || lead > *scored.lead_days) scored.lead_days = lead;
    }
    result.onsets.push_back(std::move(scored));
  }
  return result;
}

std::vector<double> Sum(const std::vector<const MonthlySeries*>& parts, std::int32_t first, std::int32_t last) {
  std::vector<double> values(static_cast<std::size_t>(last - first + 1), 0.0);
  for (const MonthlySeries* part : parts) {
    for (std::int32_t month = first; month <= last; ++month) values[month - first] += part->values[month - part->first_month];
  }
  return values;
}

}  // namespace

Result<std::vector<Onset>> LoadMassKillingOnsets(const std::string& path) {
  TOCSIN_ASSIGN_OR_RETURN(RecordReader reader, RecordReader::Open(path));
  TOCSIN_ASSIGN_OR_RETURN(bool has_header, reader.Next());
  if (!has_header) return DataLossError(fmt::format("{}: the file is empty", path));
  const std::vector<std::string> header(reader.fields().begin(), reader.fields().end());
  auto column = [&](std::string_view name) -> Result<std::size_t> {
    const auto found = std::find(header.begin(), header.end(), name);
    if (found == header.end()) return InvalidArgumentError(fmt::format("{}: no column '{}'", path, name));
    return static_cast<std::size_t>(found - header.begin());
  };
  TOCSIN_ASSIGN_OR_RETURN(std::size_t code, column("mk_event_code"));
  TOCSIN_ASSIGN_OR_RETURN(std::size_t country, column("country"));
  TOCSIN_ASSIGN_OR_RETURN(std::size_t cow, column("mk_location_cow"));
  TOCSIN_ASSIGN_OR_RETURN(std::size_t year, column("startyear"));
  std::vector<Onset> onsets;
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(bool more, reader.Next());
    if (!more) return onsets;
    const auto fields = reader.fields();
    if (fields.size() != header.size()) {
      return InvalidArgumentError(fmt::format("{}:{}: expected {} fields", path, reader.line(), header.size()));
    }
    const auto cow_code = ParseWholeNumber(fields[cow]);
    const auto start = ParseWholeNumber(fields[year]);
    // Undated or unlocated entries cannot be scored; nor can numbers beyond an int.
    if (!cow_code || !start || !std::in_range<int>(*cow_code) || !std::in_range<int>(*start)) continue;
    const Country* state =
        CountryRegistry::Default().ByCow(static_cast<int>(*cow_code), static_cast<int>(*start));
    if (state == nullptr) continue;
    onsets.push_back({std::string(fields[code]), std::string(fields[country]), state->gw, static_cast<int>(*start)});
  }
}

Result<ReplayReport> ReplayStoredEvents(store::Store& store, std::span<const Rule> rules,
                                        std::span<const Onset> onsets, const ReplayOptions& options) {
  std::vector<SeriesSpec> specs;
  SeriesSpec reference_spec{PlaceLevel::kCountry, ViolenceBit(ViolenceType::kOneSided), Period::kDay,
                            Measure::kFatalities, std::nullopt};
  specs.push_back(reference_spec);
  for (const Rule& rule : rules) specs.push_back(rule.series);
  SeriesRange range;
  range.to = options.to;
  TOCSIN_ASSIGN_OR_RETURN(std::vector<SeriesSet> sets, BuildSeries(store, specs, range));

  Reference reference;
  ReplayReport report;
  report.input = "stored events";
  const SeriesSet& daily = sets.front();
  for (const auto& [place, values] : daily.places) {
    const Series series = daily.Dense(place);
    reference.one_sided[place.country_gw] = {series.first_period, series.values};
  }
  std::set<int> countries;
  for (const SeriesSet& set : sets) {
    for (const auto& [place, values] : set.places) countries.insert(place.country_gw);
  }
  report.countries = countries.size();
  report.from = std::max(options.from.value_or(PeriodStart(daily.first_period, Period::kDay)),
                         PeriodStart(daily.first_period, Period::kDay));
  report.to = PeriodEnd(daily.last_period, Period::kDay);
  report.escalation_base_rate = BaseRate(reference, report.from, report.to, options);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const SeriesSet& set = sets[i + 1];
    RuleSeries series{{rules[i].series.measure, rules[i].series.period, set.first_period}, {}};
    for (const auto& [place, values] : set.places) series.places.emplace_back(place, set.Dense(place).values);
    report.rules.push_back(ScoreRule(rules[i], series, reference, onsets, report.from, report.to, options));
  }
  return report;
}

Result<ReplayReport> ReplayViews(const std::string& views_directory, std::span<const Rule> rules,
                                 std::span<const Onset> onsets, const ReplayOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(ViewsSeries views, ReadViewsSeries(views_directory));
  Reference reference;
  reference.period = Period::kMonth;
  reference.one_sided = views.one_sided;
  ReplayReport report;
  report.input = "VIEWS country-month fatalities";
  report.countries = views.state_based.size();
  report.from = options.from.value_or(std::numeric_limits<DayNumber>::max());
  report.to = options.to.value_or(std::numeric_limits<DayNumber>::min());
  for (const Rule& rule : rules) {
    if (rule.series.period != Period::kMonth || rule.series.measure != Measure::kFatalities ||
        rule.series.level != PlaceLevel::kCountry) {
      continue;
    }
    std::vector<const std::map<int, MonthlySeries>*> parts;
    if (rule.series.violence & ViolenceBit(ViolenceType::kStateBased)) parts.push_back(&views.state_based);
    if (rule.series.violence & ViolenceBit(ViolenceType::kNonState)) parts.push_back(&views.non_state);
    if (rule.series.violence & ViolenceBit(ViolenceType::kOneSided)) parts.push_back(&views.one_sided);
    if (parts.empty()) continue;
    // The months every part covers, for the countries all parts have.
    RuleSeries series;
    std::int32_t first = std::numeric_limits<std::int32_t>::min();
    std::int32_t last = std::numeric_limits<std::int32_t>::max();
    for (const auto& [gw, base] : *parts.front()) {
      std::vector<const MonthlySeries*> country;
      for (const auto* part : parts) {
        const auto found = part->find(gw);
        if (found == part->end()) break;
        country.push_back(&found->second);
        first = std::max(first, found->second.first_month);
        last = std::min(last, found->second.first_month + static_cast<std::int32_t>(found->second.values.size()) - 1);
      }
      if (country.size() == parts.size()) series.places.emplace_back(Place{gw, ""}, std::vector<double>());
    }
    if (first > last) continue;
    for (auto& [place, values] : series.places) {
      std::vector<const MonthlySeries*> country;
      for (const auto* part : parts) country.push_back(&part->at(place.country_gw));
      values = Sum(country, first, last);
    }
    series.context = {Measure::kFatalities, Period::kMonth, first};
    const DayNumber from = std::max(options.from.value_or(PeriodStart(first, Period::kMonth)),
                                    PeriodStart(first, Period::kMonth));
    const DayNumber to = std::min(options.to.value_or(PeriodEnd(last, Period::kMonth)), PeriodEnd(last, Period::kMonth));
    report.from = std::min(report.from, from);
    report.to = std::max(report.to, to);
    report.rules.push_back(ScoreRule(rule, series, reference, onsets, from, to, options));
  }
  if (report.rules.empty()) {
    return InvalidArgumentError("no rule watches monthly fatalities by country; VIEWS has nothing else to replay");
  }
  report.escalation_base_rate = BaseRate(reference, report.from, report.to, options);
  return report;
}

}  // namespace tocsin::monitor
