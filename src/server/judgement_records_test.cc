// Judgement records for the server's tests (judgement_records.h); no tests here.
#include "judgement_records.h"

#include <gtest/gtest.h>

#include "tocsin/access/record_shares.h"
#include "tocsin/judge/assessment_repository.h"
#include "tocsin/judge/opinion_pool.h"

namespace tocsin::server::testing {
namespace {

constexpr int kCanada = 20;

void Write(TestServer& server, const store::Work& work) {
  const Status status = server.store().Write(work);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

// Sets the label columns of row `id` of `table` ("assessments" or "pool_questions").
Status Relabel(store::Transaction& transaction, std::string_view table, access::Resource resource, std::int64_t id,
               const access::RecordLabel& label) {
  std::vector<store::Value> params = {static_cast<std::int64_t>(label.label)};
  params.emplace_back();
  if (label.owner) params.back() = label.owner->value();
  params.emplace_back();
  if (label.case_id) params.back() = label.case_id->value();
  params.emplace_back(id);
  const std::string sql = table == "assessments"
                              ? "UPDATE assessments SET label = ?, owner_organisation_id = ?, case_id = ? WHERE id = ?"
                              : "UPDATE pool_questions SET label = ?, owner_organisation_id = ?, case_id = ? "
                                "WHERE id = ?";
  TOCSIN_RETURN_IF_ERROR(transaction.Execute(sql, params).status());
  return access::ReplaceShares(transaction, resource, id, label.shared_with);
}

}  // namespace

TestRecord AddAssessment(TestServer& server, const access::RecordLabel& label, access::UserId analyst,
                         const std::string& text) {
  TestRecord record{.resource = access::Resource::kAssessment, .label = label};
  Write(server, [&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(record.id, judge::CreateAssessment(transaction, access::LocalOperator(),
                                                               {.gw = kCanada, .as_of = "2024-01-01", .title = text}));
    TOCSIN_RETURN_IF_ERROR(Relabel(transaction, "assessments", access::Resource::kAssessment, record.id, label));
    const std::vector<judge::ScoreEntry> scores = {
        {.analyst = analyst, .indicator = "1.1", .score = 2, .note = text}};
    return judge::RecordScores(transaction, access::LocalOperator(), record.id, scores);
  });
  return record;
}

std::int64_t AddPool(TestServer& server, const std::string& name, const std::vector<access::UserId>& members) {
  std::int64_t id = 0;
  Write(server, [&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, judge::CreatePool(transaction, access::LocalOperator(),
                                                  {.name = name, .members = members}));
    return Status::Ok();
  });
  return id;
}

TestRecord AddQuestion(TestServer& server, std::int64_t pool, const access::RecordLabel& label,
                       const std::string& text, access::UserId forecaster) {
  TestRecord record{.resource = access::Resource::kQuestion, .label = label};
  Write(server, [&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(record.id, judge::OpenQuestion(transaction, access::LocalOperator(),
                                                           {.pool_id = pool,
                                                            .gw = kCanada,
                                                            .text = "Will it happen? " + text,
                                                            .criteria = "A named source " + text,
                                                            .deadline = "2099-12-31"}));
    TOCSIN_RETURN_IF_ERROR(Relabel(transaction, "pool_questions", access::Resource::kQuestion, record.id, label));
    if (!forecaster.valid()) return Status::Ok();
    return judge::SubmitForecast(transaction, access::LocalOperator(), record.id, forecaster, 0.4, "because " + text)
        .status();
  });
  return record;
}

void ResolveQuestionForTest(TestServer& server, std::int64_t id, const std::string& source) {
  Write(server, [&](store::Transaction& transaction) {
    return judge::ResolveQuestion(transaction, access::LocalOperator(), id, true, source);
  });
}

std::vector<std::int64_t> AddJudgementCanaries(TestServer& server, const access::RecordLabel& secret,
                                               const std::string& canary, const TestUser& insider) {
  const TestRecord assessment = AddAssessment(server, secret, insider.id, canary);
  const std::int64_t pool = AddPool(server, "pool " + canary, {insider.id});
  const TestRecord question = AddQuestion(server, pool, secret, canary, insider.id);
  ResolveQuestionForTest(server, question.id, canary);
  // The positive control: the cleared insider does see them.
  for (const std::string& path : {"/api/v1/assessments/" + std::to_string(assessment.id),
                                 "/api/v1/pool/questions/" + std::to_string(question.id),
                                 "/api/v1/pools/" + std::to_string(pool) + "/leaderboard"}) {
    EXPECT_NE(server.Get(path, insider.token).body.find(canary), std::string::npos) << path;
  }
  return {assessment.id, question.id, pool};
}

}  // namespace tocsin::server::testing
