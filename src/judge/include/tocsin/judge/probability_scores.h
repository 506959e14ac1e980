// Scoring probability forecasts of yes/no questions, and pooling several
// forecasts into one (docs/judgement.md, "Opinion pool").
#pragma once

#include <span>
#include <vector>

namespace tocsin::judge {

// Forecasts are accepted in [kLowestProbability, kHighestProbability], so that
// every log score is finite and no single forecaster can veto the pool.
inline constexpr double kLowestProbability = 0.001;
inline constexpr double kHighestProbability = 0.999;

// An extremising factor is above 0 and at most kHighestExtremising. At 5 a pool of
// members at 60% says 88%, and members at the highest probability give a pool
// still below 1 in double precision, so every log score stays finite; beyond
// about 5.3 they would round to certainty.
inline constexpr double kHighestExtremising = 5.0;

// (p - o)^2 with o = 1 for yes, 0 for no: 0 is perfect, 1 the worst, 0.25 a coin.
double BrierScore(double probability, bool outcome);
// ln p for yes, ln(1 - p) for no: 0 is perfect, more negative is worse,
// ln 0.5 = -0.693 a coin.
double LogScore(double probability, bool outcome);

double LogOdds(double probability);
double FromLogOdds(double log_odds);

// The pool: the mean of the forecasts' log-odds, times `extremising` (1 leaves
// the mean as it is; above 1 pushes it away from 0.5, as independent evidence
// combined should), back to a probability. Requires at least one forecast.
double PoolProbability(std::span<const double> probabilities, double extremising = 1.0);

// A resolved question as the pool saw it when it closed.
struct ResolvedForecasts {
  std::vector<double> probabilities;  // each forecaster's final forecast
  bool outcome = false;
};

struct ExtremisingOptions {
  double lowest = 1.0;   // the grid searched, inclusive
  double highest = 3.0;
  double step = 0.1;
  // With fewer resolved questions the factor stays 1: a handful of outcomes
  // would pick a factor by noise.
  int minimum_questions = 10;
};

struct ExtremisingChoice {
  double factor = 1.0;
  int questions = 0;        // resolved questions with at least one forecast
  double mean_brier = 0;    // of the pool with `factor` over them
  bool fitted = false;      // false: too few questions, factor left at 1
};

// The factor of the grid whose pooled forecasts have the lowest mean Brier
// score on `resolved` (the smallest such factor on ties).
ExtremisingChoice ChooseExtremising(std::span<const ResolvedForecasts> resolved, ExtremisingOptions options = {});

}  // namespace tocsin::judge
