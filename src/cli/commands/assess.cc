// tocsin assess: Framework of Analysis assessments of a country, scored by
// analysts indicator by indicator, with agreement, disagreement and the data
// beside the judgement; the calendar of trigger dates; the combined view.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "assess_scores.h"
#include "command.h"
#include "monitor_flags.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/judge/assessment_view.h"
#include "tocsin/judge/combined_view.h"
#include "tocsin/judge/opinion_pool.h"
#include "tocsin/judge/trigger_calendar.h"

namespace tocsin::cli {
namespace {

struct AssessOptions {
  std::int64_t id = 0;
  std::string country;
  std::string date;
  std::string region;
  std::string title;
  std::string label = "restricted";
  std::string analyst;
  std::string indicator;
  int score = -1;
  std::string confidence = "medium";
  std::vector<std::string> evidence;
  std::string note;
  std::string file;
  std::string kind;
  std::string description;
  std::string source;
  std::string format = "table";
};

// The local operator at the server's shell reads every record, as `tocsin audit` does.
const access::SqlFilter kEveryAssessment = {"(TRUE)", {}};

std::string CountryName(int gw) {
  const Country* country = CountryRegistry::Default().ByGw(gw);
  return country != nullptr ? country->name : std::to_string(gw);
}

Result<access::Clearance> LabelOption(const std::string& text) {
  const auto label = access::ParseClearance(text);
  if (!label) {
    return InvalidArgumentError(fmt::format(
        "--label: '{}' is not one of public, restricted, confidential, strictly-confidential", text));
  }
  return *label;
}

Status Framework() {
  for (const judge::Factor& factor : judge::Framework::Default().factors()) {
    fmt::print("{:>2}  {}  [{}]\n", factor.number, factor.name, judge::CrimeGroupName(factor.group));
    for (const judge::Indicator& indicator : factor.indicators) fmt::print("    {:<5} {}\n", indicator.code, indicator.text);
  }
  fmt::print("Score each indicator 0 absent, 1 weak, 2 moderate, 3 strong, with confidence low, medium or high.\n");
  return Status::Ok();
}

Status New(store::Store& store, const AssessOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const int gw, CountryFlag(options.country, "--country"));
  TOCSIN_ASSIGN_OR_RETURN(const access::Clearance label, LabelOption(options.label));
  std::int64_t id = 0;
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, judge::CreateAssessment(transaction, access::LocalOperator(),
                                                        {.gw = gw,
                                                         .region = options.region,
                                                         .as_of = options.date,
                                                         .title = options.title,
                                                         .label = label}));
    return Status::Ok();
  }));
  fmt::print("Assessment {} of {} as of {} created ({}).\n", id, CountryName(gw), options.date,
             access::ClearanceName(label));
  return Status::Ok();
}

Status Score(store::Store& store, const AssessOptions& options) {
  std::size_t count = 0;
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    std::vector<judge::ScoreEntry> entries;
    if (!options.file.empty()) {
      TOCSIN_ASSIGN_OR_RETURN(entries, ScoresFromFile(transaction, options.file));
    } else {
      if (options.analyst.empty() || options.indicator.empty() || options.score < 0) {
        return InvalidArgumentError("give --analyst, --indicator and --score, or --file with many scores");
      }
      TOCSIN_ASSIGN_OR_RETURN(const access::User user, access::FindUserByName(transaction, options.analyst));
      judge::ScoreEntry entry{.analyst = user.id, .indicator = options.indicator, .score = options.score};
      TOCSIN_ASSIGN_OR_RETURN(entry.confidence, ConfidenceFlag(options.confidence, "--confidence"));
      TOCSIN_ASSIGN_OR_RETURN(entry.evidence, EvidenceList(options.evidence, "--evidence"));
      entry.note = options.note;
      entries.push_back(std::move(entry));
    }
    count = entries.size();
    return judge::RecordScores(transaction, access::LocalOperator(), options.id, entries);
  }));
  fmt::print("Recorded {} score{} on assessment {}.\n", count, count == 1 ? "" : "s", options.id);
  return Status::Ok();
}

std::string Optional(std::optional<double> value) {
  return value ? fmt::format("{:.3f}", *value) : "-";
}

void PrintView(const judge::AssessmentView& view) {
  const judge::Assessment& assessment = view.assessment;
  std::string analysts;
  for (const std::string& name : view.summary.analysts) analysts += (analysts.empty() ? "" : ", ") + name;
  fmt::print("Assessment {}: {}{} as of {} ({}); {} analyst{}: {}\n", assessment.id, CountryName(assessment.gw),
             assessment.region.empty() ? "" : " / " + assessment.region, assessment.as_of,
             access::ClearanceName(assessment.label.label), view.summary.analysts.size(),
             view.summary.analysts.size() == 1 ? "" : "s", analysts);
  fmt::print("Overall {}; Krippendorff's alpha (ordinal) {}\n", Optional(view.summary.overall),
             Optional(view.summary.alpha));
  std::string groups;
  for (const auto& [group, mean] : view.summary.by_group) {
    groups += fmt::format("{}{} {:.3f}", groups.empty() ? "" : ", ", judge::CrimeGroupName(group), mean);
  }
  if (!groups.empty()) fmt::print("By group: {}\n", groups);
  fmt::print("\n{:>2}  {:<56}  {:>6}  {}\n", "", "factor", "score", "by analyst");
  for (const judge::FactorSummary& factor : view.summary.factors) {
    if (!factor.score) continue;
    std::string by;
    for (const auto& [name, score] : factor.by_analyst) by += fmt::format("{}{} {:.2f}", by.empty() ? "" : ", ", name, score);
    fmt::print("{:>2}  {:<56.56}  {:>6.3f}  {}{}\n", factor.factor, judge::Framework::Default().FindFactor(factor.factor)->name,
               *factor.score, by, factor.analysts_disagree ? "  DISAGREE" : "");
  }
  const nlohmann::ordered_json json = judge::AssessmentViewJson(view);
  if (!json["disagreements"].empty()) fmt::print("\nDisagreements between analysts:\n");
  for (const auto& disagreement : json["disagreements"]) {
    fmt::print("  {}\n", disagreement["explanation"].get<std::string>());
  }
  fmt::print("\nData beside judgement:\n");
  for (const judge::DataBinding& binding : view.bindings) {
    const std::string target = binding.target.find('.') == std::string::npos ? "factor " + binding.target
                                                                             : "indicator " + binding.target;
    fmt::print("  {} ({}): data {}, analysts {}: {}{}\n", target, binding.source,
               binding.level ? std::to_string(*binding.level) : "-", Optional(binding.judgement), binding.observed,
               binding.disagrees ? "  DATA AND JUDGEMENT DISAGREE" : "");
  }
}

Status Show(store::Store& store, const AssessOptions& options) {
  judge::AssessmentView view;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(view, judge::BuildAssessmentView(transaction, options.id));
    return Status::Ok();
  }));
  if (options.format == "json") {
    fmt::print("{}\n", judge::AssessmentViewJson(view).dump(2));
  } else {
    PrintView(view);
  }
  return Status::Ok();
}

Status List(store::Store& store, const AssessOptions& options) {
  std::optional<int> gw;
  if (!options.country.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(gw, CountryFlag(options.country, "--country"));
  }
  std::vector<judge::Assessment> assessments;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(assessments, judge::ListAssessments(transaction, kEveryAssessment, gw));
    return Status::Ok();
  }));
  fmt::print("{:>5}  {:<28}  {:<10}  {:<22}  {:>7}  {}\n", "id", "country", "as of", "label", "overall", "analysts");
  for (const judge::Assessment& assessment : assessments) {
    const judge::AssessmentSummary summary = judge::Summarise(judge::Framework::Default(), judge::ScoresOf(assessment));
    fmt::print("{:>5}  {:<28.28}  {:<10}  {:<22}  {:>7}  {}\n", assessment.id, CountryName(assessment.gw),
               assessment.as_of, access::ClearanceName(assessment.label.label), Optional(summary.overall),
               summary.analysts.size());
  }
  fmt::print("{} assessment{}.\n", assessments.size(), assessments.size() == 1 ? "" : "s");
  return Status::Ok();
}

Status History(store::Store& store, const AssessOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const int gw, CountryFlag(options.country, "--country"));
  std::vector<judge::HistoryEntry> history;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(history, judge::CountryHistory(transaction, kEveryAssessment, gw));
    return Status::Ok();
  }));
  for (const judge::HistoryEntry& entry : history) {
    const std::string from = entry.old_score ? fmt::format("{} ({})", *entry.old_score,
                                                           judge::ConfidenceName(*entry.old_confidence))
                                             : "unscored";
    fmt::print("{}  assessment {} ({})  {:<5} {}: {} -> {} ({}) by {}\n", entry.changed_at, entry.assessment_id,
               entry.as_of, entry.indicator, entry.analyst, from, entry.new_score,
               judge::ConfidenceName(entry.new_confidence), entry.changed_by);
  }
  fmt::print("{} change{}.\n", history.size(), history.size() == 1 ? "" : "s");
  return Status::Ok();
}

Status CalendarAdd(store::Store& store, const AssessOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const int gw, CountryFlag(options.country, "--country"));
  std::int64_t id = 0;
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, judge::AddTriggerDate(transaction, access::LocalOperator(),
                                                      {.gw = gw,
                                                       .date = options.date,
                                                       .kind = options.kind,
                                                       .description = options.description,
                                                       .source = options.source}));
    return Status::Ok();
  }));
  fmt::print("Trigger date {} added: {} {} in {}.\n", id, options.kind, options.date, CountryName(gw));
  return Status::Ok();
}

Status CalendarList(store::Store& store, const AssessOptions& options) {
  std::optional<int> gw;
  if (!options.country.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(gw, CountryFlag(options.country, "--country"));
  }
  std::vector<judge::TriggerDate> dates;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(dates, judge::ListTriggerDates(transaction, gw));
    return Status::Ok();
  }));
  for (const judge::TriggerDate& date : dates) {
    fmt::print("{}  {:<24.24}  {:<11}  {}\n", date.date, CountryName(date.gw), date.kind, date.description);
  }
  fmt::print("{} date{}.\n", dates.size(), dates.size() == 1 ? "" : "s");
  return Status::Ok();
}

Status Combined(store::Store& store, const AssessOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const int gw, CountryFlag(options.country, "--country"));
  const judge::CombinedFilters everything = {kEveryAssessment, kEveryAssessment, kEveryAssessment,
                                             kEveryAssessment};
  judge::CombinedView view;
  judge::CombinedEvaluation evaluation;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(view, judge::BuildCombinedView(transaction, gw, everything));
    TOCSIN_ASSIGN_OR_RETURN(evaluation, judge::EvaluateCombined(transaction, everything));
    return Status::Ok();
  }));
  fmt::print("{}\n", CountryName(gw));
  fmt::print("  statistical risk (2 years)   {}{}\n", Optional(view.statistical),
             view.run_id ? fmt::format("  (run {}, data {})", *view.run_id, *view.data_year) : "");
  fmt::print("  opinion pool                 {}{}\n", Optional(view.pool),
             view.question_id ? fmt::format("  (question {}: {})", *view.question_id, view.question) : "");
  fmt::print("  combined (weight {:.2f} pool)  {}\n", judge::kPoolWeight, Optional(view.combined));
  fmt::print("  framework overall            {}{}\n", Optional(view.framework ? view.framework->overall : std::nullopt),
             view.assessment_id ? fmt::format("  (assessment {}, as of {})", *view.assessment_id, view.assessed_as_of)
                                : "");
  fmt::print("  open alerts                  {}\n", view.open_alerts.value_or(0));
  if (evaluation.questions == 0) {
    // No score on no questions: 0.0000 would read as perfect.
    fmt::print("Track record, every country: no resolved country question yet, so no Brier scores.\n");
    return Status::Ok();
  }
  fmt::print(
      "Track record, every country: on {} resolved country question{}, Brier statistical {:.4f}, pool "
      "{:.4f}, combined {:.4f}\n",
      evaluation.questions, evaluation.questions == 1 ? "" : "s", evaluation.statistical_brier,
      evaluation.pool_brier, evaluation.combined_brier);
  return Status::Ok();
}

Command RegisterAssess(CLI::App& app, CommonOptions& common) {
  CLI::App* command = app.add_subcommand("assess", "Framework of Analysis assessments scored by analysts");
  command->require_subcommand(1, 1);
  auto options = std::make_shared<AssessOptions>();

  CLI::App* framework = command->add_subcommand("framework", "List the 14 risk factors and their indicators");
  AddDbOption(framework, common);

  CLI::App* create = command->add_subcommand("new", "Start an assessment of a country as of a date");
  create->add_option("--country", options->country, "ISO3 code or GW number")->required();
  create->add_option("--date", options->date, "The date assessed, YYYY-MM-DD")->required();
  create->add_option("--region", options->region, "A region of the country (default: all of it)");
  create->add_option("--title", options->title, "A title");
  create->add_option("--label", options->label, "public, restricted (default), confidential, strictly-confidential");
  AddDbOption(create, common);

  CLI::App* score = command->add_subcommand("score", "Give or revise an analyst's scores");
  score->add_option("ID", options->id, "Assessment id")->required();
  score->add_option("--analyst", options->analyst, "The analyst's login name");
  score->add_option("--indicator", options->indicator, "Indicator code, e.g. 7.3");
  score->add_option("--score", options->score, "0 absent, 1 weak, 2 moderate, 3 strong")->check(CLI::Range(0, 3));
  score->add_option("--confidence", options->confidence, "low, medium (default) or high");
  score->add_option("--evidence", options->evidence, "An http(s) URL, event:ID, alert:ID or report:ID (repeatable)");
  score->add_option("--note", options->note, "Why this score");
  score->add_option(
      "--file", options->file,
      "CSV of many scores: analyst,indicator,score,confidence[,evidence][,note], several evidence "
      "items in one cell separated by spaces; all or none are kept");
  AddDbOption(score, common);

  CLI::App* show = command->add_subcommand("show", "Show an assessment: factor scores, agreement, disagreements, data");
  show->add_option("ID", options->id, "Assessment id")->required();
  show->add_option("--format", options->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  AddDbOption(show, common);

  CLI::App* list = command->add_subcommand("list", "List assessments, newest first");
  list->add_option("--country", options->country, "ISO3 code or GW number");
  AddDbOption(list, common);

  CLI::App* history = command->add_subcommand("history", "Every score given or revised on a country, and by whom");
  history->add_option("--country", options->country, "ISO3 code or GW number")->required();
  AddDbOption(history, common);

  CLI::App* calendar = command->add_subcommand("calendar", "The calendar of trigger dates (indicator 8.8)");
  calendar->require_subcommand(1, 1);
  CLI::App* add = calendar->add_subcommand("add", "Add an election, referendum, census or other trigger date");
  add->add_option("--country", options->country, "ISO3 code or GW number")->required();
  add->add_option("--date", options->date, "YYYY-MM-DD")->required();
  add->add_option("--kind", options->kind, "election, referendum, census, transition, anniversary or other")->required();
  add->add_option("--description", options->description, "What happens")->required();
  add->add_option("--source", options->source, "Where the date comes from");
  AddDbOption(add, common);
  CLI::App* dates = calendar->add_subcommand("list", "List trigger dates by date");
  dates->add_option("--country", options->country, "ISO3 code or GW number");
  AddDbOption(dates, common);

  CLI::App* combined = command->add_subcommand(
      "combined", "A country's statistical risk, pool probability, framework score and open alerts side by side");
  combined->add_option("--country", options->country, "ISO3 code or GW number")->required();
  AddDbOption(combined, common);

  command->footer(
      "Examples:\n"
      "  tocsin assess framework\n"
      "  tocsin assess new --country SYR --date 2024-06-30\n"
      "  tocsin assess score 1 --analyst amira --indicator 7.3 --score 3 --confidence high --evidence "
      "event:812\n"
      "  tocsin assess score 1 --file scores.csv\n"
      "  tocsin assess show 1\n"
      "  tocsin assess calendar add --country SYR --date 2025-07-15 --kind election --description \"People's "
      "Assembly\"\n"
      "A factor's score is the mean of its indicators' confidence-weighted consensus; analysts 'disagree' "
      "when their\n"
      "factor means are 1.5 or more apart, and data and judgement when they are 1.5 or more apart. See "
      "docs/judgement.md.");
  return {command, [&common, options, framework, create, score, show, history, add, dates, combined]() -> int {
            if (framework->parsed()) {
              const Status status = Framework();
              return status.ok() ? kExitOk : Fail(status);
            }
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            Status status;
            if (create->parsed()) {
              status = New(**store, *options);
            } else if (score->parsed()) {
              status = Score(**store, *options);
            } else if (show->parsed()) {
              status = Show(**store, *options);
            } else if (history->parsed()) {
              status = History(**store, *options);
            } else if (add->parsed()) {
              status = CalendarAdd(**store, *options);
            } else if (dates->parsed()) {
              status = CalendarList(**store, *options);
            } else if (combined->parsed()) {
              status = Combined(**store, *options);
            } else {
              status = List(**store, *options);
            }
            return status.ok() ? kExitOk : Fail(status);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(70, RegisterAssess);

}  // namespace tocsin::cli
