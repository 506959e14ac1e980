// Series straight from an event file (series.h, AddFileEvents), in parallel
// parts for large files.
#include <algorithm>
#include <limits>
#include <optional>
#include <thread>

#include "tocsin/monitor/series.h"

namespace tocsin::monitor {
namespace {

constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();

enum class Stop : std::uint8_t {
  kEnd,        // the end of the file
  kLimit,      // a row ended exactly at the limit
  kPastLimit,  // a row ran over the limit: it did not start a row
};

struct RowCounts {
  std::uint64_t added = 0;
  std::uint64_t skipped = 0;
};

// Reads rows into `builder` until the end of the file or a row that ends at or
// after `limit`.
Result<Stop> ReadRows(EventReader& reader, SeriesBuilder& builder, std::uint64_t limit, RowCounts& counts) {
  Event event;
  RejectedRow rejected;
  EventSummary summary;
  while (true) {
    const std::uint64_t position = reader.position();
    if (position >= limit) return position == limit ? Stop::kLimit : Stop::kPastLimit;
    TOCSIN_ASSIGN_OR_RETURN(ReadOutcome outcome, reader.Next(event, rejected));
    if (outcome == ReadOutcome::kEnd) return Stop::kEnd;
    if (outcome != ReadOutcome::kEvent) {
      ++counts.skipped;
      continue;
    }
    summary.source = std::move(event.source);
    summary.day = event.date_start;
    summary.country_gw = event.country_gw;
    summary.admin1 = std::move(event.admin1);
    summary.violence_type = event.violence_type;
    summary.fatalities = event.fatalities_best.value_or(0);
    builder.Add(summary);
    ++counts.added;
  }
}

struct Part {
  std::unique_ptr<EventReader> reader;
  std::uint64_t limit = kNoLimit;  // where the next part begins
  std::optional<SeriesBuilder> builder;
  RowCounts counts;
  Status status;
  bool read_to_end = false;  // ran past its limit, so it read the rest of the file itself
};

void ReadPart(Part& part) {
  auto stop = ReadRows(*part.reader, *part.builder, part.limit, part.counts);
  if (stop.ok() && *stop == Stop::kPastLimit) {
    part.read_to_end = true;
    stop = ReadRows(*part.reader, *part.builder, kNoLimit, part.counts);
  }
  part.status = stop.status();
}

Result<std::uint64_t> AddSerially(SeriesBuilder& builder, std::unique_ptr<EventReader> reader,
                                  std::uint64_t* skipped) {
  RowCounts counts;
  TOCSIN_RETURN_IF_ERROR(ReadRows(*reader, builder, kNoLimit, counts).status());
  if (skipped != nullptr) *skipped += counts.skipped;
  return counts.added;
}

}  // namespace

Result<std::uint64_t> AddFileEvents(SeriesBuilder& builder, EventFormat format, const std::string& path,
                                    const EventReaderOptions& options, std::uint64_t* skipped, int threads,
                                    std::uint64_t smallest_part_bytes) {
  EventReaderOptions summary_options = options;
  summary_options.summary_only = true;
  TOCSIN_ASSIGN_OR_RETURN(auto first, OpenEventReader(format, path, summary_options));
  const std::uint64_t size = first->disk_size();
  const auto count = static_cast<std::uint64_t>(std::max(1, threads));
  const std::uint64_t part_count = std::min(count, size / std::max<std::uint64_t>(1, smallest_part_bytes));
  if (part_count < 2 || !first->can_seek()) return AddSerially(builder, std::move(first), skipped);

  std::vector<Part> parts(part_count);
  parts[0].reader = std::move(first);
  std::uint64_t previous_start = parts[0].reader->position();
  std::size_t used = 1;
  for (std::uint64_t k = 1; k < part_count; ++k) {
    TOCSIN_ASSIGN_OR_RETURN(auto reader, OpenEventReader(format, path, summary_options));
    TOCSIN_RETURN_IF_ERROR(reader->SeekToLineAt(size / part_count * k));
    const std::uint64_t start = reader->position();
    if (start <= previous_start || start >= size) continue;  // a line longer than a part
    parts[used - 1].limit = start;
    parts[used].reader = std::move(reader);
    previous_start = start;
    ++used;
  }
  parts.resize(used);
  for (Part& part : parts) part.builder.emplace(builder.Sibling());

  std::vector<std::thread> workers;
  for (std::size_t k = 1; k < parts.size(); ++k) workers.emplace_back(ReadPart, std::ref(parts[k]));
  ReadPart(parts[0]);
  for (std::thread& worker : workers) worker.join();

  // Parts in file order, up to one that read on to the end. A fault found by a
  // later part is reported by a single reader, which names the right line.
  SeriesBuilder combined = builder.Sibling();
  RowCounts total;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    Part& part = parts[k];
    if (!part.status.ok()) {
      if (k == 0) return part.status;
      TOCSIN_ASSIGN_OR_RETURN(auto reader, OpenEventReader(format, path, summary_options));
      return AddSerially(builder, std::move(reader), skipped);
    }
    combined.Merge(std::move(*part.builder));
    total.added += part.counts.added;
    total.skipped += part.counts.skipped;
    if (part.read_to_end) break;
  }
  builder.Merge(std::move(combined));
  if (skipped != nullptr) *skipped += total.skipped;
  return total.added;
}

}  // namespace tocsin::monitor
