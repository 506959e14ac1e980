#!/usr/bin/env python3
"""Regenerates src/core/data/{countries,cow_codes}.csv, Tocsin's country registry.

The registry holds public facts: Gleditsch-Ward (GW) state numbers, Correlates of
War (COW) codes, ISO 3166-1 alpha-3 and numeric, FIPS 10-4, names and World Bank regions.
This script gathers them from the public tables in the shared data folder
(countrycode's code list, the Early Warning Project's country-name sheet and panel)
and applies the known irregular cases listed in IRREGULAR below. Run it only when
those sources change; the CSVs it writes are committed and reviewed by hand.

Usage: scripts/make-country-registry.py [DATA_DIR]   (default ../shared/data)
"""
import csv
import os
import sys

data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
out_dir = os.path.join(os.path.dirname(__file__), "..", "src", "core", "data")

# GW states whose numbers or names countrycode leaves out or codes differently.
# gw: (iso3, fips, name, region, iso numeric)
GW_FIXES = {
    340: ("SRB", "RI", "Serbia", "Europe & Central Asia", "688"),
    345: ("", "", "Yugoslavia", "Europe & Central Asia", ""),
    260: ("DEU", "GM", "Germany", "Europe & Central Asia", "276"),
    678: ("YEM", "YM", "Yemen", "Middle East & North Africa", "887"),
    816: ("VNM", "VM", "Vietnam", "East Asia & Pacific", "704"),
    347: ("XKX", "KV", "Kosovo", "Europe & Central Asia", ""),
    626: ("SSD", "OD", "South Sudan", "Sub-Saharan Africa", "728"),
}
# COW codes that do not map to the GW state of the same number.
# cow: [(gw, from_year, to_year, note)]
IRREGULAR = {
    255: [(260, 1816, 9999, "COW 255 Germany; GW numbers Germany 260 (West Germany from 1949, unified from 1990)")],
    260: [(260, 1955, 1990, "COW 260 German Federal Republic; GW 260")],
    345: [(345, 1816, 2005, "COW 345 Yugoslavia/Serbia; GW 345 Yugoslavia until June 2006"),
          (340, 2006, 9999, "COW 345 continues as Serbia; GW gives Serbia 340 from June 2006")],
    678: [(678, 1926, 1989, "COW 678 Yemen Arab Republic until 1990")],
    679: [(678, 1990, 9999, "COW 679 Yemen from 1990; GW keeps 678 for unified Yemen")],
    816: [(816, 1954, 9999, "COW 816 Vietnam; GW 816 Democratic Republic of Vietnam")],
}

def iso_numeric(row):
    """ISO 3166-1 numeric, three digits (the ids of Natural Earth's world-atlas shapes)."""
    return f"{int(row['iso3n']):03d}" if row["iso3n"] else ""


codelist = list(csv.DictReader(open(os.path.join(data_dir, "events", "countrycode_codelist.csv"), encoding="utf-8")))
states = {}
for row in codelist:
    if not row["gwn"]:
        continue
    gw = int(row["gwn"])
    if gw in (815,):  # countrycode gives modern Vietnam 815; GW uses 816
        gw = 816
    states[gw] = (row["iso3c"], row["fips"], row["country.name.en"], row["region"], iso_numeric(row))
for row in codelist:  # COW-only micro-states: GW leaves them out; use the COW number
    if row["cown"] and not row["gwn"] and row["iso3c"] and int(row["cown"]) not in states:
        states[int(row["cown"])] = (row["iso3c"], row["fips"], row["country.name.en"], row["region"], iso_numeric(row))
states.update(GW_FIXES)
states.pop(679, None)

ewp_names = {}
panel = csv.DictReader(open(os.path.join(data_dir, "ewp", "prepared2024predictors-2025-09-03.csv"), encoding="utf-8"))
for row in panel:
    ewp_names.setdefault(int(row["ccode"]), row["ewp_name"])

cow_rows = []
cow_codes = {int(r["cown"]) for r in codelist if r["cown"]} | set(ewp_names)
for cow in sorted(cow_codes):
    if cow in IRREGULAR:
        for gw, start, end, note in IRREGULAR[cow]:
            cow_rows.append((cow, gw, start, end, ewp_names.get(cow, ""), note))
    elif cow in states:
        cow_rows.append((cow, cow, 1816, 9999, ewp_names.get(cow, ""), ""))
    elif cow in ewp_names:
        sys.exit(f"COW {cow} ({ewp_names[cow]}) has no GW state; add it to IRREGULAR")
    # else: a 19th-century COW state (Hesse, Wuerttemberg) outside GW's list

with open(os.path.join(out_dir, "countries.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["gw", "iso3", "fips", "name", "region", "iso_numeric"])
    for gw in sorted(states):
        w.writerow([gw, *states[gw]])
with open(os.path.join(out_dir, "cow_codes.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["cow", "gw", "from_year", "to_year", "ewp_name", "note"])
    w.writerows(cow_rows)
print(f"{len(states)} states, {len(cow_rows)} COW code periods")
