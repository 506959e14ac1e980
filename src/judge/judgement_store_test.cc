// Assessments, data bindings, the pool and its scores on a real (in-memory)
// SQLite store: the acceptance scenario of docs/judgement.md at library level.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tocsin/judge/assessment_view.h"
#include "tocsin/judge/combined_view.h"
#include "tocsin/judge/opinion_pool.h"
#include "tocsin/judge/pool_scores.h"
#include "tocsin/judge/probability_scores.h"
#include "tocsin/judge/trigger_calendar.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::judge {
namespace {

using store::Value;

constexpr int kSyria = 652;

class JudgementStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open(store::testing::TestStoreUrl());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Write([&](store::Transaction& transaction) -> Status {
      TOCSIN_RETURN_IF_ERROR(
          transaction.Execute("INSERT INTO organisations (name, created_at) VALUES ('Board', 'now')").status());
      for (const std::string name : {"amira", "bruno", "chen", "dana"}) {
        const std::vector<Value> params = {name};
        TOCSIN_RETURN_IF_ERROR(transaction
                                   .Execute("INSERT INTO users (name, organisation_id, clearance, password_hash, "
                                            "created_at, updated_at) VALUES (?, 1, 3, 'x', 'now', 'now')",
                                            params)
                                   .status());
        users_.emplace_back(transaction.LastInsertId());
      }
      return Status::Ok();
    });
  }

  void Write(const store::Work& work) {
    const Status status = store_->Write(work);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  void AddEvent(const std::string& id, const std::string& date, int violence, int deaths) {
    Write([&](store::Transaction& transaction) {
      const std::vector<Value> params = {id, date, date, std::int64_t{violence}, std::int64_t{deaths}};
      return transaction
          .Execute("INSERT INTO events (source, source_id, date_start, date_end, date_precision, gw, "
                   "violence_type, fatalities_best, origin, content_hash) VALUES ('test', ?, ?, ?, 1, 652, ?, ?, "
                   "'test', 0)",
                   params)
          .status();
    });
  }

  std::vector<ScoreEntry> FactorSeven(access::UserId analyst, int score, Confidence confidence) {
    std::vector<ScoreEntry> entries;
    for (int i = 1; i <= 8; ++i) {
      entries.push_back({.analyst = analyst, .indicator = "7." + std::to_string(i), .score = score,
                         .confidence = confidence});
    }
    return entries;
  }

  access::AuditActor actor_ = access::LocalOperator();
  std::unique_ptr<store::Store> store_;
  std::vector<access::UserId> users_;
};

TEST_F(JudgementStoreTest, ThreeAnalystsOneDisagreeingOnFactorSevenWithFactorOneBoundToEvents) {
  // 300 battle deaths in the 12 months to the assessment (level 2); one older
  // event and one-sided violence do not count.
  AddEvent("a", "2024-01-10", 1, 200);
  AddEvent("b", "2024-05-01", 2, 100);
  AddEvent("c", "2023-05-01", 1, 5000);
  AddEvent("d", "2024-02-01", 3, 700);
  std::int64_t id = 0;
  Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, CreateAssessment(transaction, actor_, {.gw = kSyria, .as_of = "2024-06-30"}));
    TOCSIN_RETURN_IF_ERROR(RecordScores(transaction, actor_, id, FactorSeven(users_[0], 3, Confidence::kHigh)));
    TOCSIN_RETURN_IF_ERROR(RecordScores(transaction, actor_, id, FactorSeven(users_[1], 3, Confidence::kMedium)));
    TOCSIN_RETURN_IF_ERROR(RecordScores(transaction, actor_, id, FactorSeven(users_[2], 0, Confidence::kMedium)));
    // Factor 1 judged absent by all three, against the data.
    for (access::UserId analyst : {users_[0], users_[1], users_[2]}) {
      const std::vector<ScoreEntry> conflict = {{.analyst = analyst, .indicator = "1.1", .score = 0,
                                                 .confidence = Confidence::kHigh,
                                                 .evidence = {{"event", "1"}, {"document", "https://example.org/r"}}}};
      TOCSIN_RETURN_IF_ERROR(RecordScores(transaction, actor_, id, conflict));
    }
    return Status::Ok();
  });
  AssessmentView view;
  ASSERT_TRUE(store_->Read([&](store::Transaction& transaction) -> Status {
                      TOCSIN_ASSIGN_OR_RETURN(view, BuildAssessmentView(transaction, id));
                      return Status::Ok();
                    }).ok());
  const FactorSummary& seven = view.summary.factors[6];
  // Each indicator: (3*3 + 2*3 + 2*0) / 7 = 15/7; the factor the same.
  EXPECT_NEAR(*seven.score, 15.0 / 7.0, 1e-12);
  EXPECT_DOUBLE_EQ(seven.spread, 3.0);
  EXPECT_TRUE(seven.analysts_disagree);
  const DataBinding& conflict = view.bindings[0];
  EXPECT_EQ(conflict.target, "1");
  EXPECT_EQ(conflict.level, 2);
  EXPECT_EQ(conflict.observed, "300 battle deaths in 2 armed-conflict events from 2023-07-01 to 2024-06-30");
  EXPECT_DOUBLE_EQ(*conflict.judgement, 0.0);
  EXPECT_TRUE(conflict.disagrees);
  EXPECT_EQ(view.bindings[1].level, std::nullopt);  // no panel imported
  const nlohmann::ordered_json json = AssessmentViewJson(view);
  EXPECT_EQ(json["disagreements"][0]["factor"], 7);
  EXPECT_EQ(json["disagreements"][0]["explanation"], "analysts disagree on factor 7 (spread 3.00): amira 3.00, bruno 3.00, chen 0.00");
  EXPECT_EQ(json["scores"][0]["evidence"].size(), 2u);
}

TEST_F(JudgementStoreTest, RevisionsAreKeptInTheCountryHistory) {
  std::int64_t id = 0;
  Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, CreateAssessment(transaction, actor_, {.gw = kSyria, .as_of = "2024-06-30"}));
    const std::vector<ScoreEntry> first = {{.analyst = users_[0], .indicator = "8.8", .score = 1}};
    TOCSIN_RETURN_IF_ERROR(RecordScores(transaction, actor_, id, first));
    TOCSIN_RETURN_IF_ERROR(RecordScores(transaction, actor_, id, first));  // unchanged: no history row
    const std::vector<ScoreEntry> revised = {
        {.analyst = users_[0], .indicator = "8.8", .score = 3, .confidence = Confidence::kHigh}};
    return RecordScores(transaction, actor_, id, revised);
  });
  std::vector<HistoryEntry> history;
  ASSERT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(history, CountryHistory(transaction, {"(TRUE)", {}}, kSyria));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_FALSE(history[0].old_score.has_value());
  EXPECT_EQ(history[1].old_score, 1);
  EXPECT_EQ(history[1].new_score, 3);
  EXPECT_EQ(history[1].analyst, "amira");
  EXPECT_EQ(history[1].changed_by, actor_.name);
}

TEST_F(JudgementStoreTest, BadScoresAndEvidenceAreRefusedWithTheirReason) {
  std::int64_t id = 0;
  Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, CreateAssessment(transaction, actor_, {.gw = kSyria, .as_of = "2024-06-30"}));
    return Status::Ok();
  });
  auto attempt = [&](const ScoreEntry& entry) {
    return store_->Write([&](store::Transaction& transaction) {
      return RecordScores(transaction, actor_, id, std::vector<ScoreEntry>{entry});
    });
  };
  EXPECT_NE(attempt({.analyst = users_[0], .indicator = "15.1"}).message().find("not in the Framework"),
            std::string::npos);
  EXPECT_NE(attempt({.analyst = users_[0], .indicator = "1.1", .score = 4}).message().find("outside 0"),
            std::string::npos);
  EXPECT_NE(attempt({.analyst = users_[0], .indicator = "1.1", .evidence = {{"alert", "99"}}}).message().find(
                "no alert with id 99"),
            std::string::npos);
  EXPECT_FALSE(ParseEvidence("ftp://x").ok());
  EXPECT_EQ(ParseEvidence("event:12")->reference, "12");
  EXPECT_FALSE(store_->Write([&](store::Transaction& transaction) {
                       return CreateAssessment(transaction, actor_, {.gw = kSyria, .as_of = "2024-13-01"}).status();
                     }).ok());
}

TEST_F(JudgementStoreTest, TriggerCalendarBindsIndicatorEightEight) {
  std::int64_t id = 0;
  Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(AddTriggerDate(transaction, actor_,
                                          {.gw = kSyria, .date = "2024-10-15", .kind = "election",
                                           .description = "parliamentary elections"})
                               .status());
    TOCSIN_ASSIGN_OR_RETURN(id, CreateAssessment(transaction, actor_, {.gw = kSyria, .as_of = "2024-06-30"}));
    const std::vector<ScoreEntry> none = {{.analyst = users_[0], .indicator = "8.8", .score = 0}};
    return RecordScores(transaction, actor_, id, none);
  });
  AssessmentView view;
  ASSERT_TRUE(store_->Read([&](store::Transaction& transaction) -> Status {
                      TOCSIN_ASSIGN_OR_RETURN(view, BuildAssessmentView(transaction, id));
                      return Status::Ok();
                    }).ok());
  const DataBinding& triggers = view.bindings[3];
  EXPECT_EQ(triggers.target, "8.8");
  EXPECT_EQ(triggers.level, 2);  // within 6 months
  EXPECT_EQ(triggers.observed, "election on 2024-10-15: parliamentary elections");
  EXPECT_TRUE(triggers.disagrees);
}

TEST_F(JudgementStoreTest, ExtremisingFactorsOutsideTheScaleAreRefused) {
  auto create = [&](std::string name, double factor) {
    return store_->Write([&](store::Transaction& transaction) {
      return CreatePool(transaction, actor_, {.name = name, .extremising = factor, .members = users_})
          .status();
    });
  };
  for (double factor : {0.0, -1.0, 5.01, 1e300, std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN()}) {
    const Status refused = create(fmt::format("pool {}", factor), factor);
    EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << factor;
    EXPECT_NE(refused.message().find("at most 5"), std::string::npos) << refused.message();
  }
  EXPECT_TRUE(create("sharpest", kHighestExtremising).ok());
  // At the highest factor the most confident members still give a pool short of
  // certainty, so its log score is finite either way.
  const std::vector<double> confident = {kHighestProbability, kHighestProbability};
  EXPECT_LT(PoolProbability(confident, kHighestExtremising), 1.0);
  EXPECT_TRUE(std::isfinite(LogScore(PoolProbability(confident, kHighestExtremising), false)));
}

TEST_F(JudgementStoreTest, PoolQuestionForecastByFourResolvedAndScoredExactly) {
  std::int64_t question = 0;
  Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const std::int64_t pool,
                            CreatePool(transaction, actor_, {.name = "atrocity board", .members = users_}));
    TOCSIN_ASSIGN_OR_RETURN(question, OpenQuestion(transaction, actor_,
                                                   {.pool_id = pool,
                                                    .gw = kSyria,
                                                    .text = "Will a new mass killing begin in Syria before 2030?",
                                                    .criteria = "EWP's episode list",
                                                    .deadline = "2029-12-31"}));
    // amira revises 0.5 to 0.8; only the latest counts.
    TOCSIN_RETURN_IF_ERROR(SubmitForecast(transaction, actor_, question, users_[0], 0.5, "first look").status());
    const double final_forecasts[] = {0.8, 0.6, 0.3, 0.9};
    for (std::size_t i = 0; i < users_.size(); ++i) {
      TOCSIN_RETURN_IF_ERROR(
          SubmitForecast(transaction, actor_, question, users_[i], final_forecasts[i], "reasons").status());
    }
    return ResolveQuestion(transaction, actor_, question, true, "https://example.org/episode");
  });
  Leaderboard board;
  ASSERT_TRUE(store_->Read([&](store::Transaction& transaction) -> Status {
                      TOCSIN_ASSIGN_OR_RETURN(const Pool pool, FindPool(transaction, "atrocity board"));
                      TOCSIN_ASSIGN_OR_RETURN(board, BuildLeaderboard(transaction, pool.id, {"(TRUE)", {}}));
                      return Status::Ok();
                    }).ok());
  ASSERT_EQ(board.history.size(), 1u);
  const QuestionScores& scores = board.history[0];
  ASSERT_EQ(scores.forecasters.size(), 4u);
  EXPECT_EQ(scores.forecasters[0].forecaster, "amira");
  EXPECT_DOUBLE_EQ(scores.forecasters[0].probability, 0.8);
  EXPECT_NEAR(scores.forecasters[0].brier, 0.04, 1e-15);
  EXPECT_NEAR(scores.forecasters[2].brier, 0.49, 1e-15);
  EXPECT_NEAR(scores.forecasters[2].log_score, std::log(0.3), 1e-15);
  const double odds = std::pow(162.0 / 7.0, 0.25);
  EXPECT_NEAR(scores.pool->probability, odds / (1 + odds), 1e-12);
  EXPECT_NEAR(scores.pool->brier, std::pow(1 - odds / (1 + odds), 2), 1e-12);
  EXPECT_FALSE(board.extremising.fitted);  // one question is too few to fit a factor
  // The pool beats all but the two sharpest forecasters: dana 0.01, amira 0.04, pool 0.098.
  ASSERT_EQ(board.rows.size(), 5u);
  EXPECT_EQ(board.rows[0].forecaster, "dana");
  EXPECT_EQ(board.rows[2].forecaster, "pool");
  // A resolved question takes no more forecasts; a non-member never could.
  const Status late = store_->Write([&](store::Transaction& transaction) {
    return SubmitForecast(transaction, actor_, question, users_[0], 0.5, "late").status();
  });
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition);
}

TEST_F(JudgementStoreTest, CombinedViewWeighsModelAndPoolEquallyInLogOdds) {
  bool defined = false;
  // logit 0.2 = -ln 4, logit 0.8 = ln 4: equal weights meet at 0.5.
  EXPECT_NEAR(CombineProbabilities(0.2, 0.8, kPoolWeight, &defined), 0.5, 1e-12);
  EXPECT_TRUE(defined);
  EXPECT_DOUBLE_EQ(CombineProbabilities(std::nullopt, 0.3, kPoolWeight, &defined), 0.3);
  CombineProbabilities(std::nullopt, std::nullopt, kPoolWeight, &defined);
  EXPECT_FALSE(defined);
}

}  // namespace
}  // namespace tocsin::judge
