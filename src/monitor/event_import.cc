#include "tocsin/monitor/event_import.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <vector>

#include "tocsin/core/panel.h"
#include "tocsin/core/time.h"

namespace tocsin::monitor {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kRowsPerProgressReport = 1 << 14;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void Report(const EventImportOptions& options, const std::string& path, ImportPhase phase, std::uint64_t rows,
            const EventReader& reader) {
  if (!options.on_progress) return;
  options.on_progress(
      {&path, phase, rows, reader.bytes_read(), reader.disk_offset(), reader.disk_size()});
}

Result<std::optional<std::int64_t>> FindImport(store::Store& store, const std::string& hash) {
  std::optional<std::int64_t> id;
  const std::vector<store::Value> params = {hash};
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    return transaction.Query("SELECT id FROM event_imports WHERE data_hash = ?", params, [&](const store::Row& row) {
      id = row.Integer(0);
      return Status::Ok();
    });
  }));
  return id;
}

// The first pass: every row read and checked, nothing written.
Status Check(const std::string& path, const EventImportOptions& options, FileImportSummary& summary) {
  const auto start = Clock::now();
  TOCSIN_ASSIGN_OR_RETURN(auto reader, OpenEventReader(options.format, path, options.reader));
  Event event;
  RejectedRow rejected;
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(ReadOutcome outcome, reader->Next(event, rejected));
    if (outcome == ReadOutcome::kEnd) break;
    ++summary.rows;
    if (outcome == ReadOutcome::kFiltered) ++summary.filtered;
    if (outcome == ReadOutcome::kRejected) {
      ++summary.rejected;
      if (options.strict) {
        return InvalidArgumentError(fmt::format("{}:{}: {}{}{} (--strict: nothing of the file was imported)", path,
                                                rejected.line, rejected.column, rejected.column.empty() ? "" : ": ",
                                                rejected.reason));
      }
      if (options.on_rejected) options.on_rejected(path, rejected);
    }
    if (summary.rows % kRowsPerProgressReport == 0) Report(options, path, ImportPhase::kChecking, summary.rows, *reader);
  }
  Report(options, path, ImportPhase::kChecking, summary.rows, *reader);
  summary.bytes = reader->bytes_read();
  summary.check_seconds = SecondsSince(start);
  return Status::Ok();
}

Status RecordImport(store::Transaction& transaction, const std::string& path, const std::string& hash,
                    const EventImportOptions& options, const FileImportSummary& summary) {
  const std::vector<store::Value> params = {
      std::string(EventFormatName(options.format)),
      std::filesystem::path(path).filename().string(),
      hash,
      static_cast<std::int64_t>(summary.rows),
      summary.written.inserted,
      summary.written.updated,
      summary.written.unchanged,
      static_cast<std::int64_t>(summary.rejected),
      static_cast<std::int64_t>(summary.filtered),
      NowUtc()};
  return transaction
      .Execute("INSERT INTO event_imports (format, file_name, data_hash, rows_read, inserted, updated, unchanged, "
               "rejected, filtered, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               params)
      .status();
}

// The second pass: accepted rows written batch by batch; the import recorded
// with the last batch unless it was recorded before.
Status Write(store::Store& store, const std::string& path, const std::string& hash, bool recorded,
             const EventImportOptions& options, FileImportSummary& summary) {
  const auto start = Clock::now();
  TOCSIN_ASSIGN_OR_RETURN(auto reader, OpenEventReader(options.format, path, options.reader));
  std::vector<Event> batch(std::max<std::size_t>(options.batch_rows, 1));
  std::size_t filled = 0;
  std::uint64_t rows = 0;
  RejectedRow rejected;
  bool done = false;
  while (!done) {
    TOCSIN_ASSIGN_OR_RETURN(ReadOutcome outcome, reader->Next(batch[filled], rejected));
    if (outcome == ReadOutcome::kEnd) done = true;
    if (outcome != ReadOutcome::kEnd) ++rows;
    if (outcome == ReadOutcome::kEvent) ++filled;
    if (filled < batch.size() && !done) continue;
    TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
      TOCSIN_ASSIGN_OR_RETURN(UpsertCounts counts, UpsertEvents(transaction, std::span(batch.data(), filled)));
      summary.written += counts;
      if (done && !recorded) return RecordImport(transaction, path, hash, options, summary);
      return Status::Ok();
    }));
    filled = 0;
    Report(options, path, ImportPhase::kWriting, rows, *reader);
  }
  summary.write_seconds = SecondsSince(start);
  return Status::Ok();
}

}  // namespace

Result<FileImportSummary> ImportEventFile(store::Store& store, const std::string& path,
                                          const EventImportOptions& options) {
  FileImportSummary summary;
  summary.file = path;
  TOCSIN_ASSIGN_OR_RETURN(std::string hash, Sha256File(path));
  TOCSIN_ASSIGN_OR_RETURN(std::optional<std::int64_t> previous, FindImport(store, hash));
  if (previous && !options.reimport) {
    summary.already_imported = true;
    return summary;
  }
  TOCSIN_RETURN_IF_ERROR(Check(path, options, summary));
  TOCSIN_RETURN_IF_ERROR(Write(store, path, hash, previous.has_value(), options, summary));
  return summary;
}

}  // namespace tocsin::monitor
