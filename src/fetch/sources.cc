#include "tocsin/fetch/sources.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "tocsin/core/country_registry.h"
#include "tocsin/fetch/fetch_log.h"
#include "tocsin/fetch/zip_archive.h"

namespace tocsin::fetch {
namespace {

namespace fs = std::filesystem;

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) ==
                             std::tolower(static_cast<unsigned char>(b));
                    });
}

std::string SourceFolder(const FetchOptions& options, Source source) {
  return (fs::path(options.directory) / std::string(SourceName(source))).string();
}

// Imports an event file (a zip's CSV members, or the file itself) and returns
// one summary per data file.
Result<std::vector<monitor::FileImportSummary>> ImportEvents(store::Store& store, const std::string& path,
                                                             monitor::EventFormat format,
                                                             const FetchOptions& options) {
  std::vector<std::string> data_files;
  std::vector<std::string> extracted;
  std::string folder;  // where a zip was unpacked
  if (EndsWithIgnoringCase(path, ".zip")) {
    folder = path.substr(0, path.size() - std::string_view(".zip").size()) + ".unpacked";
    TOCSIN_ASSIGN_OR_RETURN(const std::vector<ExtractedFile> files, ExtractZip(path, folder));
    for (const ExtractedFile& file : files) {
      extracted.push_back(file.path);
      if (EndsWithIgnoringCase(file.member, ".csv") || EndsWithIgnoringCase(file.member, ".csv.gz")) {
        data_files.push_back(file.path);
      }
    }
    if (data_files.empty()) return DataLossError(fmt::format("{}: the archive holds no .csv file", path));
  } else {
    data_files.push_back(path);
  }
  monitor::EventImportOptions import = options.events;
  import.format = format;
  std::vector<monitor::FileImportSummary> summaries;
  for (const std::string& file : data_files) {
    TOCSIN_ASSIGN_OR_RETURN(monitor::FileImportSummary summary,
                            monitor::ImportEventFile(store, file, import));
    summaries.push_back(std::move(summary));
  }
  if (!options.keep_extracted) {
    std::error_code ignored;
    for (const std::string& file : extracted) fs::remove(file, ignored);
    if (!folder.empty()) fs::remove(folder, ignored);  // only when empty
  }
  return summaries;
}

Status ImportPanel(store::Store& store, const std::string& path, const FetchOptions& options,
                   FetchedFile& fetched) {
  TOCSIN_ASSIGN_OR_RETURN(const Panel panel, ReadPanelCsv(path, options.panel));
  store::PanelWrittenHook on_written;
  if (options.on_panel_written) {
    on_written = [&](store::Transaction& transaction, const store::SavedPanel& saved) {
      return options.on_panel_written(transaction, panel, saved);
    };
  }
  TOCSIN_ASSIGN_OR_RETURN(fetched.panel,
                          store::SavePanel(store, panel, CountryRegistry::Default(), on_written));
  return Status::Ok();
}

FetchRecord RecordOf(Source source, const Downloaded& downloaded) {
  return {.url = downloaded.url,
          .source = std::string(SourceName(source)),
          .path = downloaded.path,
          .bytes = downloaded.bytes,
          .md5 = downloaded.md5,
          .sha256 = downloaded.sha256,
          .fetched_at = {},
          .imported_at = std::nullopt};
}

FetchedFile FileOf(const Downloaded& downloaded) {
  FetchedFile fetched;
  fetched.url = downloaded.url;
  fetched.path = downloaded.path;
  fetched.bytes = downloaded.bytes;
  fetched.seconds = downloaded.seconds;
  return fetched;
}

// Downloads one release file of UCDP or EWP, imports it and records it.
Result<FetchedFile> FetchReleaseFile(store::Store& store, Source source, const std::string& url,
                                     const Expected& expected, const FetchOptions& options) {
  const std::string destination = (fs::path(SourceFolder(options, source)) / FileNameOfUrl(url)).string();
  TOCSIN_ASSIGN_OR_RETURN(const Downloaded downloaded,
                          DownloadFile(url, destination, expected, options.download));
  FetchedFile fetched = FileOf(downloaded);
  // Recorded before the import, so the store knows the file even when its import fails.
  TOCSIN_RETURN_IF_ERROR(RecordFetched(store, RecordOf(source, downloaded), false));
  if (!options.import) return fetched;
  if (source == Source::kEwp) {
    TOCSIN_RETURN_IF_ERROR(ImportPanel(store, downloaded.path, options, fetched));
  } else {
    TOCSIN_ASSIGN_OR_RETURN(fetched.events,
                            ImportEvents(store, downloaded.path, monitor::EventFormat::kUcdp, options));
  }
  TOCSIN_RETURN_IF_ERROR(RecordFetched(store, RecordOf(source, downloaded), true));
  return fetched;
}

Status FetchGdelt(store::Store& store, const FetchOptions& options,
                  const std::function<void(const FetchedFile&)>& on_file) {
  for (const std::string& list_url : options.urls.empty() ? DefaultUrls(Source::kGdelt) : options.urls) {
    TOCSIN_ASSIGN_OR_RETURN(const std::string text, DownloadText(list_url, options.download));
    TOCSIN_ASSIGN_OR_RETURN(const std::vector<GdeltListEntry> entries, ParseGdeltList(text, list_url));
    std::vector<GdeltListEntry> exports =
        SelectGdeltFiles(entries, GdeltTable::kExport, options.gdelt_from, options.gdelt_to);
    if (options.gdelt_from.empty() && options.gdelt_to.empty() && exports.size() > 1) {
      exports.erase(exports.begin(), exports.end() - 1);  // the newest only
    }
    if (exports.empty()) {
      return NotFoundError(
          fmt::format("{}: lists no GDELT 2.0 export (*.export.CSV.zip){}", list_url,
                      options.gdelt_from.empty() && options.gdelt_to.empty()
                          ? ""
                          : fmt::format(" from '{}' to '{}'", options.gdelt_from, options.gdelt_to)));
    }
    for (const GdeltListEntry& entry : exports) {
      TOCSIN_ASSIGN_OR_RETURN(const FetchedFile fetched, FetchGdeltExport(store, entry, options));
      if (on_file) on_file(fetched);
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view SourceName(Source source) {
  switch (source) {
    case Source::kUcdp:
      return "ucdp";
    case Source::kGdelt:
      return "gdelt";
    case Source::kEwp:
      return "ewp";
  }
  return "unknown";
}

std::optional<Source> ParseSource(std::string_view name) {
  for (const Source source : {Source::kUcdp, Source::kGdelt, Source::kEwp}) {
    if (SourceName(source) == name) return source;
  }
  return std::nullopt;
}

std::vector<std::string> DefaultUrls(Source source) {
  switch (source) {
    case Source::kUcdp:
      return {std::string(kUcdpGedUrl), std::string(kUcdpCandidateUrl)};
    case Source::kGdelt:
      return {std::string(kGdeltLastUpdateUrl)};
    case Source::kEwp:
      return {std::string(kEwpPanelUrl)};
  }
  return {};
}

Result<FetchedFile> FetchGdeltExport(store::Store& store, const GdeltListEntry& entry,
                                     const FetchOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const std::optional<FetchRecord> known, FindFetched(store, entry.url));
  if (known && known->imported_at && known->bytes == entry.size && known->md5 == entry.md5) {
    FetchedFile fetched;
    fetched.url = entry.url;
    fetched.path = known->path;
    fetched.bytes = known->bytes;
    fetched.already_fetched = true;
    return fetched;
  }
  const std::string destination =
      (fs::path(SourceFolder(options, Source::kGdelt)) / FileNameOfUrl(entry.url)).string();
  TOCSIN_ASSIGN_OR_RETURN(
      const Downloaded downloaded,
      DownloadFile(entry.url, destination, {.size = entry.size, .md5 = entry.md5, .sha256 = {}},
                   options.download));
  FetchedFile fetched = FileOf(downloaded);
  fetched.checksum_checked = true;
  TOCSIN_RETURN_IF_ERROR(RecordFetched(store, RecordOf(Source::kGdelt, downloaded), false));
  if (!options.import) return fetched;
  TOCSIN_ASSIGN_OR_RETURN(fetched.events,
                          ImportEvents(store, downloaded.path, monitor::EventFormat::kGdelt, options));
  TOCSIN_RETURN_IF_ERROR(RecordFetched(store, RecordOf(Source::kGdelt, downloaded), true));
  return fetched;
}

Status FetchSource(store::Store& store, Source source, const FetchOptions& options,
                   const std::function<void(const FetchedFile&)>& on_file) {
  if (source == Source::kGdelt) return FetchGdelt(store, options, on_file);
  const std::vector<std::string> urls = options.urls.empty() ? DefaultUrls(source) : options.urls;
  // What a download must be is known for one file at a time only.
  const Expected expected = urls.size() == 1 ? options.expected : Expected{};
  for (const std::string& url : urls) {
    TOCSIN_ASSIGN_OR_RETURN(const FetchedFile fetched,
                            FetchReleaseFile(store, source, url, expected, options));
    if (on_file) on_file(fetched);
  }
  return Status::Ok();
}

}  // namespace tocsin::fetch
