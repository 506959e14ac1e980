// The public sources Tocsin fetches, with their default URLs, and fetching one
// source: download (verified), unpack, import through the monitor and store
// importers, and record in the store (fetch_log.h).
//
// Defaults (every one can be replaced, see FetchOptions::urls):
//   ucdp   UCDP GED, the yearly release (a zip holding one CSV), and the monthly
//          candidate events of the current year (a CSV), from ucdp.uu.se/downloads.
//   gdelt  GDELT 2.0's lastupdate.txt: the newest 15-minute export it lists
//          (or, with from/to, every export of a list such as masterfilelist.txt).
//   ewp    the Early Warning Project's predictor panel from its GitHub replication files.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/panel.h"
#include "tocsin/fetch/download.h"
#include "tocsin/fetch/gdelt_update_list.h"
#include "tocsin/monitor/event_import.h"
#include "tocsin/store/panel_repository.h"
#include "tocsin/store/store.h"

namespace tocsin::fetch {

enum class Source : std::uint8_t { kUcdp, kGdelt, kEwp };

std::string_view SourceName(Source source);  // "ucdp", "gdelt", "ewp"
std::optional<Source> ParseSource(std::string_view name);

// UCDP publishes a new GED each year (ged<YY>1) and candidate events each month
// (GEDEvent_v<YY>_0_<month>); when a newer release is out, pass its URL.
inline constexpr std::string_view kUcdpGedUrl = "https://ucdp.uu.se/downloads/ged/ged261-csv.zip";
inline constexpr std::string_view kUcdpCandidateUrl =
    "https://ucdp.uu.se/downloads/candidateged/GEDEvent_v26_0_10.csv";
inline constexpr std::string_view kGdeltLastUpdateUrl = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt";
inline constexpr std::string_view kGdeltMasterListUrl =
    "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt";
inline constexpr std::string_view kEwpPanelUrl =
    "https://raw.githubusercontent.com/EarlyWarningProject/2025-Statistical-Risk-Assessment/HEAD/3.Modeling/"
    "prepared2024predictors-2025-09-03.csv";

std::vector<std::string> DefaultUrls(Source source);

struct FetchOptions {
  // What to download; empty: DefaultUrls(source). For gdelt these are file lists
  // in lastupdate.txt's format, whose exports are fetched.
  std::vector<std::string> urls;
  std::string directory = "downloads";  // downloads and unpacked files go here
  bool import = true;                   // false: download and verify only
  bool keep_extracted = false;          // keep the files unpacked from a zip after importing them
  // gdelt: the exports whose timestamps fall within [from, to] (YYYYMMDDHHMMSS
  // prefixes); both empty: only the newest export of each list.
  std::string gdelt_from;
  std::string gdelt_to;
  // ucdp, ewp: what a single URL's download must be (UCDP and EWP publish no checksums).
  Expected expected;
  DownloadOptions download;
  monitor::EventImportOptions events;  // `format` is set per source
  PanelCsvOptions panel;               // ewp: columns the panel must have
  // ewp: called inside the transaction that stores a new panel (not for content
  // already stored), for the audit entry that must commit with it.
  std::function<Status(store::Transaction&, const Panel&, const store::SavedPanel&)> on_panel_written;
};

// One downloaded (or recognised) file and what importing it did.
struct FetchedFile {
  std::string url;
  std::string path;
  std::uint64_t bytes = 0;
  double seconds = 0;             // of the download
  bool already_fetched = false;   // the store has this URL, size and MD5 imported: nothing was downloaded
  bool checksum_checked = false;  // a published size and MD5 matched
  std::vector<monitor::FileImportSummary> events;  // ucdp, gdelt: one per data file
  std::optional<store::SavedPanel> panel;          // ewp
};

// Fetches every URL of `source` in order, calling `on_file` after each. Stops
// at the first error, which names the URL or file; files handled before it stay
// imported and recorded, so running again completes the rest. Importing is
// idempotent: the same data again changes nothing. Not thread-safe per store.
Status FetchSource(store::Store& store, Source source, const FetchOptions& options,
                   const std::function<void(const FetchedFile&)>& on_file = {});

// Fetches one GDELT export listed in a file list: skipped when the store has it
// imported; else downloaded, checked against the list's size and MD5, unpacked,
// imported and recorded.
Result<FetchedFile> FetchGdeltExport(store::Store& store, const GdeltListEntry& entry,
                                     const FetchOptions& options);

}  // namespace tocsin::fetch
