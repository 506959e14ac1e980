#include "tocsin/monitor/watch.h"

#include <fmt/format.h>

#include <filesystem>
#include <thread>

#include "tocsin/core/time.h"

namespace tocsin::monitor {
namespace {

namespace fs = std::filesystem;

// Sleeps in short steps so that a stop request is noticed quickly.
constexpr std::chrono::milliseconds kStopCheckInterval{50};

}  // namespace

DirectoryWatch::DirectoryWatch(store::Store& store, std::string directory, WatchOptions options)
    : store_(store), directory_(std::move(directory)), options_(std::move(options)) {
  options_.import.collect_countries = true;
  options_.monitor.save = true;
}

Result<bool> DirectoryWatch::Remembered(const std::string& name, const Seen& seen) {
  bool found = false;
  const std::vector<store::Value> key = {directory_, name, static_cast<std::int64_t>(seen.size), seen.modified_ns};
  TOCSIN_RETURN_IF_ERROR(store_.Read([&](store::Transaction& transaction) {
    return transaction.Query(
        "SELECT 1 FROM watched_files WHERE directory = ? AND file_name = ? AND size = ? AND modified_ns = ?", key,
        [&](const store::Row&) {
          found = true;
          return Status::Ok();
        });
  }));
  return found;
}

Status DirectoryWatch::Remember(const std::string& name, const Seen& seen, const std::string& outcome) {
  const std::vector<store::Value> row = {directory_, name, static_cast<std::int64_t>(seen.size), seen.modified_ns,
                                         outcome, NowUtc()};
  return store_.Write([&](store::Transaction& transaction) {
    return transaction
        .Execute(
            "INSERT INTO watched_files (directory, file_name, size, modified_ns, outcome, seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (directory, file_name, size, modified_ns) "
            "DO UPDATE SET outcome = excluded.outcome, seen_at = excluded.seen_at",
            row)
        .status();
  });
}

WatchedFile DirectoryWatch::Take(const std::string& name) {
  WatchedFile file{.name = name};
  auto imported = ImportEventFile(store_, (fs::path(directory_) / name).string(), options_.import);
  if (!imported.ok()) {
    file.status = imported.status();
    return file;
  }
  file.imported = std::move(imported).value();
  const UpsertCounts& written = file.imported.written;
  if (file.imported.already_imported || written.inserted + written.updated == 0) return file;
  MonitorOptions monitor = options_.monitor;
  monitor.countries.assign(file.imported.countries.begin(), file.imported.countries.end());
  auto evaluated = RunMonitor(store_, options_.rules, monitor);
  if (!evaluated.ok()) {
    file.status = evaluated.status().WithContext("evaluating its countries' series");
    return file;
  }
  file.evaluated = std::move(evaluated).value();
  return file;
}

Result<std::vector<WatchedFile>> DirectoryWatch::Poll() {
  std::map<std::string, Seen> current;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory_, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with('.') || !entry.is_regular_file(error)) continue;
    const auto size = entry.file_size(error);
    const auto modified = entry.last_write_time(error);
    if (error) continue;  // removed while listing: the next poll decides
    current[name] = {size, std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch()).count()};
  }
  if (error) return IoError(fmt::format("{}: cannot list the directory: {}", directory_, error.message()));

  std::vector<WatchedFile> taken;
  for (const auto& [name, seen] : current) {
    if (options_.stop && options_.stop()) break;
    const auto before = previous_.find(name);
    if (before == previous_.end() || !(before->second == seen)) continue;  // new or still changing
    TOCSIN_ASSIGN_OR_RETURN(const bool remembered, Remembered(name, seen));
    if (remembered) continue;
    WatchedFile file = Take(name);
    const std::string outcome = !file.status.ok()               ? "failed: " + file.status.ToString()
                                : file.imported.already_imported ? "already imported"
                                                                 : "imported";
    // A store that fails is the watch's error; a file that fails is the file's.
    if (file.status.code() == StatusCode::kUnavailable) return file.status;
    TOCSIN_RETURN_IF_ERROR(Remember(name, seen, outcome));
    taken.push_back(std::move(file));
  }
  previous_ = std::move(current);
  return taken;
}

Status DirectoryWatch::Run(const std::function<void(const WatchedFile&)>& on_file) {
  if (!fs::is_directory(directory_)) return NotFoundError(fmt::format("{}: no such directory", directory_));
  while (!(options_.stop && options_.stop())) {
    TOCSIN_ASSIGN_OR_RETURN(const std::vector<WatchedFile> files, Poll());
    for (const WatchedFile& file : files) on_file(file);
    for (auto waited = std::chrono::milliseconds(0); waited < options_.poll_interval; waited += kStopCheckInterval) {
      if (options_.stop && options_.stop()) break;
      std::this_thread::sleep_for(std::min(kStopCheckInterval, options_.poll_interval - waited));
    }
  }
  return Status::Ok();
}

}  // namespace tocsin::monitor
