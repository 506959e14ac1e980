#!/usr/bin/env python3
"""The peer of `tocsin series --file FILE --period week`: pandas reads a UCDP GED
CSV and computes, per country and ISO week (Monday start), the events and best
fatalities of each violence type, with every week from the first to the last
event present (zeros included), as Tocsin's output has them.

Usage: weekly_series_pandas.py GED_CSV OUT_CSV
Prints the totals per type so the two outputs can be compared."""
import sys

import pandas as pd

TYPES = {1: "state_based", 2: "non_state", 3: "one_sided"}


def main(path, out):
    events = pd.read_csv(path, usecols=["id", "type_of_violence", "date_start", "country_id", "best"],
                         dtype={"id": "string", "type_of_violence": "int8", "country_id": "int16", "best": "int64"})
    day = pd.to_datetime(events["date_start"].str.slice(0, 10), format="%Y-%m-%d")
    events["week"] = day - pd.to_timedelta(day.dt.weekday, unit="D")
    grouped = events.groupby(["country_id", "week", "type_of_violence"]).agg(events=("id", "size"),
                                                                             fatalities=("best", "sum"))
    wide = grouped.unstack("type_of_violence", fill_value=0)
    wide.columns = [f"{measure}_{TYPES[t]}" for measure, t in wide.columns]
    weeks = pd.date_range(events["week"].min(), events["week"].max(), freq="7D")
    countries = wide.index.get_level_values("country_id").unique()
    full = pd.MultiIndex.from_product([countries, weeks], names=["country_id", "week"])
    wide = wide.reindex(full, fill_value=0)
    wide.to_csv(out)
    totals = {column: int(wide[column].sum()) for column in wide.columns}
    print(" ".join(f"{name}={value}" for name, value in sorted(totals.items())))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
