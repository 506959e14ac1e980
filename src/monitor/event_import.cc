#include "tocsin/monitor/event_import.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
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

void Report(const EventImportOptions& options, const std::string& path, std::uint64_t rows, const EventReader& reader,
            Clock::time_point start) {
  if (!options.on_progress) return;
  options.on_progress({&path, ImportPhase::kChecking, rows, reader.bytes_read(), reader.disk_offset(),
                       reader.disk_size(), SecondsSince(start)});
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
  std::optional<RejectedRow> first_rejected;
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(ReadOutcome outcome, reader->Next(event, rejected));
    if (outcome == ReadOutcome::kEnd) break;
    ++summary.rows;
    if (outcome == ReadOutcome::kFiltered) ++summary.filtered;
    if (outcome == ReadOutcome::kRejected) {
      ++summary.rejected;
      if (!first_rejected) first_rejected = rejected;
      // Under --strict too, so that every bad row can be fixed in one go.
      if (options.on_rejected) options.on_rejected(path, rejected);
    }
    if (summary.rows % kRowsPerProgressReport == 0) Report(options, path, summary.rows, *reader, start);
  }
  if (options.strict && first_rejected) {
    return InvalidArgumentError(fmt::format(
        "{}:{}: {}{}{}{} (--strict: nothing of the file was imported)", path, first_rejected->line,
        first_rejected->column, first_rejected->column.empty() ? "" : ": ", first_rejected->reason,
        summary.rejected > 1 ? fmt::format("; and {} more rejected rows", summary.rejected - 1) : ""));
  }
  Report(options, path, summary.rows, *reader, start);
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
      .Execute(
          "INSERT INTO event_imports (format, file_name, data_hash, rows_read, inserted, updated, unchanged, "
          "rejected, filtered, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          // The same file imported twice at once: both runs' events are
          // the same rows, and the first to finish records the file.
          "ON CONFLICT (data_hash) DO NOTHING",
          params)
      .status();
}

// A batch on its way from the reading thread to the writing one.
struct Batch {
  PreparedEvents events;
  std::uint64_t rows = 0;  // rows read so far, this batch's included
  std::uint64_t bytes = 0;  // the reader's position, for progress reports
  std::uint64_t disk_offset = 0;
  std::uint64_t disk_size = 0;
  bool last = false;
  Status status;           // a read error ends the pass
};

// Hands batches from one producer to one consumer, holding at most `capacity`,
// so memory stays at a few batches whatever the file's size.
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t capacity) : capacity_(capacity) {}

  // False when the consumer has stopped (it failed); the batch is dropped.
  bool Push(Batch batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return batches_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }

  Batch Pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !batches_.empty(); });
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    changed_.notify_all();
    return batch;
  }

  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> batches_;
  bool stopped_ = false;
};

// Batches already written, handed back so that the next ones reuse their
// memory: the rows' strings keep their buffers, and neither thread allocates
// or frees per row once the first few batches exist.
class SpareBatches {
 public:
  void Give(Batch batch) {
    std::lock_guard lock(mutex_);
    if (spares_.size() < kMostKept) spares_.push_back(std::move(batch));
  }
  Batch Take() {
    std::lock_guard lock(mutex_);
    if (spares_.empty()) return Batch();
    Batch batch = std::move(spares_.back());
    spares_.pop_back();
    return batch;
  }

 private:
  static constexpr std::size_t kMostKept = 1;
  std::mutex mutex_;
  std::vector<Batch> spares_;
};

Batch FailedBatch(Status status) {
  Batch batch;
  batch.last = true;
  batch.status = std::move(status);
  return batch;
}

// Reads the file, preparing batches of accepted rows (hashed, laid out as rows).
void ProduceBatches(const std::string& path, const EventImportOptions& options, BatchQueue& queue,
                    SpareBatches& spares) {
  auto reader = OpenEventReader(options.format, path, options.reader);
  if (!reader.ok()) {
    queue.Push(FailedBatch(reader.status()));
    return;
  }
  std::vector<Event> events(std::max<std::size_t>(options.batch_rows, 1));
  std::size_t filled = 0;
  std::uint64_t rows = 0;
  RejectedRow rejected;
  bool done = false;
  while (!done) {
    const auto outcome = (*reader)->Next(events[filled], rejected);
    if (!outcome.ok()) {
      queue.Push(FailedBatch(outcome.status()));
      return;
    }
    done = *outcome == ReadOutcome::kEnd;
    if (!done) ++rows;
    if (*outcome == ReadOutcome::kEvent) ++filled;
    if (filled < events.size() && !done) continue;
    Batch batch = spares.Take();
    PrepareEvents(std::span(events.data(), filled), batch.events);
    batch.rows = rows;
    batch.bytes = (*reader)->bytes_read();
    batch.disk_offset = (*reader)->disk_offset();
    batch.disk_size = (*reader)->disk_size();
    batch.last = done;
    filled = 0;
    if (!queue.Push(std::move(batch))) return;
  }
}

// The second pass: one thread reads and prepares batches while this one writes
// them, each in its own transaction; the import is recorded with the last batch
// unless it was recorded before.
Status Write(store::Store& store, const std::string& path, const std::string& hash, bool recorded,
             const EventImportOptions& options, FileImportSummary& summary) {
  const auto start = Clock::now();
  // One batch being written, one queued, one being read and one spare: the
  // reader (the faster side) stays a batch ahead and memory at four batches.
  constexpr std::size_t kQueuedBatches = 1;
  BatchQueue queue(kQueuedBatches);
  SpareBatches spares;
  std::thread producer([&] { ProduceBatches(path, options, queue, spares); });
  Status status;
  while (true) {
    Batch batch = queue.Pop();
    status = batch.status;
    if (status.ok() && options.collect_countries) {
      constexpr std::size_t kGwColumn = 5;  // in PreparedEvents' column order
      for (const auto& row : batch.events.rows) {
        summary.countries.insert(static_cast<int>(std::get<std::int64_t>(row[kGwColumn])));
      }
    }
    if (status.ok()) {
      status = store.Write([&](store::Transaction& transaction) -> Status {
        TOCSIN_ASSIGN_OR_RETURN(UpsertCounts counts, UpsertPrepared(transaction, batch.events));
        if (options.on_batch_written) TOCSIN_RETURN_IF_ERROR(options.on_batch_written(transaction, path, counts));
        summary.written += counts;
        if (batch.last && !recorded) return RecordImport(transaction, path, hash, options, summary);
        return Status::Ok();
      });
    }
    if (options.on_progress) {
      options.on_progress({&path, ImportPhase::kWriting, batch.rows, batch.bytes, batch.disk_offset, batch.disk_size,
                           SecondsSince(start)});
    }
    if (!status.ok() || batch.last) break;
    spares.Give(std::move(batch));
  }
  queue.Stop();
  producer.join();
  summary.write_seconds = SecondsSince(start);
  return status;
}

}  // namespace

Result<FileImportSummary> ImportEventFile(store::Store& store, const std::string& path,
                                          const EventImportOptions& options) {
  FileImportSummary summary;
  summary.file = path;
  if (options.check_only) {
    TOCSIN_RETURN_IF_ERROR(Check(path, options, summary));
    return summary;
  }
  // Repairs the indexes of a bulk load that was interrupted (nothing when both exist).
  TOCSIN_RETURN_IF_ERROR(RestoreEventIndexes(store));
  TOCSIN_ASSIGN_OR_RETURN(std::string hash, Sha256File(path));
  TOCSIN_ASSIGN_OR_RETURN(std::optional<std::int64_t> previous, FindImport(store, hash));
  if (previous && !options.reimport) {
    summary.already_imported = true;
    return summary;
  }
  TOCSIN_RETURN_IF_ERROR(Check(path, options, summary));
  const std::uint64_t to_write = summary.rows - summary.rejected - summary.filtered;
  if (options.bulk_load_rows > 0 && to_write >= options.bulk_load_rows) {
    TOCSIN_ASSIGN_OR_RETURN(summary.bulk_load, HasFewerEventsThan(store, static_cast<std::int64_t>(to_write)));
  }
  if (summary.bulk_load) TOCSIN_RETURN_IF_ERROR(store.Write(DropEventIndexes));
  const Status written = Write(store, path, hash, previous.has_value(), options, summary);
  Status indexed;
  if (summary.bulk_load) {
    // Built again whether or not the writing succeeded: the batches committed
    // before a failure stay, and queries on them need the indexes.
    const auto start = Clock::now();
    if (options.on_progress) {
      options.on_progress({&path, ImportPhase::kIndexing, summary.rows, summary.bytes, 0, 0, 0});
    }
    indexed = RestoreEventIndexes(store);
    summary.index_seconds = SecondsSince(start);
  }
  TOCSIN_RETURN_IF_ERROR(written);
  TOCSIN_RETURN_IF_ERROR(indexed);
  return summary;
}

}  // namespace tocsin::monitor
