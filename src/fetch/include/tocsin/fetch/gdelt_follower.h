// Following GDELT 2.0 live: every 15 minutes GDELT replaces lastupdate.txt with
// the files of the latest quarter hour. The follower polls the list, fetches each
// export it has not imported yet (once: the store remembers fetched files, so a
// restart does not fetch again), imports it, and runs the detectors.
//
// A failed poll (no connection, timeout, a 5xx, a truncated or corrupt file) is
// retried after an exponential back-off with jitter; a successful one resets it.
// Everything that waits or draws at random is injectable, so tests run in
// milliseconds and are repeatable.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/fetch/backoff.h"
#include "tocsin/fetch/sources.h"
#include "tocsin/monitor/monitor.h"
#include "tocsin/monitor/rules.h"
#include "tocsin/store/store.h"

namespace tocsin::fetch {

struct FollowOptions {
  std::string list_url = std::string(kGdeltLastUpdateUrl);
  std::chrono::milliseconds interval{std::chrono::minutes(15)};  // between successful polls
  BackoffOptions backoff;
  FetchOptions fetch;  // folder, download timeouts, import options (urls and gdelt_from/to unused)
  // Run after each poll that imported something; empty: no detectors.
  std::vector<monitor::Rule> rules;
  monitor::MonitorOptions monitor;
  // Waits `duration`; should return early when a stop is requested. Default: the
  // real clock, in slices short enough to notice stop_requested.
  std::function<void(std::chrono::milliseconds duration)> sleep;
  std::function<bool()> stop_requested;  // default: never
  std::function<double()> random;        // uniform in [0, 1) for the jitter; default: seeded from the OS
  std::function<void(std::string_view line)> log;  // one line per file, poll error and wait
  std::size_t max_polls = 0;  // stop after this many polls, failed or not (0: until stopped)
};

struct PollReport {
  std::size_t listed = 0;   // exports in the list
  std::size_t fetched = 0;  // downloaded and imported now
  std::size_t known = 0;    // imported before (this run or an earlier one)
  std::uint64_t events_inserted = 0;
  std::optional<monitor::MonitorReport> monitor;  // when detectors ran
};

class GdeltFollower {
 public:
  // `store` must outlive the follower.
  GdeltFollower(store::Store& store, FollowOptions options);

  // Fetches the list once and every export in it not yet imported. Errors name
  // the URL or file; exports handled before the error stay imported.
  Result<PollReport> PollOnce();

  // Polls until stop_requested() (or max_polls), waiting `interval` after a
  // successful poll and the back-off after a failed one. Returns ok when stopped;
  // a failed poll is logged and retried, never returned.
  Status Run();

  std::size_t polls() const { return polls_; }
  int consecutive_failures() const { return failures_; }

 private:
  bool StopRequested() const;
  void Log(std::string_view line) const;

  store::Store& store_;
  FollowOptions options_;
  std::size_t polls_ = 0;
  int failures_ = 0;
};

}  // namespace tocsin::fetch
