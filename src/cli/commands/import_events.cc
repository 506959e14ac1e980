// tocsin import events --source ucdp|gdelt|jsonl FILE...: load event data.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "audit_hooks.h"
#include "command.h"
#include "fetch_output.h"
#include "quarantine_file.h"
#include "tocsin/monitor/event_import.h"

namespace tocsin::cli {
namespace {

struct ImportEventsOptions {
  std::string source;
  std::vector<std::string> files;
  bool strict = false;
  bool reimport = false;
  bool dry_run = false;
  std::string quarantine;  // default: next to the database
  std::string cameo;       // default: <data>/events/gdelt_cameo_goldstein.tsv when present
  std::string data;
  std::size_t batch_rows = monitor::EventImportOptions().batch_rows;
};

// "checking FILE: N rows, MB/s, %, ETA" on a terminal line, redrawn at once for
// a new phase or file.
class ProgressLine {
 public:
  void Show(const monitor::ImportProgress& progress) {
    const bool changed = progress.phase != phase_ || progress.file != file_;
    phase_ = progress.phase;
    file_ = progress.file;
    if (!line_.Due(changed)) return;
    if (progress.phase == monitor::ImportPhase::kIndexing) {
      line_.Draw(IndexingLine(progress));
      return;
    }
    constexpr double kShortestPhase = 1e-3;  // seconds; avoids dividing by zero at the start
    const double seconds = std::max(kShortestPhase, progress.seconds);
    const double share =
        progress.disk_size > 0 ? std::min(1.0, static_cast<double>(progress.disk_offset) / progress.disk_size) : 0;
    const double eta = share > 0 ? seconds * (1 - share) / share : 0;
    line_.Draw(fmt::format("{} {}: {} rows, {:.1f} MB/s, {:.0f}%, ETA {:.0f} s",
                           progress.phase == monitor::ImportPhase::kChecking ? "checking" : "writing",
                           std::filesystem::path(*progress.file).filename().string(), progress.rows,
                           static_cast<double>(progress.bytes) / kBytesPerMegabyte / seconds, share * 100,
                           eta));
  }
  void Clear() { line_.Clear(); }

 private:
  TerminalLine line_;
  monitor::ImportPhase phase_ = monitor::ImportPhase::kChecking;
  const std::string* file_ = nullptr;
};

void PrintSummary(const monitor::FileImportSummary& summary, bool dry_run) {
  if (dry_run) {
    fmt::print("{}: {} rows checked: {} rejected, {} filtered; nothing written ({:.1f} MB in {:.2f} s, {:.0f} MB/s).\n",
               summary.file, summary.rows, summary.rejected, summary.filtered,
               static_cast<double>(summary.bytes) / kBytesPerMegabyte, summary.check_seconds,
               static_cast<double>(summary.bytes) / kBytesPerMegabyte / std::max(summary.check_seconds, 1e-9));
    return;
  }
  if (summary.already_imported) {
    fmt::print("{}: identical file already imported; nothing changed.\n", summary.file);
    return;
  }
  const double seconds = summary.check_seconds + summary.write_seconds + summary.index_seconds;
  fmt::print("{}: {} rows: {} inserted, {} updated, {} unchanged, {} rejected, {} filtered "
             "({:.1f} MB in {:.2f} s: check {:.2f} s, write {:.2f} s{}).\n",
             summary.file, summary.rows, summary.written.inserted, summary.written.updated,
             summary.written.unchanged, summary.rejected, summary.filtered,
             static_cast<double>(summary.bytes) / kBytesPerMegabyte, seconds, summary.check_seconds,
             summary.write_seconds,
             summary.bulk_load ? fmt::format(", indexes built after the bulk load {:.2f} s", summary.index_seconds)
                               : "");
}

int ImportEvents(const CommonOptions& common, const ImportEventsOptions& import) {
  monitor::EventImportOptions options;
  options.format = *monitor::ParseEventFormat(import.source);
  options.strict = import.strict;
  options.reimport = import.reimport;
  options.check_only = import.dry_run;
  options.batch_rows = import.batch_rows;
  options.on_batch_written = AuditEventBatchesVia("tocsin import events");

  std::unique_ptr<monitor::CameoTable> cameo;
  if (options.format == monitor::EventFormat::kGdelt) {
    auto table = LoadCameoTable(import.cameo, import.data);
    if (!table.ok()) return Fail(table.status());
    cameo = std::move(table).value();
    options.reader.cameo = cameo.get();
  }

  QuarantineFile quarantine(import.quarantine.empty() ? DefaultQuarantinePath(common.db) : import.quarantine,
                            QuarantineFile::Mode::kReplace);
  if (const Status writable = quarantine.CheckWritable(); !writable.ok()) return Fail(writable);
  ProgressLine progress;
  options.on_rejected = [&](const std::string& file, const monitor::RejectedRow& row) { quarantine.Add(file, row); };
  options.on_progress = [&](const monitor::ImportProgress& report) { progress.Show(report); };

  auto store = OpenStore(common, IfMissing::kCreate);
  if (!store.ok()) return Fail(store.status());
  int exit_code = kExitOk;
  monitor::UpsertCounts total;
  std::uint64_t rejected = 0;
  std::size_t failed_files = 0;
  for (const std::string& file : import.files) {
    const auto summary = monitor::ImportEventFile(**store, file, options);
    progress.Clear();
    if (!summary.ok()) {
      exit_code = Fail(summary.status());
      ++failed_files;
      continue;
    }
    PrintSummary(*summary, import.dry_run);
    total += summary->written;
    rejected += summary->rejected;
  }
  if (import.files.size() > 1) {
    // Each file commits on its own: those before and after a refused one are kept.
    fmt::print("All files: {} inserted, {} updated, {} unchanged, {} rejected{}.\n", total.inserted,
               total.updated, total.unchanged, rejected,
               failed_files == 0 ? std::string()
                                 : fmt::format("; {} of {} files refused, nothing of them imported",
                                               failed_files, import.files.size()));
  }
  if (quarantine.count() > 0) {
    fmt::print("{} rejected rows written to {} (file, line, column, reason).\n", quarantine.count(),
               quarantine.path());
  } else if (!import.dry_run) {
    // The quarantine holds the last import's rejects: an earlier import's would mislead.
    std::error_code ignored;
    std::filesystem::remove(quarantine.path(), ignored);
  }
  return exit_code;
}

Command RegisterImportEvents(CLI::App& app, CommonOptions& options) {
  CLI::App* events = app.get_subcommand("import")->add_subcommand(
      "events", "Import event data: UCDP GED CSV, GDELT exports, or Tocsin's JSON lines (plain or .gz)");
  auto import = std::make_shared<ImportEventsOptions>();
  events->add_option("--source", import->source, "Format of the files")
      ->required()
      ->check(CLI::IsMember({"ucdp", "gdelt", "jsonl"}));
  events->add_option("FILE", import->files, "Files to import")->required()->check(CLI::ExistingFile);
  events->add_flag("--strict", import->strict, "Refuse a file with any rejected row (nothing of it is imported)");
  events->add_flag("--reimport", import->reimport,
                   "Read a file again even if identical bytes were imported before (changes nothing if identical)");
  events->add_flag("--dry-run", import->dry_run, "Check every row and report, write nothing");
  events->add_option(
      "--quarantine", import->quarantine,
      "Where rejected rows are written (default: DB.quarantine.tsv next to the database); it holds the "
      "last import's rejects, and an import that rejects nothing removes it");
  events->add_option("--cameo", import->cameo,
                     "GDELT: CAMEO table with Goldstein scores (default: DATA/events/gdelt_cameo_goldstein.tsv)");
  events->add_option("--data", import->data, "Data folder (default: $TOCSIN_DATA_DIR, else ../shared/data)");
  events->add_option("--batch", import->batch_rows, "Rows per transaction")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  AddDbOption(events, options);
  events->footer(
      "Examples:\n"
      "  tocsin import events --source ucdp ../shared/data/events/ucdp_ged_v23_1_central_african_republic.csv.gz\n"
      "  tocsin import events --source gdelt ../shared/data/events/gdelt2_events_sample_20201113-15.csv.gz\n"
      "Each file is checked completely before it is written: a truncated, binary or wrongly laid out file is\n"
      "refused with file and line and nothing of it is imported. A bad row is written to the quarantine file\n"
      "with its line and reason and the rest is imported (--strict refuses the file instead). Rows are keyed\n"
      "by (source, source id): importing the same data again changes nothing.");
  return {events, [&options, import] { return ImportEvents(options, *import); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(21, RegisterImportEvents);

}  // namespace tocsin::cli
