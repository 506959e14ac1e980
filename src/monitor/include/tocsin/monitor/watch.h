// Watching a directory for event files: `tocsin monitor --watch DIR`. Each file
// that appears is imported once (ImportEventFile), then only the series of the
// countries it touched are re-evaluated and their alerts stored: the live path
// POST /api/v1/events takes too (RunMonitor with `countries`).
//
// A file is taken when its size and modification time are the same on two
// polls in a row (so one still being written waits), and names starting with
// '.' are left alone (write to ".name" and rename when done). Files are
// remembered in the table `watched_files` by name, size and modification time,
// so a restarted watch skips them without reading them again; identical bytes
// under another name are recognised by ImportEventFile's hash and not written
// twice.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tocsin/monitor/event_import.h"
#include "tocsin/monitor/monitor.h"

namespace tocsin::monitor {

struct WatchOptions {
  EventImportOptions import;                    // format, reader options, batch size
  std::chrono::milliseconds poll_interval{1000};
  std::vector<Rule> rules;
  MonitorOptions monitor;                       // top events, on_saved (audit entries)
  std::function<bool()> stop;                   // checked between polls and files: true ends the watch
};

// What happened to one file.
struct WatchedFile {
  std::string name = {};
  Status status = {};              // the import's or evaluation's error, if any
  FileImportSummary imported = {};
  MonitorReport evaluated = {};    // empty when nothing new was written
};

// The state of a watch between polls. Not thread-safe.
class DirectoryWatch {
 public:
  DirectoryWatch(store::Store& store, std::string directory, WatchOptions options);

  // One poll: takes every file that is stable and not taken before, in name
  // order. Errors: the directory cannot be listed, or the store fails (a file
  // that cannot be imported is reported in its WatchedFile instead).
  Result<std::vector<WatchedFile>> Poll();

  // Polls until options.stop() returns true, calling `on_file` for each file taken.
  Status Run(const std::function<void(const WatchedFile&)>& on_file);

 private:
  struct Seen {
    std::uintmax_t size = 0;
    std::int64_t modified_ns = 0;
    bool operator==(const Seen&) const = default;
  };
  Result<bool> Remembered(const std::string& name, const Seen& seen);
  Status Remember(const std::string& name, const Seen& seen, const std::string& outcome);
  WatchedFile Take(const std::string& name);

  store::Store& store_;
  std::string directory_;
  WatchOptions options_;
  std::map<std::string, Seen> previous_;  // what the last poll saw, per file name
};

}  // namespace tocsin::monitor
