#include "monitor_gdelt.h"

#include <fmt/format.h>
#include <signal.h>

#include <atomic>
#include <memory>

#include "audit_hooks.h"
#include "fetch_output.h"
#include "tocsin/core/time.h"
#include "tocsin/fetch/gdelt_follower.h"

namespace tocsin::cli {
namespace {

std::atomic<int> received_signal{0};

void OnTerminate(int signal) {
  received_signal.store(signal);
}

// SIGTERM and SIGINT set a flag that the follower checks between polls, in its
// waits (every 100 ms) and with every chunk of a download in flight. SA_RESTART
// keeps a system call under way (SQLite's writes) from failing with EINTR.
void InstallStopHandlers() {
  struct sigaction action = {};
  action.sa_handler = OnTerminate;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

std::chrono::milliseconds Milliseconds(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

}  // namespace

void AddGdeltFollowFlags(CLI::App* command, GdeltFollowFlags& flags) {
  command->add_flag("--gdelt", flags.follow,
                    "Follow GDELT 2.0 live: fetch each new 15-minute export once, import it, run the rules; "
                    "until SIGTERM");
  command
      ->add_option("--interval", flags.interval_seconds, "--gdelt: seconds between polls of the update list")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--gdelt-url", flags.list_url,
                      "--gdelt: the update list (default: the sources file's [gdelt] update_list, else " +
                          std::string(fetch::kGdeltLastUpdateUrl) + ")");
  command->add_option("--sources", flags.sources,
                      "--gdelt: sources file (TOML, see `tocsin fetch --help`; default: tocsin-sources.toml "
                      "beside the database when present)");
  command->add_option("--fetch-dir", flags.directory,
                      "--gdelt: where downloads are stored (default: DB.downloads)");
  command
      ->add_option("--fetch-timeout", flags.timeout_seconds,
                   "--gdelt: seconds without data before a download fails")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--gdelt-cameo", flags.cameo,
                      "--gdelt: CAMEO table with Goldstein scores (default: "
                      "$TOCSIN_DATA_DIR/events/gdelt_cameo_goldstein.tsv when present)");
}

int FollowGdelt(const CommonOptions& common, const std::vector<monitor::Rule>& rules,
                const GdeltFollowFlags& flags) {
  auto sources = LoadSources(flags.sources, common.db);
  if (!sources.ok()) return Fail(sources.status());
  auto cameo = LoadCameoTable(flags.cameo, "");
  if (!cameo.ok()) return Fail(cameo.status());
  auto store = OpenStore(common, IfMissing::kCreate);
  if (!store.ok()) return Fail(store.status());

  fetch::FollowOptions options;
  options.list_url = flags.list_url.empty() ? sources->gdelt_update_list.urls.front() : flags.list_url;
  const bool from_file =
      flags.list_url.empty() && sources->gdelt_update_list.origin == fetch::SettingOrigin::kFile;
  options.interval = Milliseconds(flags.interval_seconds);
  options.fetch.directory = flags.directory.empty() ? DefaultDownloadFolder(common.db) : flags.directory;
  options.fetch.download.read_timeout = Milliseconds(flags.timeout_seconds);
  options.fetch.events.reader.cameo = cameo->get();
  options.rules = rules;
  options.monitor.on_saved = AuditAlertsVia("tocsin monitor --gdelt");
  options.fetch.events.on_batch_written = AuditEventBatchesVia("tocsin monitor --gdelt");
  TransferProgress progress;
  options.fetch.download.on_progress = [&](const fetch::DownloadProgress& report) {
    progress.Download(report);
  };
  options.stop_requested = [] { return received_signal.load() != 0; };
  options.log = [&](std::string_view line) {
    progress.Clear();
    fmt::print("{} {}\n", NowUtc(), line);
    std::fflush(stdout);
  };
  InstallStopHandlers();
  fmt::print("{} following {}{} every {:g} s; downloads in {}. SIGTERM or Ctrl-C stops.\n", NowUtc(),
             options.list_url, from_file ? " (from " + sources->path + ")" : "", flags.interval_seconds,
             options.fetch.directory);
  std::fflush(stdout);
  fetch::GdeltFollower follower(**store, std::move(options));
  const Status status = follower.Run();
  progress.Clear();
  if (!status.ok()) return Fail(status);
  fmt::print("{} stopped ({}) after {} poll{}.\n", NowUtc(),
             received_signal.load() == SIGINT ? "SIGINT" : "SIGTERM", follower.polls(),
             follower.polls() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace tocsin::cli
