#!/usr/bin/env python3
"""Writes ewp_synthetic.csv: a made-up panel in the layout of EWP's prepared
predictors (same 45 columns), 24 invented countries × 1990–2004, for tests that
must run without the real data. Values are random; nothing here is real."""
import csv
import random

random.seed(20261130)
header = ["", "ewp_name", "year", "widetargeting", "narrowtargeting", "v2csgender_binary", "v2mecenefm_binary",
          "partyban.new.0", "partyban.new.1", "partyban.new.2", "minorityrule", "judicialreform", "religiousfreedom",
          "pol_killing_approved", "freediscussion", "social_inequality", "even_civilrights", "repress_civilsoc",
          "social_power_dist", "ses_power_dist", "popsize.log2", "gdppcgrowth", "un_imr_sqrt", "efindex", "discrimpop",
          "reg.na", "reg.eap", "reg.sca", "reg.mna", "reg.eur", "ios.iccpr1", "battledeaths.log2", "coup.try.5yr",
          "mk_ongoing_count_log2", "mean_mk_onset_interaction", "mk_onset_prev_year", "newcountry", "mk_ever",
          "year_sq", "countryage.new.log2", "includesnonstate", "mk_onset_1or2", "mk_onset", "ccode", "mk_onset_1",
          "mk_onset_2"]
years = list(range(1990, 2005))
rows = []
for c in range(24):
    name = f"Country {chr(65 + c)}"
    risk = random.random()
    onset = {y: int(random.random() < 0.04 + 0.25 * risk) for y in years + [2005, 2006]}
    for y in years:
        values = {
            "ewp_name": name, "year": y, "ccode": 900 + c,
            "popsize.log2": round(20 + 6 * random.random(), 3), "gdppcgrowth": round(random.gauss(2, 4), 3),
            "un_imr_sqrt": round(3 + 6 * risk + random.random(), 3), "efindex": round(random.random(), 3),
            "discrimpop": round(risk * random.random() * 0.5, 3), "freediscussion": round(1 - risk, 3),
            "ses_power_dist": round(random.gauss(0, 1), 3), "battledeaths.log2": round(10 * risk * random.random(), 3),
            "year_sq": y * y, "countryage.new.log2": round(5 + random.random(), 3), "includesnonstate": 1,
            "mean_mk_onset_interaction": sum(onset[t] for t in years if t <= y),
            "mk_onset": onset[y], "mk_onset_1": onset[y + 1], "mk_onset_2": onset[y + 2],
            "mk_onset_1or2": int(onset[y + 1] or onset[y + 2]), "mk_onset_prev_year": onset.get(y - 1, 0),
        }
        for column in header[3:]:
            values.setdefault(column, int(random.random() < 0.2 + 0.5 * risk))
        # The last two years' leads are unknown, as in the real panel.
        if y >= 2003:
            values["mk_onset_2"] = "NA"
            if y == 2004:
                values["mk_onset_1"] = "NA"
        rows.append([len(rows) + 1] + [values[column] for column in header[1:]])
rows[5][header.index("gdppcgrowth")] = "NA"  # a missing predictor, as the real panel has
with open("ewp_synthetic.csv", "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
