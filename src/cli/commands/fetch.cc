// tocsin fetch ucdp|gdelt|ewp: download the current public release of a source,
// verify it, and import it.
#include <fmt/format.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>

#include "audit_hooks.h"
#include "command.h"
#include "fetch_output.h"
#include "quarantine_file.h"
#include "tocsin/fetch/sources.h"
#include "tocsin/forecast/specification.h"

namespace tocsin::cli {
namespace {

struct FetchCommandOptions {
  std::string source;  // empty only with --print-sources
  std::vector<std::string> urls;
  std::string sources;  // the sources file; default: tocsin-sources.toml beside the database
  bool print_sources = false;
  std::string directory;  // default: DB.downloads
  bool no_import = false;
  bool keep_extracted = false;
  std::string from;
  std::string to;
  std::uint64_t size = 0;
  std::string md5;
  std::string sha256;
  double timeout_seconds = 60;
  std::uint64_t max_bytes = fetch::DownloadOptions{}.max_bytes;
  std::string cameo;
  std::string data;
  bool any_columns = false;
};

// Set by the first SIGINT or SIGTERM: the download in flight is abandoned and its
// .part file removed. A second signal ends the process at once.
std::atomic<bool> interrupted = false;

void Interrupt(int signal) {
  if (interrupted.exchange(true)) {
    ::signal(signal, SIG_DFL);
    ::raise(signal);
  }
}

void StopDownloadsOnSignals(fetch::DownloadOptions& download) {
  struct sigaction action = {};
  action.sa_handler = Interrupt;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  download.cancelled = [] { return interrupted.load(); };
}

int Fetch(const CommonOptions& common, const FetchCommandOptions& command) {
  if (command.source.empty() && (!command.print_sources || !command.urls.empty())) {
    fmt::print(stderr, "tocsin: error: fetch: name the SOURCE (ucdp, gdelt or ewp){}\n",
               command.urls.empty() ? ", or --print-sources" : " whose --url this is");
    return kExitUsage;
  }
  auto sources = LoadSources(command.sources, common.db);
  if (!sources.ok()) return Fail(sources.status());
  const std::optional<fetch::Source> chosen = fetch::ParseSource(command.source);
  if (chosen && !command.urls.empty()) {
    sources->Urls(*chosen) = {command.urls, fetch::SettingOrigin::kCommandLine};
  }
  if (command.print_sources) {
    fmt::print("{}", fetch::FormatSourcesFile(*sources));
    return kExitOk;
  }
  const fetch::Source source = *chosen;
  fetch::FetchOptions options;
  options.urls = sources->Urls(source).urls;
  if (sources->Urls(source).origin == fetch::SettingOrigin::kFile) {
    fmt::print("{}: URLs from {}.\n", command.source, sources->path);
  }
  options.directory = command.directory.empty() ? DefaultDownloadFolder(common.db) : command.directory;
  options.import = !command.no_import;
  options.keep_extracted = command.keep_extracted;
  options.gdelt_from = command.from;
  options.gdelt_to = command.to;
  if (command.size > 0) options.expected.size = command.size;
  options.expected.md5 = command.md5;
  options.expected.sha256 = command.sha256;
  options.download.read_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(command.timeout_seconds * 1000));
  options.download.max_bytes = command.max_bytes;
  StopDownloadsOnSignals(options.download);
  if (source == fetch::Source::kEwp && !command.any_columns) {
    const forecast::ModelSpecification spec;
    options.panel.required_columns = spec.predictors;
    options.panel.required_columns.insert(options.panel.required_columns.end(), spec.complete_columns.begin(),
                                          spec.complete_columns.end());
    options.panel.required_columns.push_back(spec.target);
    options.panel.binary_columns = spec.outcome_columns;
  }
  std::unique_ptr<monitor::CameoTable> cameo;
  if (source == fetch::Source::kGdelt) {
    auto table = LoadCameoTable(command.cameo, command.data);
    if (!table.ok()) return Fail(table.status());
    cameo = std::move(table).value();
    options.events.reader.cameo = cameo.get();
  }
  // Rejected rows go to a quarantine file beside the downloads, as `import events` does.
  QuarantineFile quarantine(
      (std::filesystem::path(options.directory) / command.source / "quarantine.tsv").string(),
      QuarantineFile::Mode::kAppend);
  options.events.on_rejected = [&](const std::string& file, const monitor::RejectedRow& row) {
    quarantine.Add(file, row);
  };
  TransferProgress progress;
  options.download.on_progress = [&](const fetch::DownloadProgress& report) { progress.Download(report); };
  options.events.on_batch_written = AuditEventBatchesVia("tocsin fetch");
  options.on_panel_written = [](store::Transaction& transaction, const Panel& panel,
                                const store::SavedPanel& saved) {
    return AuditPanel(transaction, panel, saved, "tocsin fetch");
  };
  options.events.on_progress = [&](const monitor::ImportProgress& report) { progress.Import(report); };

  auto store = OpenStore(common, IfMissing::kCreate);
  if (!store.ok()) return Fail(store.status());
  std::size_t files = 0;
  const Status status = fetch::FetchSource(**store, source, options, [&](const fetch::FetchedFile& file) {
    progress.Clear();
    PrintFetchedFile(file);
    ++files;
  });
  progress.Clear();
  if (quarantine.count() > 0) {
    fmt::print("{} rejected rows added to {} (file, line, column, reason).\n", quarantine.count(),
               quarantine.path());
  }
  if (!status.ok()) return Fail(status);
  fmt::print("{}: {} file{} fetched{}.\n", command.source, files, files == 1 ? "" : "s",
             options.import ? " and imported" : " (not imported: --no-import)");
  return kExitOk;
}

std::string DefaultsText() {
  std::string text;
  for (const fetch::Source source : {fetch::Source::kUcdp, fetch::Source::kGdelt, fetch::Source::kEwp}) {
    for (const std::string& url : fetch::DefaultUrls(source))
      text += fmt::format("  {:<6} {}\n", fetch::SourceName(source), url);
  }
  return text;
}

Command RegisterFetch(CLI::App& app, CommonOptions& options) {
  CLI::App* command =
      app.add_subcommand("fetch", "Download a source's current public release, verify it and import it");
  auto settings = std::make_shared<FetchCommandOptions>();
  command
      ->add_option("SOURCE", settings->source,
                   "ucdp (GED + monthly candidates), gdelt (2.0 exports), ewp (panel)")
      ->check(CLI::IsMember({"ucdp", "gdelt", "ewp"}));
  command->add_option("--url", settings->urls,
                      "Download this instead of the sources file's or default URLs (repeatable; gdelt: a "
                      "file list such as lastupdate.txt or masterfilelist.txt)");
  command->add_option("--sources", settings->sources,
                      "Sources file (TOML, below; default: tocsin-sources.toml beside the database when "
                      "present, else the default URLs)");
  command->add_flag("--print-sources", settings->print_sources,
                    "Print the URLs in effect and where each came from, as a sources file; fetch nothing");
  command->add_option("--dir", settings->directory, "Where downloads are stored (default: DB.downloads)");
  command->add_flag("--no-import", settings->no_import, "Download and verify only");
  command->add_flag("--keep-extracted", settings->keep_extracted,
                    "Keep the files unpacked from zips after importing");
  command->add_option(
      "--from", settings->from,
      "gdelt: every export of the list from this time (YYYYMMDDHHMMSS or a prefix, e.g. 20251130)");
  command->add_option("--to", settings->to, "gdelt: ... up to this time (default with --from: the newest)");
  command->add_option("--size", settings->size, "The download must be this many bytes (one --url)");
  command->add_option("--md5", settings->md5, "The download must have this MD5 (one --url)");
  command->add_option("--sha256", settings->sha256, "The download must have this SHA-256 (one --url)");
  command->add_option("--timeout", settings->timeout_seconds, "Seconds without data before a download fails")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option(
          "--max-bytes", settings->max_bytes,
          "The largest download accepted; a larger one (or an endless one) fails and nothing is kept")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option(
      "--cameo", settings->cameo,
      "gdelt: CAMEO table with Goldstein scores (default: DATA/events/gdelt_cameo_goldstein.tsv)");
  command->add_option("--data", settings->data,
                      "Data folder (default: $TOCSIN_DATA_DIR, else ../shared/data)");
  command->add_flag("--any-columns", settings->any_columns,
                    "ewp: accept a panel without the model's columns");
  AddDbOption(command, options);
  command->footer(
      "Examples:\n"
      "  tocsin fetch ucdp                     # GED and this year's candidate events\n"
      "  tocsin fetch gdelt                    # the newest 15-minute export\n"
      "  tocsin fetch gdelt --url http://data.gdeltproject.org/gdeltv2/masterfilelist.txt --from 20251129\n"
      "  tocsin fetch ewp --url https://example.org/prepared2025predictors.csv\n"
      "  tocsin fetch --print-sources > tocsin-sources.toml   # then edit it\n"
      "Default URLs:\n" +
      DefaultsText() +
      "A sources file replaces them: --sources FILE, else tocsin-sources.toml beside the database when\n"
      "it exists. Every section and key is optional (absent: the default); --url overrides the file.\n"
      "  [ucdp]\n"
      "  urls = [\"https://ucdp.uu.se/downloads/ged/ged261-csv.zip\"]\n"
      "  [gdelt]\n"
      "  urls = [\"http://data.gdeltproject.org/gdeltv2/masterfilelist.txt\"]  # lists `fetch gdelt` reads\n"
      "  update_list = \"http://data.gdeltproject.org/gdeltv2/lastupdate.txt\"  # `monitor --gdelt` follows\n"
      "  [ewp]\n"
      "  urls = [\"https://example.org/prepared2025predictors.csv\"]\n"
      "A sources file that is wrong (unknown section or key, not a list, not an http(s) URL) is an\n"
      "error naming the file, line and key, and nothing is fetched.\n"
      "A download goes to DIR/SOURCE/NAME.part and is renamed only when complete and verified: GDELT's\n"
      "size and MD5 from its list, --size/--md5/--sha256 when given. Errors name the URL and the cause\n"
      "(HTTP 404, truncated body, checksum mismatch, timeout); nothing of a failed file is imported.\n"
      "Zips are unpacked and their CSV files imported like `tocsin import events`; the panel like\n"
      "`tocsin import panel`. Fetching the same release again changes nothing; a GDELT export already\n"
      "imported is not downloaded again. To follow GDELT live, see `tocsin monitor --gdelt`.");
  return {command, [&options, settings] { return Fetch(options, *settings); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(25, RegisterFetch);

}  // namespace tocsin::cli
