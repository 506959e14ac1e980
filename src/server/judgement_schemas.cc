#include "judgement_schemas.h"

namespace tocsin::server {
namespace {

using nlohmann::json;

json Type(std::string_view type) {
  return {{"type", type}};
}
json Nullable(std::string_view type) {
  return {{"type", type}, {"nullable", true}};
}
json ArrayOf(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}
json Object(json properties, json required = json::array()) {
  json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}
json OneOf(std::initializer_list<std::string_view> names) {
  json values = json::array();
  for (std::string_view name : names) values.push_back(name);
  return {{"type", "string"}, {"enum", std::move(values)}};
}
json Clearance() {
  return OneOf({"public", "restricted", "confidential", "strictly confidential"});
}

}  // namespace

json JudgementSchemas() {
  const json factor_score = Object({{"factor", Type("integer")},
                                    {"name", Type("string")},
                                    {"group", OneOf({"common", "genocide", "crimes against humanity", "war crimes"})},
                                    {"score", Nullable("number")},
                                    {"indicators_scored", Type("integer")},
                                    {"by_analyst", Type("object")},
                                    {"spread", Type("number")},
                                    {"analysts_disagree", Type("boolean")}});
  const json listing = Object({{"id", Type("integer")},
                               {"gw", Type("integer")},
                               {"region", Type("string")},
                               {"as_of", Type("string")},
                               {"title", Type("string")},
                               {"label", Clearance()},
                               {"analysts", Type("integer")},
                               {"overall", Nullable("number")},
                               {"alpha", Nullable("number")}});
  const json trigger = Object({{"id", Type("integer")},
                               {"gw", Type("integer")},
                               {"date", Type("string")},
                               {"kind", OneOf({"election", "referendum", "census", "transition", "anniversary", "other"})},
                               {"description", Type("string")},
                               {"source", Type("string")}});
  const json question = Object({{"id", Type("integer")},
                                {"pool_id", Type("integer")},
                                {"pool", Type("string")},
                                {"gw", Nullable("integer")},
                                {"text", Type("string")},
                                {"criteria", Type("string")},
                                {"deadline", Type("string")},
                                {"label", Clearance()},
                                {"pool_probability", Nullable("number")},
                                {"outcome", Nullable("string")},
                                {"forecasts", ArrayOf(Type("object"))}});
  const json score = Object({{"forecaster", Type("string")},
                             {"probability", Type("number")},
                             {"brier", Type("number")},
                             {"log_score", Type("number")}});
  return {
      {"Framework", Object({{"scale", ArrayOf(Type("string"))},
                            {"confidence", ArrayOf(Type("string"))},
                            {"factors", ArrayOf(Type("object"))}})},
      {"AssessmentList", Object({{"assessments", ArrayOf(listing)}})},
      {"NewAssessment", Object({{"gw", Type("integer")},
                                {"as_of", Type("string")},
                                {"region", Type("string")},
                                {"title", Type("string")},
                                {"label", Clearance()}},
                               {"gw", "as_of"})},
      {"Created", Object({{"id", Type("integer")}})},
      {"Assessment", Object({{"id", Type("integer")},
                             {"gw", Type("integer")},
                             {"as_of", Type("string")},
                             {"label", Clearance()},
                             {"analysts", ArrayOf(Type("string"))},
                             {"overall", Nullable("number")},
                             {"alpha", Nullable("number")},
                             {"factors", ArrayOf(factor_score)},
                             {"disagreements", ArrayOf(Type("object"))},
                             {"data", ArrayOf(Type("object"))},
                             {"scores", ArrayOf(Type("object"))}})},
      {"Scores", Object({{"scores", ArrayOf(Object({{"indicator", Type("string")},
                                                    {"score", Type("integer")},
                                                    {"confidence", OneOf({"low", "medium", "high"})},
                                                    {"note", Type("string")},
                                                    {"evidence", ArrayOf(Type("string"))}},
                                                   {"indicator", "score"}))}},
                        {"scores"})},
      {"ScoresRecorded", Object({{"id", Type("integer")}, {"recorded", Type("integer")}})},
      {"AssessmentSummary", Object({{"gw", Type("integer")},
                                    {"assessment_id", Type("integer")},
                                    {"as_of", Type("string")},
                                    {"label", Clearance()},
                                    {"analysts", Type("integer")},
                                    {"overall", Nullable("number")},
                                    {"alpha", Nullable("number")},
                                    {"factors", ArrayOf(factor_score)}})},
      {"AssessmentHistory", Object({{"gw", Type("integer")}, {"changes", ArrayOf(Type("object"))}})},
      {"TriggerDate", trigger},
      {"TriggerDateList", Object({{"trigger_dates", ArrayOf(trigger)}})},
      {"NewTriggerDate", Object({{"gw", Type("integer")},
                                 {"date", Type("string")},
                                 {"kind", Type("string")},
                                 {"description", Type("string")},
                                 {"source", Type("string")}},
                                {"gw", "date", "kind", "description"})},
      {"CombinedView", Object({{"gw", Type("integer")},
                               {"statistical", Type("object")},
                               {"pool", Type("object")},
                               {"combined", Type("object")},
                               {"framework", Nullable("object")},
                               {"open_alerts", Nullable("integer")},
                               {"evaluation", Type("object")}})},
      {"PoolList", Object({{"pools", ArrayOf(Type("object"))}})},
      {"NewPool", Object({{"name", Type("string")},
                          {"members", ArrayOf(Type("integer"))},
                          {"extremising", Nullable("number")}},
                         {"name"})},
      {"Leaderboard", Object({{"pool_id", Type("integer")},
                              {"pool", Type("string")},
                              {"extremising", Type("object")},
                              {"rows", ArrayOf(Type("object"))},
                              {"history", ArrayOf(Type("object"))}})},
      {"QuestionList", Object({{"questions", ArrayOf(question)}})},
      {"NewQuestion", Object({{"pool_id", Type("integer")},
                              {"gw", Type("integer")},
                              {"text", Type("string")},
                              {"criteria", Type("string")},
                              {"deadline", Type("string")},
                              {"label", Clearance()}},
                             {"pool_id", "text", "criteria", "deadline"})},
      {"Question", question},
      {"NewForecast", Object({{"probability", Type("number")}, {"rationale", Type("string")}},
                             {"probability", "rationale"})},
      {"Resolution", Object({{"outcome", OneOf({"yes", "no"})}, {"source", Type("string")}}, {"outcome", "source"})},
      {"QuestionScores", Object({{"question_id", Type("integer")},
                                 {"outcome", OneOf({"yes", "no"})},
                                 {"forecasters", ArrayOf(score)},
                                 {"pool", score}})},
  };
}

}  // namespace tocsin::server
