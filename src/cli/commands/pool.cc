// tocsin pool: the opinion pool. Pools of forecasters, yes/no questions with a
// deadline and resolution criteria, forecasts and revisions with a rationale,
// resolution with a source, and Brier and log scores per forecaster and pool.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "command.h"
#include "monitor_flags.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/judge/opinion_pool.h"
#include "tocsin/judge/pool_scores.h"

namespace tocsin::cli {
namespace {

struct PoolOptions {
  std::string name;
  std::vector<std::string> members;
  std::optional<double> extremising;  // unset: chosen on resolved questions
  std::int64_t id = 0;
  std::string pool;
  std::string country;
  std::string question;
  std::string criteria;
  std::string deadline;
  std::string label = "restricted";
  std::string analyst;
  double probability = 0;
  std::string rationale;
  std::string outcome;
  std::string source;
};

// The local operator at the server's shell reads every record, as `tocsin audit` does.
const access::SqlFilter kEveryPool = {"(TRUE)", {}};

Result<std::vector<access::UserId>> Users(store::Transaction& transaction, const std::vector<std::string>& names) {
  std::vector<access::UserId> ids;
  for (const std::string& name : names) {
    TOCSIN_ASSIGN_OR_RETURN(const access::User user, access::FindUserByName(transaction, name));
    ids.push_back(user.id);
  }
  return ids;
}

Status Create(store::Store& store, const PoolOptions& options) {
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto members, Users(transaction, options.members));
    const judge::NewPool pool{.name = options.name, .extremising = options.extremising, .members = members};
    return judge::CreatePool(transaction, access::LocalOperator(), pool).status();
  }));
  fmt::print("Pool '{}' created with {} member{}.\n", options.name, options.members.size(),
             options.members.size() == 1 ? "" : "s");
  return Status::Ok();
}

Status Join(store::Store& store, const PoolOptions& options) {
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const judge::Pool pool, judge::FindPool(transaction, options.name));
    TOCSIN_ASSIGN_OR_RETURN(const auto members, Users(transaction, options.members));
    for (access::UserId member : members) {
      TOCSIN_RETURN_IF_ERROR(judge::AddPoolMember(transaction, access::LocalOperator(), pool.id, member));
    }
    return Status::Ok();
  }));
  fmt::print("Pool '{}': {} member{} added.\n", options.name, options.members.size(),
             options.members.size() == 1 ? "" : "s");
  return Status::Ok();
}

Status Ask(store::Store& store, const PoolOptions& options) {
  std::optional<int> gw;
  if (!options.country.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(gw, CountryFlag(options.country, "--country"));
  }
  const auto label = access::ParseClearance(options.label);
  if (!label) return InvalidArgumentError(fmt::format("--label: '{}' is not a clearance label", options.label));
  std::int64_t id = 0;
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const judge::Pool pool, judge::FindPool(transaction, options.pool));
    TOCSIN_ASSIGN_OR_RETURN(id, judge::OpenQuestion(transaction, access::LocalOperator(),
                                                    {.pool_id = pool.id,
                                                     .gw = gw,
                                                     .text = options.question,
                                                     .criteria = options.criteria,
                                                     .deadline = options.deadline,
                                                     .label = *label}));
    return Status::Ok();
  }));
  fmt::print("Question {} opened in pool '{}', deadline {}.\n", id, options.pool, options.deadline);
  return Status::Ok();
}

Status Forecast(store::Store& store, const PoolOptions& options) {
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const access::User user, access::FindUserByName(transaction, options.analyst));
    return judge::SubmitForecast(transaction, access::LocalOperator(), options.id, user.id, options.probability,
                                 options.rationale)
        .status();
  }));
  fmt::print("Forecast {:.3f} by {} on question {} recorded.\n", options.probability, options.analyst, options.id);
  return Status::Ok();
}

Status Resolve(store::Store& store, const PoolOptions& options) {
  const bool outcome = options.outcome == "yes";
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) {
    return judge::ResolveQuestion(transaction, access::LocalOperator(), options.id, outcome, options.source);
  }));
  fmt::print("Question {} resolved: {} (source: {}).\n", options.id, options.outcome, options.source);
  return Status::Ok();
}

void PrintScore(const judge::ForecasterScore& score) {
  fmt::print("  {:<20} {:>11.4f} {:>10.6f} {:>10.6f}\n", score.forecaster, score.probability, score.brier,
             score.log_score);
}

Status Show(store::Store& store, const PoolOptions& options) {
  return store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const judge::Question question, judge::LoadQuestion(transaction, options.id));
    TOCSIN_ASSIGN_OR_RETURN(const auto forecasts, judge::LoadForecasts(transaction, options.id));
    TOCSIN_ASSIGN_OR_RETURN(const auto pool, judge::CurrentPoolProbability(transaction, question));
    fmt::print("Question {} (pool '{}', {}): {}\n", question.id, question.pool,
               access::ClearanceName(question.label.label), question.text);
    fmt::print("Resolution criteria: {}\nDeadline: {}\n", question.criteria, question.deadline);
    fmt::print("\nForecasts and revisions:\n");
    for (const judge::Forecast& forecast : forecasts) {
      fmt::print("  {}  {:<20} {:.3f}  {}\n", forecast.made_at, forecast.forecaster, forecast.probability,
                 forecast.rationale);
    }
    TOCSIN_ASSIGN_OR_RETURN(const judge::Pool asked, judge::LoadPool(transaction, question.pool_id));
    fmt::print("Pool (mean log-odds{}): {}\n",
               asked.extremising ? fmt::format(", extremised by {}", *asked.extremising) : "",
               pool ? fmt::format("{:.4f}", *pool) : "no forecasts yet");
    if (!question.outcome) return Status::Ok();
    fmt::print("\nResolved {} on {} by {}; source: {}\n", *question.outcome ? "yes" : "no", question.resolved_at,
               question.resolved_by, question.resolution_source);
    TOCSIN_ASSIGN_OR_RETURN(const judge::QuestionScores scores, judge::ScoreQuestion(transaction, question));
    fmt::print("  {:<20} {:>11} {:>10} {:>10}\n", "forecaster", "probability", "Brier", "log score");
    for (const judge::ForecasterScore& score : scores.forecasters) PrintScore(score);
    if (scores.pool) PrintScore(*scores.pool);
    return Status::Ok();
  });
}

Status List(store::Store& store, const PoolOptions& options) {
  std::optional<int> gw;
  if (!options.country.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(gw, CountryFlag(options.country, "--country"));
  }
  return store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto questions, judge::ListQuestions(transaction, kEveryPool, gw));
    for (const judge::Question& question : questions) {
      TOCSIN_ASSIGN_OR_RETURN(const auto pool, judge::CurrentPoolProbability(transaction, question));
      fmt::print("{:>5}  {:<10}  {:<8}  {:>6}  {}\n", question.id, question.deadline,
                 question.outcome ? (*question.outcome ? "yes" : "no") : "open",
                 pool ? fmt::format("{:.3f}", *pool) : "-", question.text);
    }
    fmt::print("{} question{}.\n", questions.size(), questions.size() == 1 ? "" : "s");
    return Status::Ok();
  });
}

Status Scores(store::Store& store, const PoolOptions& options) {
  return store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const judge::Pool pool, judge::FindPool(transaction, options.name));
    TOCSIN_ASSIGN_OR_RETURN(const judge::Leaderboard board,
                            judge::BuildLeaderboard(transaction, pool.id, kEveryPool));
    fmt::print("Pool '{}': {} resolved question{}; extremising factor {:.2f} ({})\n", board.pool,
               board.history.size(), board.history.size() == 1 ? "" : "s", board.extremising.factor,
               pool.extremising ? "fixed"
               : board.extremising.fitted
                   ? fmt::format("chosen on {} resolved questions", board.extremising.questions)
                   : "too few resolved questions to choose one");
    fmt::print("  {:<20} {:>9} {:>10} {:>10}\n", "forecaster", "questions", "mean Brier", "mean log");
    for (const judge::LeaderboardRow& row : board.rows) {
      fmt::print("  {:<20} {:>9} {:>10.6f} {:>10.6f}\n", row.forecaster, row.questions, row.mean_brier,
                 row.mean_log_score);
    }
    fmt::print("Over time:\n");
    for (const judge::QuestionScores& scores : board.history) {
      fmt::print("  {}  question {} resolved {}; pool Brier {}\n", scores.resolved_at, scores.question_id,
                 scores.outcome ? "yes" : "no", scores.pool ? fmt::format("{:.6f}", scores.pool->brier) : "-");
    }
    return Status::Ok();
  });
}

Command RegisterPool(CLI::App& app, CommonOptions& common) {
  CLI::App* command = app.add_subcommand("pool", "The opinion pool: questions, forecasts, resolution and scores");
  command->require_subcommand(1, 1);
  auto options = std::make_shared<PoolOptions>();

  CLI::App* create = command->add_subcommand("create", "Create a pool; its members forecast and see its scores");
  create->add_option("NAME", options->name, "Pool name")->required();
  create->add_option("--member", options->members, "A member's login name (repeatable)");
  create->add_option(
      "--extremising", options->extremising,
      "A fixed extremising factor, above 0 and at most 5 (1: plain mean log-odds; default: chosen on "
      "resolved questions)");
  AddDbOption(create, common);

  CLI::App* join = command->add_subcommand("join", "Add members to a pool");
  join->add_option("NAME", options->name, "Pool name")->required();
  join->add_option("--member", options->members, "A member's login name (repeatable)")->required();
  AddDbOption(join, common);

  CLI::App* ask = command->add_subcommand("ask", "Open a yes/no question");
  ask->add_option("--pool", options->pool, "Pool name")->required();
  ask->add_option("--question", options->question, "The question, e.g. 'Will a new mass killing begin in X before D?'")
      ->required();
  ask->add_option("--criteria", options->criteria, "How it resolves, and by what source")->required();
  ask->add_option("--deadline", options->deadline, "YYYY-MM-DD; forecasts close at the end of that day")->required();
  ask->add_option("--country", options->country, "The country it is about (ISO3 or GW), for the combined view");
  ask->add_option("--label", options->label, "public, restricted (default), confidential, strictly-confidential");
  AddDbOption(ask, common);

  CLI::App* forecast = command->add_subcommand("forecast", "Submit or revise a member's forecast");
  forecast->add_option("ID", options->id, "Question id")->required();
  forecast->add_option("--analyst", options->analyst, "The member's login name")->required();
  forecast->add_option("--probability", options->probability, "Probability of yes, 0.001 to 0.999")->required();
  forecast->add_option("--rationale", options->rationale, "A short reason")->required();
  AddDbOption(forecast, common);

  CLI::App* resolve = command->add_subcommand("resolve", "Resolve a question with its source");
  resolve->add_option("ID", options->id, "Question id")->required();
  resolve->add_option("--outcome", options->outcome, "yes or no")->required()->check(CLI::IsMember({"yes", "no"}));
  resolve->add_option("--source", options->source, "The source that settles it")->required();
  AddDbOption(resolve, common);

  CLI::App* show = command->add_subcommand("show", "Show a question, its forecasts, the pool and (once resolved) scores");
  show->add_option("ID", options->id, "Question id")->required();
  AddDbOption(show, common);

  CLI::App* list = command->add_subcommand("list", "List questions, open ones first, with the pool's probability");
  list->add_option("--country", options->country, "ISO3 code or GW number");
  AddDbOption(list, common);

  CLI::App* scores = command->add_subcommand("scores", "A pool's leaderboard: Brier and log scores over time");
  scores->add_option("NAME", options->name, "Pool name")->required();
  AddDbOption(scores, common);

  command->footer(
      "Examples:\n"
      "  tocsin pool create board --member amira --member bruno\n"
      "  tocsin pool ask --pool board --country SYR --deadline 2027-12-31 \\\n"
      "      --question 'Will a new mass killing begin in Syria before 2027?' --criteria 'EWP episode list'\n"
      "  tocsin pool forecast 1 --analyst amira --probability 0.3 --rationale 'militias mobilising'\n"
      "  tocsin pool resolve 1 --outcome no --source 'EWP 2027 update'\n"
      "  tocsin pool scores board\n"
      "The pool is the mean of the members' log-odds; Brier (p - o)^2, log score ln p of what happened.");
  return {command, [&common, options, create, join, ask, forecast, resolve, show, scores]() -> int {
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            Status status;
            if (create->parsed()) {
              status = Create(**store, *options);
            } else if (join->parsed()) {
              status = Join(**store, *options);
            } else if (ask->parsed()) {
              status = Ask(**store, *options);
            } else if (forecast->parsed()) {
              status = Forecast(**store, *options);
            } else if (resolve->parsed()) {
              status = Resolve(**store, *options);
            } else if (show->parsed()) {
              status = Show(**store, *options);
            } else if (scores->parsed()) {
              status = Scores(**store, *options);
            } else {
              status = List(**store, *options);
            }
            return status.ok() ? kExitOk : Fail(status);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(69, RegisterPool);

}  // namespace tocsin::cli
