#!/usr/bin/env python3
"""The peer of `tocsin backtest` for bench/backtest_vs_sklearn: the same rolling
backtest on the same panel, fitted with scikit-learn and XGBoost's Python package.

For each last training year L (1991..2021 by default) it keeps EWP's complete
cases up to year L, then
  enet: standardises the predictors (1/n variance, as glmnet), builds glmnet's
        lambda grid (lambda_max down to 1e-4 lambda_max, 100 values) and chooses
        lambda by 10-fold cross-validated deviance with LogisticRegressionCV
        (elastic net, l1_ratio 0.5, saga), then refits at that lambda;
  xgb:  tries the three tree settings Tocsin tries (depth 1/400 rounds/eta 0.05,
        2/300/0.03, 3/300/0.03) with 5-fold inner cross-validation, monotone
        constraints on the same predictors, and refits the best;
and scores the rows of year L+2. It prints one JSON line per model with the
seconds spent and the scored rows, so that the driver can check both sides did
the same work. Only the fitting is timed, not reading the CSV.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd

PREDICTORS = [
    "widetargeting", "narrowtargeting", "v2csgender_binary", "v2mecenefm_binary", "partyban.new.0",
    "partyban.new.1", "partyban.new.2", "minorityrule", "judicialreform", "religiousfreedom",
    "pol_killing_approved", "freediscussion", "social_inequality", "even_civilrights", "repress_civilsoc",
    "social_power_dist", "ses_power_dist", "popsize.log2", "gdppcgrowth", "un_imr_sqrt", "efindex",
    "discrimpop", "reg.na", "reg.eap", "reg.sca", "reg.mna", "reg.eur", "ios.iccpr1", "battledeaths.log2",
    "coup.try.5yr", "mk_ongoing_count_log2", "mean_mk_onset_interaction", "mk_onset_prev_year", "newcountry",
    "mk_ever", "year_sq", "year", "countryage.new.log2", "includesnonstate"]
COMPLETE = ["mk_onset", "mk_onset_1", "mk_onset_2", "mk_onset_1or2", "ccode", "year"]
TARGET = "mk_onset_1or2"
DIRECTIONS = {"widetargeting": 1, "narrowtargeting": 1, "battledeaths.log2": 1, "coup.try.5yr": 1,
              "un_imr_sqrt": 1, "discrimpop": 1, "pol_killing_approved": 1, "repress_civilsoc": 1,
              "gdppcgrowth": -1}
TREE_SETTINGS = [(1, 400, 0.05), (2, 300, 0.03), (3, 300, 0.03)]


def fit_enet(x, y, seed):
    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
    from sklearn.model_selection import KFold
    mean = x.mean(axis=0)
    scale = x.std(axis=0)  # 1/n variance, as glmnet standardises
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    n = len(y)
    alpha = 0.5
    lambda_max = np.max(np.abs(z.T @ (y - y.mean()))) / (n * alpha)
    lambdas = lambda_max * np.logspace(0, -4, 100)
    cs = 1.0 / (n * lambdas)
    cv = LogisticRegressionCV(Cs=cs, cv=KFold(10, shuffle=True, random_state=seed), penalty="elasticnet",
                              solver="saga", l1_ratios=[alpha], scoring="neg_log_loss", tol=1e-4,
                              max_iter=2000, refit=False, n_jobs=1)
    cv.fit(z, y)
    best_c = float(np.ravel(cv.C_)[0])
    model = LogisticRegression(C=best_c, penalty="elasticnet", solver="saga", l1_ratio=alpha, tol=1e-4,
                               max_iter=2000)
    model.fit(z, y)
    return lambda rows: model.predict_proba((rows - mean) / scale)[:, 1]


def fit_xgb(x, y, seed):
    import xgboost as xgb
    constraints = "(" + ",".join(str(DIRECTIONS.get(p, 0)) for p in PREDICTORS) + ")"
    rng = np.random.default_rng(seed)
    folds = rng.permutation(np.arange(len(y)) % 5)

    def params(depth, eta):
        # Tocsin's settings (src/forecast/gradient_boosting.h), one thread as Tocsin's booster.
        return {"objective": "binary:logistic", "tree_method": "hist", "max_depth": depth, "eta": eta,
                "min_child_weight": 2, "subsample": 0.8, "colsample_bytree": 0.8, "lambda": 1.0, "seed": seed,
                "nthread": 1, "monotone_constraints": constraints, "verbosity": 0}

    best, best_loss = None, np.inf
    for depth, rounds, eta in TREE_SETTINGS:
        out = np.zeros(len(y))
        for fold in range(5):
            train, held = folds != fold, folds == fold
            booster = xgb.train(params(depth, eta), xgb.DMatrix(x[train], label=y[train]), rounds)
            out[held] = booster.predict(xgb.DMatrix(x[held]))
        p = np.clip(out, 1e-12, 1 - 1e-12)
        loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        if loss < best_loss:
            best, best_loss = (depth, rounds, eta), loss
    depth, rounds, eta = best
    booster = xgb.train(params(depth, eta), xgb.DMatrix(x, label=y), rounds)
    return lambda rows: booster.predict(xgb.DMatrix(rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("panel")
    parser.add_argument("--model", choices=["enet", "xgb"], required=True)
    parser.add_argument("--from", dest="first", type=int, default=1991)
    parser.add_argument("--to", dest="last", type=int, default=2021)
    parser.add_argument("--seed", type=int, default=90035)
    args = parser.parse_args()

    panel = pd.read_csv(args.panel, na_values=["NA", ""], low_memory=False)
    complete = panel.dropna(subset=PREDICTORS + COMPLETE)
    fit = fit_enet if args.model == "enet" else fit_xgb
    scored = 0
    start = time.perf_counter()
    for last in range(args.first, args.last + 1):
        train = complete[complete["year"] <= last]
        x = train[PREDICTORS].to_numpy(dtype=float)
        y = train[TARGET].to_numpy(dtype=float)
        predict = fit(x, y, args.seed)
        rows = panel[(panel["year"] == last + 2)].dropna(subset=PREDICTORS)
        if len(rows):
            predict(rows[PREDICTORS].to_numpy(dtype=float))
            scored += len(rows)
    seconds = time.perf_counter() - start
    print(json.dumps({"model": args.model, "windows": args.last - args.first + 1, "scored_rows": scored,
                      "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    sys.exit(main())
