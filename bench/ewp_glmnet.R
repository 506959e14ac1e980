#!/usr/bin/env Rscript
# The peer side of Tocsin's EWP benchmark: the Early Warning Project's statistical
# risk assessment, run in R with glmnet, timed end to end.
#
# Reproduces the modelling in model_3Sep2025.R of the Early Warning Project's 2025
# replication repository (github.com/EarlyWarningProject/2025-Statistical-Risk-Assessment,
# 3.Modeling/): the main 2-year forecast and the rolling backtest the repository
# publishes as FOOSforecasts_3Sep2025.csv. Rewritten for this benchmark in base R
# plus glmnet, without the plots, the 1-year model and the report tables.
#
#   Rscript bench/ewp_glmnet.R <prepared2024predictors-2025-09-03.csv> [backtest_risks.csv]
#
# Work done, in order:
#   1. Main fit: rows with year <= 2022, complete on the 39 predictors, the four
#      outcome columns and the identifiers; set.seed(90035); cv.glmnet(alpha = 0.5,
#      family = "binomial") on mk_onset_1or2; risk for the 2024 rows at lambda.min.
#   2. Backtest: for each last training year L in 1991..2021, the same fit on rows
#      with year <= L, scoring the rows of year L + 2 (each forecast covers onsets
#      in L + 3 and L + 4). Risks are ranked within each forecast year, 1 = highest.
#   3. For each onset year t in 1994..2024, "maxrisk2": the larger of the risks
#      forecast from data years t - 1 and t - 2 (either may be missing), and the
#      better of their ranks. AUC of maxrisk2 against mk_onset, and recall at 30:
#      the share of onsets whose better rank is in the top 30.
#
# Prints one JSON line: lambda_min (main fit), auc, recall_at_30, onsets, seconds
# (wall time of steps 1-3, reading the CSV included). With a second argument,
# also writes every backtest forecast (one row per country and data year) there.

suppressPackageStartupMessages(library(glmnet))

arguments <- commandArgs(trailingOnly = TRUE)
if (length(arguments) < 1 || length(arguments) > 2) {
  stop("usage: Rscript ewp_glmnet.R <panel.csv> [backtest_risks.csv]")
}
panel_path <- arguments[1]
risks_path <- if (length(arguments) == 2) arguments[2] else NA

predictors <- c(
  "widetargeting", "narrowtargeting", "v2csgender_binary", "v2mecenefm_binary",
  "partyban.new.0", "partyban.new.1", "partyban.new.2", "minorityrule",
  "judicialreform", "religiousfreedom", "pol_killing_approved", "freediscussion",
  "social_inequality", "even_civilrights", "repress_civilsoc", "social_power_dist",
  "ses_power_dist", "popsize.log2", "gdppcgrowth", "un_imr_sqrt", "efindex",
  "discrimpop", "reg.na", "reg.eap", "reg.sca", "reg.mna", "reg.eur", "ios.iccpr1",
  "battledeaths.log2", "coup.try.5yr", "mk_ongoing_count_log2",
  "mean_mk_onset_interaction", "mk_onset_prev_year", "newcountry", "mk_ever",
  "year_sq", "year", "countryage.new.log2", "includesnonstate")
outcomes <- c("mk_onset", "mk_onset_1", "mk_onset_2", "mk_onset_1or2")
identifiers <- c("ewp_name", "ccode", "year")
target <- "mk_onset_1or2"
seed <- 90035
main_last_train_year <- 2022
main_forecast_year <- 2024
backtest_last_train_years <- 1991:2021
forecast_gap <- 2  # a model trained on years <= L scores data year L + 2
top_ranks <- 30

started <- proc.time()[["elapsed"]]
panel <- read.csv(panel_path)
missing_columns <- setdiff(c(predictors, outcomes, identifiers), names(panel))
if (length(missing_columns) > 0) {
  stop("panel lacks columns: ", paste(missing_columns, collapse = ", "))
}

# Training rows need every outcome column, not just the target: this is how the
# original drops the last years of countries whose series end (their leads are NA).
training_rows <- function(last_year) {
  columns <- unique(c(predictors, outcomes, identifiers))
  panel[panel$year <= last_year & complete.cases(panel[, columns]), ]
}

scoring_rows <- function(year, columns) {
  panel[panel$year == year & complete.cases(panel[, unique(columns)]), ]
}

# Seeding right before cv.glmnet fixes its fold assignment,
# sample(rep(1:10, length = n)), so every run gives the same lambda.min.
fit_and_score <- function(train, test) {
  set.seed(seed)
  model <- cv.glmnet(x = as.matrix(train[, predictors]), y = train[[target]],
                     alpha = 0.5, family = "binomial")
  risk <- predict(model, newx = as.matrix(test[, predictors]), s = "lambda.min",
                  type = "response")
  list(lambda_min = model$lambda.min, risk = as.numeric(risk))
}

# 1. Main fit.
main <- fit_and_score(training_rows(main_last_train_year),
                      scoring_rows(main_forecast_year, c(predictors, identifiers)))

# 2. Backtest. The scored rows must also have the target, as in the original.
backtest <- do.call(rbind, lapply(backtest_last_train_years, function(last_year) {
  test <- scoring_rows(last_year + forecast_gap, c(predictors, identifiers, target))
  fit <- fit_and_score(training_rows(last_year), test)
  data.frame(data_year = last_year + forecast_gap, ewp_name = test$ewp_name,
             ccode = test$ccode, mk_onset_1or2 = test[[target]],
             train_last_year = last_year, lambda_min = fit$lambda_min, risk = fit$risk,
             rank = rank(-fit$risk, ties.method = "min"))
}))

# 3. Score each onset year with the two forecasts that cover it.
first_onset_year <- min(backtest$data_year) + 1
last_onset_year <- max(backtest$data_year) + 2
onset_years <- panel[panel$year >= first_onset_year & panel$year <= last_onset_year,
                     c("year", "ewp_name", "ccode", "mk_onset")]
forecast_key <- paste(backtest$ewp_name, backtest$data_year)
from_year_before <- match(paste(onset_years$ewp_name, onset_years$year - 1), forecast_key)
from_two_years_before <- match(paste(onset_years$ewp_name, onset_years$year - 2), forecast_key)
onset_years$maxrisk2 <- pmax(backtest$risk[from_year_before],
                             backtest$risk[from_two_years_before], na.rm = TRUE)
onset_years$minrank2 <- pmin(backtest$rank[from_year_before],
                             backtest$rank[from_two_years_before], na.rm = TRUE)

# AUC as pROC's auc() computes it (rows lacking a forecast or an outcome dropped):
# the Mann-Whitney statistic, ties counted half.
scored <- onset_years[!is.na(onset_years$maxrisk2) & !is.na(onset_years$mk_onset), ]
positives <- sum(scored$mk_onset == 1)
negatives <- sum(scored$mk_onset == 0)
auc <- (sum(rank(scored$maxrisk2)[scored$mk_onset == 1]) - positives * (positives + 1) / 2) /
  (positives * negatives)

# An onset with no forecast at all counts as missed (the original would give NA).
onset_ranks <- onset_years$minrank2[onset_years$mk_onset == 1 & !is.na(onset_years$mk_onset)]
recall_at_30 <- mean(!is.na(onset_ranks) & onset_ranks <= top_ranks)

seconds <- proc.time()[["elapsed"]] - started

# 17 significant digits (write.csv keeps 15) so that the file can serve as a
# reference for reimplementations at full double precision.
if (!is.na(risks_path)) {
  written <- backtest
  written$lambda_min <- sprintf("%.17g", written$lambda_min)
  written$risk <- sprintf("%.17g", written$risk)
  write.csv(written, risks_path, row.names = FALSE, quote = match("ewp_name", names(written)))
}

cat(sprintf(paste0('{"lambda_min": %.17g, "auc": %.17g, "recall_at_30": %.17g, ',
                   '"onsets": %d, "seconds": %.2f}\n'),
            main$lambda_min, auc, recall_at_30, length(onset_ranks), seconds))
