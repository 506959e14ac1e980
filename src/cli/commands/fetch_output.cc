#include "fetch_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "command.h"

namespace tocsin::cli {
namespace {

constexpr double kShortestTime = 1e-3;  // seconds; avoids dividing by zero at the start
constexpr std::string_view kCameoTable = "events/gdelt_cameo_goldstein.tsv";

std::string Eta(double seconds, double share) {
  if (share <= 0 || share >= 1) return "";
  return fmt::format(", ETA {:.0f} s", seconds * (1 - share) / share);
}

}  // namespace

void TransferProgress::Download(const fetch::DownloadProgress& progress) {
  if (!line_.Due(progress.done)) return;
  const double seconds = std::max(kShortestTime, progress.seconds);
  const double rate = static_cast<double>(progress.bytes) / kBytesPerMegabyte / seconds;
  const std::string name = fetch::FileNameOfUrl(*progress.url);
  if (progress.total == 0) {
    line_.Draw(fmt::format("GET {}: {:.1f} MB, {:.1f} MB/s", name,
                           static_cast<double>(progress.bytes) / kBytesPerMegabyte, rate));
    return;
  }
  const double share = static_cast<double>(progress.bytes) / static_cast<double>(progress.total);
  line_.Draw(fmt::format("GET {}: {:.1f} of {:.1f} MB, {:.1f} MB/s, {:.0f}%{}", name,
                         static_cast<double>(progress.bytes) / kBytesPerMegabyte,
                         static_cast<double>(progress.total) / kBytesPerMegabyte, rate, share * 100,
                         Eta(seconds, share)));
}

void TransferProgress::Import(const monitor::ImportProgress& progress) {
  if (progress.phase == monitor::ImportPhase::kIndexing) {
    if (line_.Due(true)) line_.Draw(IndexingLine(progress));
    return;
  }
  if (!line_.Due(false)) return;
  const double seconds = std::max(kShortestTime, progress.seconds);
  const double share = progress.disk_size > 0
                           ? std::min(1.0, static_cast<double>(progress.disk_offset) / progress.disk_size)
                           : 0;
  line_.Draw(fmt::format("{} {}: {} rows, {:.1f} MB/s, {:.0f}%{}",
                         progress.phase == monitor::ImportPhase::kChecking ? "checking" : "importing",
                         std::filesystem::path(*progress.file).filename().string(), progress.rows,
                         static_cast<double>(progress.bytes) / kBytesPerMegabyte / seconds, share * 100,
                         Eta(seconds, share)));
}


Result<std::unique_ptr<monitor::CameoTable>> LoadCameoTable(const std::string& flag,
                                                            const std::string& data) {
  std::string path = flag;
  if (path.empty()) {
    const auto candidate = std::filesystem::path(DataDirectory(data)) / kCameoTable;
    if (std::filesystem::exists(candidate)) path = candidate.string();
  }
  if (path.empty()) return std::unique_ptr<monitor::CameoTable>();
  TOCSIN_ASSIGN_OR_RETURN(monitor::CameoTable table, monitor::CameoTable::Load(path));
  return std::make_unique<monitor::CameoTable>(std::move(table));
}

Result<fetch::SourcesConfig> LoadSources(const std::string& flag, const std::string& db) {
  if (!flag.empty()) return fetch::LoadSourcesFile(flag);
  const std::filesystem::path beside =
      std::filesystem::path(DatabasePath(db)).parent_path() / fetch::kSourcesFileName;
  if (!std::filesystem::exists(beside)) return fetch::SourcesConfig();
  return fetch::LoadSourcesFile(beside.string());
}

std::string IndexingLine(const monitor::ImportProgress& progress) {
  return fmt::format("building the indexes of events after {}'s {} rows",
                     std::filesystem::path(*progress.file).filename().string(), progress.rows);
}

std::string DefaultDownloadFolder(const std::string& db) {
  return DatabasePath(db) + ".downloads";
}

void PrintFetchedFile(const fetch::FetchedFile& file) {
  if (file.already_fetched) {
    fmt::print("{}: fetched and imported before; nothing to do.\n", file.url);
    return;
  }
  fmt::print("{} -> {}: {} bytes in {:.1f} s{}.\n", file.url, file.path, file.bytes, file.seconds,
             file.checksum_checked ? ", size and MD5 as published" : "");
  for (const monitor::FileImportSummary& summary : file.events) {
    if (summary.already_imported) {
      fmt::print("  {}: identical file already imported; nothing changed.\n", summary.file);
      continue;
    }
    fmt::print("  {}: {} rows: {} inserted, {} updated, {} unchanged, {} rejected, {} filtered.\n",
               summary.file, summary.rows, summary.written.inserted, summary.written.updated,
               summary.written.unchanged, summary.rejected, summary.filtered);
  }
  if (file.panel) {
    if (file.panel->already_present) {
      fmt::print("  identical to panel dataset {} already imported; nothing changed.\n",
                 file.panel->dataset_id);
    } else {
      fmt::print("  imported as panel dataset {}.\n", file.panel->dataset_id);
    }
  }
}

}  // namespace tocsin::cli
