// Importing event files into the store: checked completely, then written in
// batches, each batch one durable transaction.
//
// A file is read twice. The first pass checks every row and reports rejected
// rows; a fault of the whole file (truncated, binary, wrong columns) stops the
// import there, and with `strict` any rejected row stops it at the end of the
// pass (every rejected row reported), before anything is written.
// The second pass writes the accepted rows in batches (UpsertEvents), so a
// re-import changes nothing, and records the file (by SHA-256) with its last
// batch: a file already recorded is skipped without being read again.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "tocsin/monitor/event_reader.h"
#include "tocsin/monitor/event_repository.h"
#include "tocsin/store/store.h"

namespace tocsin::monitor {

enum class ImportPhase : std::uint8_t { kChecking, kWriting, kIndexing };

struct ImportProgress {
  const std::string* file = nullptr;
  ImportPhase phase = ImportPhase::kChecking;
  std::uint64_t rows = 0;         // rows read so far in this phase
  std::uint64_t bytes = 0;        // uncompressed bytes read so far in this phase
  std::uint64_t disk_offset = 0;  // of disk_size: the share of the phase done
  std::uint64_t disk_size = 0;
  double seconds = 0;             // since the phase began
};

struct EventImportOptions {
  EventFormat format = EventFormat::kUcdp;
  EventReaderOptions reader;
  bool strict = false;            // a rejected row fails the file, and nothing of it is written
  bool reimport = false;          // read a file again even if identical bytes were imported before
  bool check_only = false;        // only the first pass: check and count, write nothing
  // Rows per transaction. Three batches are in memory at once (one read ahead,
  // one queued, one written): 20,000 keeps a GED import near 100 MB.
  std::size_t batch_rows = 20000;
  // A bulk load: a file with at least this many rows to write, into a store
  // that holds fewer events than that, is written without the events' secondary
  // indexes, which are built again at the end (RestoreEventIndexes); 0: never.
  std::uint64_t bulk_load_rows = 100000;
  // Called with every rejected row during the check (for the quarantine file).
  std::function<void(const std::string& file, const RejectedRow& row)> on_rejected;
  // Fill FileImportSummary::countries (the live path re-evaluates only those).
  bool collect_countries = false;
  // Called every few thousand rows and at the end of each phase.
  std::function<void(const ImportProgress&)> on_progress;
  // Called inside each batch's transaction with what the batch wrote, for the
  // audit entry that must commit with it. An error rolls the batch back.
  std::function<Status(store::Transaction&, const std::string& file, const UpsertCounts& batch)> on_batch_written;
};

struct FileImportSummary {
  std::string file;
  bool already_imported = false;  // identical bytes were imported before; nothing was read
  std::uint64_t rows = 0;         // data rows in the file
  UpsertCounts written;
  std::uint64_t rejected = 0;
  std::uint64_t filtered = 0;
  std::uint64_t bytes = 0;        // uncompressed
  double check_seconds = 0;
  double write_seconds = 0;
  bool bulk_load = false;   // written without the secondary indexes, built again after
  double index_seconds = 0;  // building them
  std::set<int> countries;  // of the rows written, with collect_countries
};

// Imports one file. Errors: the reader's errors for faults of the whole file
// (nothing written); InvalidArgument "FILE:LINE: COLUMN: REASON; and N more
// (--strict)" naming the first rejected row under `strict` (nothing written, every
// rejected row reported to on_rejected); the store's errors
// (batches committed before the failure stay, and a re-run completes the file).
Result<FileImportSummary> ImportEventFile(store::Store& store, const std::string& path,
                                          const EventImportOptions& options);

}  // namespace tocsin::monitor
