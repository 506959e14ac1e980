#include "tocsin/fetch/gdelt_follower.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <thread>

namespace tocsin::fetch {
namespace {

using Clock = std::chrono::steady_clock;

// The real clock's wait is cut into slices so that a stop is noticed promptly.
constexpr auto kSleepSlice = std::chrono::milliseconds(100);

std::string DescribeWait(std::chrono::milliseconds wait) {
  return fmt::format("{:.1f} s", std::chrono::duration<double>(wait).count());
}

}  // namespace

GdeltFollower::GdeltFollower(store::Store& store, FollowOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.stop_requested) options_.stop_requested = [] { return false; };
  if (!options_.sleep) {
    options_.sleep = [stop = options_.stop_requested](std::chrono::milliseconds duration) {
      const auto until = Clock::now() + duration;
      while (!stop() && Clock::now() < until) {
        std::this_thread::sleep_for(std::min<Clock::duration>(kSleepSlice, until - Clock::now()));
      }
    };
  }
  if (!options_.random) {
    options_.random = [engine = std::mt19937_64(std::random_device()())]() mutable {
      return std::uniform_real_distribution<double>(0, 1)(engine);
    };
  }
  // A stop abandons a download in flight (the .part file is removed).
  if (!options_.fetch.download.cancelled) options_.fetch.download.cancelled = options_.stop_requested;
}

bool GdeltFollower::StopRequested() const {
  return options_.stop_requested();
}

void GdeltFollower::Log(std::string_view line) const {
  if (options_.log) options_.log(line);
}

Result<PollReport> GdeltFollower::PollOnce() {
  ++polls_;
  PollReport report;
  TOCSIN_ASSIGN_OR_RETURN(const std::string text, DownloadText(options_.list_url, options_.fetch.download));
  TOCSIN_ASSIGN_OR_RETURN(const std::vector<GdeltListEntry> entries, ParseGdeltList(text, options_.list_url));
  const std::vector<GdeltListEntry> exports = SelectGdeltFiles(entries, GdeltTable::kExport);
  report.listed = exports.size();
  for (const GdeltListEntry& entry : exports) {
    if (StopRequested()) break;
    TOCSIN_ASSIGN_OR_RETURN(const FetchedFile fetched, FetchGdeltExport(store_, entry, options_.fetch));
    if (fetched.already_fetched) {
      ++report.known;
      continue;
    }
    ++report.fetched;
    std::uint64_t inserted = 0;
    for (const monitor::FileImportSummary& summary : fetched.events) inserted += summary.written.inserted;
    report.events_inserted += inserted;
    Log(fmt::format("{}: {} bytes, size and MD5 as listed; {} events inserted", entry.url, fetched.bytes,
                    inserted));
  }
  if (report.fetched > 0 && !options_.rules.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(report.monitor, monitor::RunMonitor(store_, options_.rules, options_.monitor));
    Log(fmt::format("detectors: {} alerts ({} new, {} updated)", report.monitor->alerts.size(),
                    report.monitor->saved.raised, report.monitor->saved.updated));
  }
  return report;
}

Status GdeltFollower::Run() {
  while (!StopRequested()) {
    const auto report = PollOnce();
    std::chrono::milliseconds wait = options_.interval;
    if (report.ok()) {
      failures_ = 0;
      if (report->fetched == 0) Log(fmt::format("{}: nothing new", options_.list_url));
    } else {
      ++failures_;
      wait = BackoffDelay(options_.backoff, failures_, options_.random());
      Log(fmt::format("{} (failure {} in a row; retrying in {})", report.status().message(), failures_,
                      DescribeWait(wait)));
    }
    if (options_.max_polls != 0 && polls_ >= options_.max_polls) break;
    if (StopRequested()) break;
    options_.sleep(wait);
  }
  return Status::Ok();
}

}  // namespace tocsin::fetch
