// Readers that turn a source's file into Events, one row at a time, streaming
// with memory bounded by the longest row (not the file). Plain or gzip files.
//
//   ucdp   UCDP GED CSV of any version: columns found by header name, so the
//          41-column 19.1 extracts and the 49-column 23.1 layout both read;
//          type_of_violence 1/2/3 -> state-based / non-state / one-sided.
//   gdelt  GDELT 1.0 (57 or 58 columns) and 2.0 (61 columns) raw tab-separated
//          exports, and CSV exports with a header whose columns follow the 2.0
//          order (the processed sample); see cameo.h for the CAMEO mapping.
//   jsonl  one JSON object per line in Tocsin's event format (jsonl_format.h).
//
// A bad row is returned as a RejectedRow (line, column, reason) and reading goes
// on; a fault of the whole file (wrong columns, a cut-off or binary file, an
// unclosed quote, corrupt gzip) is an error naming the file and line.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tocsin/core/country_registry.h"
#include "tocsin/core/result.h"
#include "tocsin/monitor/cameo.h"
#include "tocsin/monitor/event.h"

namespace tocsin::monitor {

enum class EventFormat : std::uint8_t { kUcdp, kGdelt, kJsonLines };

std::string_view EventFormatName(EventFormat format);  // "ucdp", "gdelt", "jsonl"
std::optional<EventFormat> ParseEventFormat(std::string_view name);

struct RejectedRow {
  std::size_t line = 0;
  std::string column;  // the column at fault, or empty when it is the row as a whole
  std::string reason;
  std::string text;    // the row, abbreviated, for the quarantine file
};

enum class ReadOutcome : std::uint8_t {
  kEvent,     // `event` holds the row
  kRejected,  // `rejected` says why the row cannot be used
  kFiltered,  // a valid row the source's mapping leaves out (a GDELT event that is
              // neither violence nor protest, or placed outside every registry state)
  kEnd,
};

struct EventReaderOptions {
  const CountryRegistry* registry = &CountryRegistry::Default();  // not owned; must outlive the reader
  // GDELT: Goldstein scores by CAMEO code; codes it lacks, or a nullptr, keep
  // the file's own GoldsteinScale. Not owned.
  const CameoTable* cameo = nullptr;
  // A longer row is rejected without being held in memory.
  std::size_t max_row_bytes = std::size_t{1} << 20;
  // Fill only what an EventSummary holds (source, ids, dates, place, violence
  // type, fatalities), leaving actors, text and origin empty; every row is still
  // checked in full, so the same rows are rejected, but a rejected row's text
  // then shows only the columns the summary reads. Readers may ignore it.
  bool summary_only = false;
};

// Not thread-safe; one reader per thread.
class EventReader {
 public:
  virtual ~EventReader() = default;
  // Reads the next row. Errors: faults of the whole file, as "FILE:LINE: why".
  virtual Result<ReadOutcome> Next(Event& event, RejectedRow& rejected) = 0;
  virtual std::uint64_t bytes_read() const = 0;   // uncompressed bytes consumed
  virtual std::uint64_t disk_offset() const = 0;  // file bytes consumed (progress)
  virtual std::uint64_t disk_size() const = 0;

  // For reading one file with several readers, each from its own part (readers
  // of CSV and TSV files that are not compressed; the others say no):
  // whether this reader can, the offset of the first byte after the current
  // row, and a move to the first line starting at or after `offset` (lines in
  // rejections are then counted from there).
  virtual bool can_seek() const { return false; }
  virtual std::uint64_t position() const { return 0; }
  virtual Status SeekToLineAt(std::uint64_t /*offset*/) {
    return FailedPreconditionError("this reader reads its file from start to end only");
  }
};

// Opens `path` and reads its header. Errors: NotFound when it cannot be opened;
// InvalidArgument naming every missing column when the header is not the
// format's; DataLoss when the file is empty or not text.
Result<std::unique_ptr<EventReader>> OpenEventReader(EventFormat format, const std::string& path,
                                                     const EventReaderOptions& options = {});

}  // namespace tocsin::monitor
