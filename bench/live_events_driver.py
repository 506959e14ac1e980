#!/usr/bin/env python3
"""Drives POST /api/v1/events at a fixed rate and reports the live path's latency.

Open loop: batch i is due at start + i * interval whatever happened to the batches
before it, and its latency is measured from when it was due (so a slow answer
delays, and is charged to, the batches behind it: no coordinated omission).
The server answers a POST only after the events are committed, the touched
countries' series re-evaluated and the new alerts committed, so the latency of a
batch that raised alerts is the time from the batch being accepted to its alerts
being stored (plus one loopback round trip).

Each batch spreads its events over a few countries of a rotating list, dated in a
simulated week that advances by one week per batch from --start, so a country comes
back every few weeks with a burst: the surge rule fires on most batches. The
default start follows the store's last event (a live feed); a start inside the
store's history (a back-fill) makes every batch re-explain the alerts after it.

Usage: live_events_driver.py --port P --token T [--rate 1000] [--batch 100]
                             [--seconds 30] [--countries-per-batch 5] [--start 2024-01-01]
                             [--latencies FILE]
"""
import argparse
import datetime
import http.client
import json
import time

COUNTRIES = ["AFG", "AGO", "BDI", "BFA", "CAF", "CMR", "COD", "COL", "ETH", "IRQ", "KEN", "LBY", "MLI",
             "MMR", "MOZ", "NER", "NGA", "PAK", "PHL", "SDN", "SOM", "SSD", "SYR", "TCD", "UGA", "UKR",
             "YEM", "MEX", "HTI", "IND", "BGD", "EGY", "TUR", "IRN", "VEN", "BRA", "ZWE", "GIN", "LBN",
             "DZA"]


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def batch_body(number, size, per_batch, start):
    week = start + datetime.timedelta(weeks=number)
    events = []
    for k in range(size):
        country = COUNTRIES[(number * per_batch + k % per_batch) % len(COUNTRIES)]
        events.append({"source": "bench", "id": f"b{number}e{k}", "date": (week + datetime.timedelta(days=k % 5)).isoformat(),
                       "country": country, "admin1": f"{country} province {k % 3}", "violence": "one-sided",
                       "fatalities": 1 + k % 7, "text": "benchmark event"})
    return json.dumps({"events": events})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--rate", type=float, default=1000, help="events per second")
    parser.add_argument("--batch", type=int, default=100, help="events per POST")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--countries-per-batch", type=int, default=5)
    parser.add_argument("--start", default="2024-01-01",
                        help="the first batch's week (a Monday): after the store's last event for a live feed, "
                             "inside its history for a back-fill")
    parser.add_argument("--latencies", help="write each batch's latency (ms), one per line, to this file")
    args = parser.parse_args()

    interval = args.batch / args.rate
    batches = int(args.seconds / interval)
    start_week = datetime.date.fromisoformat(args.start)
    bodies = [batch_body(i, args.batch, args.countries_per_batch, start_week) for i in range(batches)]
    connection = http.client.HTTPConnection("127.0.0.1", args.port)
    headers = {"Authorization": "Bearer " + args.token, "Content-Type": "application/json"}
    all_latencies, alert_latencies, failures, alerts = [], [], 0, 0
    start = time.perf_counter() + 0.2
    for i, body in enumerate(bodies):
        due = start + i * interval
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        connection.request("POST", "/api/v1/events", body, headers)
        response = connection.getresponse()
        answer = response.read()
        latency = (time.perf_counter() - due) * 1000
        if response.status != 201:
            failures += 1
            print(f"batch {i}: HTTP {response.status}: {answer[:200]!r}")
            continue
        all_latencies.append(latency)
        raised = len(json.loads(answer)["alerts_raised"])
        if raised:
            alerts += raised
            alert_latencies.append(latency)
    elapsed = time.perf_counter() - start
    if args.latencies:
        with open(args.latencies, "w") as out:
            out.writelines(f"{latency:.2f}\n" for latency in all_latencies)
    sent = len(all_latencies) * args.batch
    print(f"sent {sent} events in {len(all_latencies)} batches of {args.batch} over {elapsed:.1f} s "
          f"({sent / elapsed:.0f} events/s; {failures} failed); {alerts} alerts raised by "
          f"{len(alert_latencies)} batches")
    print(f"every batch, accepted to answered:        p50 {percentile(all_latencies, 0.5):.1f} ms, "
          f"p99 {percentile(all_latencies, 0.99):.1f} ms, max {max(all_latencies):.1f} ms")
    if alert_latencies:
        print(f"batches that raised alerts, to stored:    p50 {percentile(alert_latencies, 0.5):.1f} ms, "
              f"p99 {percentile(alert_latencies, 0.99):.1f} ms, max {max(alert_latencies):.1f} ms "
              f"(target p99 < 50 ms)")


if __name__ == "__main__":
    main()
