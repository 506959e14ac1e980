// What `tocsin fetch` and `tocsin monitor --gdelt` share: the progress line of a
// download or import, the CAMEO table for GDELT imports, the sources file, the
// default download folder, and the one-line summary of a fetched file.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "command.h"
#include "tocsin/core/result.h"
#include "tocsin/fetch/download.h"
#include "tocsin/fetch/sources.h"
#include "tocsin/fetch/sources_file.h"
#include "tocsin/monitor/cameo.h"
#include "tocsin/monitor/event_import.h"

namespace tocsin::cli {

// Transfer rates and sizes are shown in decimal megabytes.
inline constexpr double kBytesPerMegabyte = 1e6;

// One line on stderr, redrawn in place, only when stderr is a terminal:
// "GET name: 12.3 of 45.6 MB, 3.1 MB/s, 27%, ETA 11 s" while downloading and
// "importing name: 52000 rows, 40.2 MB/s, 80%" while importing.
class TransferProgress {
 public:
  void Download(const fetch::DownloadProgress& progress);
  void Import(const monitor::ImportProgress& progress);
  void Clear() { line_.Clear(); }

 private:
  TerminalLine line_;
};

// The CAMEO table with Goldstein scores: `flag`, else DATA/events/gdelt_cameo_goldstein.tsv
// when it exists, else none (nullptr: GDELT's own scores are kept).
Result<std::unique_ptr<monitor::CameoTable>> LoadCameoTable(const std::string& flag, const std::string& data);

// The sources before any flag: the file `flag` names, else tocsin-sources.toml
// beside the database (`db` as --db gives it) when it exists, else the built-in
// defaults. A file that is there but wrong is an error naming it.
Result<fetch::SourcesConfig> LoadSources(const std::string& flag, const std::string& db);

// The progress line of an import's last phase, the bulk load's index build
// (`tocsin import events` shows it too).
std::string IndexingLine(const monitor::ImportProgress& progress);

// DB.downloads next to the database (DB as --db gives it, "sqlite:" removed).
std::string DefaultDownloadFolder(const std::string& db);

// "URL -> PATH: N bytes in S s (MD5 as listed); ucdp file: 3 inserted, ..."
void PrintFetchedFile(const fetch::FetchedFile& file);

}  // namespace tocsin::cli
