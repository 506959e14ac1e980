#include "tocsin/judge/data_bindings.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "tocsin/judge/calendar_date.h"
#include "tocsin/judge/trigger_calendar.h"

namespace tocsin::judge {
namespace {

using store::Value;

// Confidence-weighted mean of the analysts' scores of one indicator.
std::optional<double> IndicatorConsensus(const Assessment& assessment, std::string_view code) {
  double weighted = 0;
  double weights = 0;
  for (const StoredScore& score : assessment.scores) {
    if (score.entry.indicator != code) continue;
    weighted += static_cast<double>(score.entry.confidence) * score.entry.score;
    weights += static_cast<double>(score.entry.confidence);
  }
  if (weights == 0) return std::nullopt;
  return weighted / weights;
}

void Compare(DataBinding& binding) {
  binding.disagrees = binding.level && binding.judgement &&
                      std::abs(*binding.level - *binding.judgement) >= kDataDisagreement - kSpreadTolerance;
}

Result<DataBinding> ArmedConflict(store::Transaction& transaction, const Assessment& assessment,
                                  std::chrono::year_month_day as_of,
                                  const access::SqlFilter* visible_events) {
  DataBinding binding;
  binding.target = "1";
  binding.source = "events";
  const std::chrono::year_month_day window_start = AddMonths(as_of, -kConflictWindowMonths);
  const std::string from = FormatCalendarDate(window_start);
  std::int64_t country_events = 0;
  std::int64_t battle_events = 0;
  std::int64_t deaths = 0;
  std::vector<Value> params = {from, assessment.as_of, from, assessment.as_of, std::int64_t{assessment.gw}};
  // Violence types 1 and 2 are UCDP's state-based and non-state conflict.
  std::string sql =
      "SELECT count(*), coalesce(sum(CASE WHEN violence_type IN (1, 2) AND date_start > ? AND date_start <= "
      "? "
      "THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN violence_type IN (1, 2) AND date_start > ? AND "
      "date_start <= ? THEN coalesce(fatalities_best, 0) ELSE 0 END), 0) FROM events WHERE events.gw = ?";
  // Nobody's counts include an event they may not read.
  if (visible_events != nullptr) {
    const access::SqlFilter& visible = *visible_events;
    sql += " AND ";
    sql += visible.sql;
    params.insert(params.end(), visible.params.begin(), visible.params.end());
  }
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
    country_events = row.Integer(0);
    battle_events = row.Integer(1);
    deaths = row.Integer(2);
    return Status::Ok();
  }));
  if (country_events == 0) {
    binding.observed = "no events imported for this country";
    return binding;
  }
  const double battle_deaths = static_cast<double>(deaths);
  binding.level = battle_events == 0                        ? 0
                  : battle_deaths < kArmedConflictDeaths ? 1
                  : battle_deaths < kWarDeaths           ? 2
                                                         : 3;
  // The window counts from the day after `from`: say so with the first day counted.
  const std::string first_day = FormatCalendarDate(
      std::chrono::year_month_day(std::chrono::sys_days(window_start) + std::chrono::days(1)));
  binding.observed = fmt::format("{} battle deaths in {} armed-conflict event{} from {} to {}", deaths,
                                 battle_events, battle_events == 1 ? "" : "s", first_day, assessment.as_of);
  return binding;
}

Result<DataBinding> PastMassKilling(store::Transaction& transaction, const Assessment& assessment,
                                    std::chrono::year_month_day as_of) {
  DataBinding binding;
  binding.target = "2";
  binding.source = "panel";
  std::optional<std::int64_t> year;
  double ongoing = 0;
  double ever = 0;
  double onsets = 0;
  const std::int64_t gw = assessment.gw;
  const std::int64_t last_year = static_cast<int>(as_of.year());
  const std::vector<Value> params = {gw, last_year, gw, gw, last_year};
  // The latest year of the most recently imported panel that covers the country.
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT r.year, v.name, panel_values.value FROM panel_rows r "
      "JOIN panel_variables v ON v.dataset_id = r.dataset_id "
      "JOIN panel_values ON panel_values.dataset_id = r.dataset_id AND panel_values.row_number = r.row_number "
      "AND panel_values.position = v.position "
      "WHERE r.gw = ? AND r.year <= ? AND v.name IN ('mk_ongoing_count_log2', 'mk_ever', "
      "'mean_mk_onset_interaction') AND r.dataset_id = (SELECT max(dataset_id) FROM panel_rows WHERE gw = ?) "
      "AND r.year = (SELECT max(year) FROM panel_rows p WHERE p.dataset_id = r.dataset_id AND p.gw = ? "
      "AND p.year <= ?)",
      params, [&](const store::Row& row) {
        year = row.Integer(0);
        const double value = row.IsNull(2) ? 0 : row.Real(2);
        const std::string name = row.Text(1);
        if (name == "mk_ongoing_count_log2") ongoing = value;
        if (name == "mk_ever") ever = value;
        if (name == "mean_mk_onset_interaction") onsets = value;
        return Status::Ok();
      }));
  if (!year) {
    binding.observed = "no panel row for this country up to the assessment year";
    return binding;
  }
  if (ongoing > 0) {
    binding.level = 3;
    binding.observed = fmt::format("a mass killing was ongoing in {} (panel)", *year);
  } else if (ever > 0 || onsets > 0) {
    binding.level = 2;
    binding.observed = fmt::format("a past mass killing on record as of {} (panel), none ongoing", *year);
  } else {
    binding.level = 0;
    binding.observed = fmt::format("no mass killing on record as of {} (panel)", *year);
  }
  return binding;
}

Result<DataBinding> ScheduledTriggers(store::Transaction& transaction, const Assessment& assessment,
                                      std::chrono::year_month_day as_of) {
  DataBinding binding;
  binding.target = "8.8";
  binding.source = "calendar";
  TOCSIN_ASSIGN_OR_RETURN(const auto all, ListTriggerDates(transaction, assessment.gw));
  if (all.empty()) {
    binding.observed = "no trigger dates recorded for this country";
    return binding;
  }
  const std::string near = FormatCalendarDate(AddMonths(as_of, kNearTriggerMonths));
  const std::string horizon = FormatCalendarDate(AddMonths(as_of, kTriggerHorizonMonths));
  binding.level = 0;
  binding.observed = fmt::format("no trigger date between {} and {}", assessment.as_of, horizon);
  for (const TriggerDate& trigger : all) {
    if (trigger.date < assessment.as_of || trigger.date > horizon) continue;
    const int level = trigger.date <= near ? 2 : 1;
    if (level > *binding.level || binding.observed.starts_with("no ")) {
      binding.level = std::max(*binding.level, level);
      binding.observed = fmt::format("{} on {}: {}", trigger.kind, trigger.date, trigger.description);
    }
  }
  return binding;
}

}  // namespace

Result<std::vector<DataBinding>> BindData(store::Transaction& transaction, const Assessment& assessment,
                                          const AssessmentSummary& summary,
                                          const access::SqlFilter* visible_events) {
  TOCSIN_ASSIGN_OR_RETURN(const auto as_of, ParseCalendarDate(assessment.as_of, "as_of"));
  std::vector<DataBinding> bindings;
  TOCSIN_ASSIGN_OR_RETURN(DataBinding conflict,
                          ArmedConflict(transaction, assessment, as_of, visible_events));
  conflict.judgement = summary.factors[0].score;
  TOCSIN_ASSIGN_OR_RETURN(DataBinding violations, PastMassKilling(transaction, assessment, as_of));
  violations.judgement = summary.factors[1].score;
  DataBinding incitement;
  incitement.target = "8.7";
  incitement.source = "speech monitoring";
  incitement.observed = "no speech monitoring source yet";
  incitement.judgement = IndicatorConsensus(assessment, "8.7");
  TOCSIN_ASSIGN_OR_RETURN(DataBinding triggers, ScheduledTriggers(transaction, assessment, as_of));
  triggers.judgement = IndicatorConsensus(assessment, "8.8");
  for (DataBinding* binding : {&conflict, &violations, &incitement, &triggers}) {
    Compare(*binding);
    bindings.push_back(std::move(*binding));
  }
  return bindings;
}

}  // namespace tocsin::judge
