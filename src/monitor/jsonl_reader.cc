#include "jsonl_reader.h"

#include <fmt/format.h>

#include "delimited_event_reader.h"
#include "tocsin/monitor/jsonl_format.h"

namespace tocsin::monitor {
namespace {

// Lines are split by the record reader with quoting off. Its delimiter is a
// control character that valid JSON never holds raw, so a line whose text has
// one splits in two and is rejected as not JSON.
constexpr char kNeverInJson = '\x1f';
constexpr std::size_t kOneField = 1;

class JsonLinesReader final : public DelimitedEventReader {
 public:
  JsonLinesReader(RecordReader records, const EventReaderOptions& options)
      : DelimitedEventReader(std::move(records), kNeverInJson), options_(options) {}

  Result<ReadOutcome> Next(Event& event, RejectedRow& rejected) override {
    TOCSIN_ASSIGN_OR_RETURN(RecordStatus status, NextRecord(kOneField, rejected));
    if (status == RecordStatus::kEnd) return ReadOutcome::kEnd;
    if (status == RecordStatus::kRejected) {
      rejected.reason = "not valid JSON: " + rejected.reason;
      return ReadOutcome::kRejected;
    }
    const Status parsed = ParseJsonEvent(field(0), *options_.registry, event);
    if (!parsed.ok()) {
      // A last line without its line end that is not JSON was cut off: the file
      // is incomplete, and importing the rest would pass for the whole.
      if (records().ended_without_newline() && parsed.message().starts_with("not valid JSON")) {
        return DataLossError(
            fmt::format("{}:{}: the last line is cut off (no line end, not complete JSON): "
                        "truncated file?",
                        records().path(), records().line()));
      }
      return Reject(rejected, "", parsed.message());
    }
    SetOrigin(event.origin);
    return ReadOutcome::kEvent;
  }

 private:
  EventReaderOptions options_;
};

}  // namespace

Result<std::unique_ptr<EventReader>> OpenJsonLinesReader(const std::string& path, const EventReaderOptions& options) {
  RecordReaderOptions record_options;
  record_options.delimiter = kNeverInJson;
  record_options.quoting = false;
  record_options.max_record_bytes = options.max_row_bytes;
  TOCSIN_ASSIGN_OR_RETURN(RecordReader records, RecordReader::Open(path, record_options));
  return std::unique_ptr<EventReader>(std::make_unique<JsonLinesReader>(std::move(records), options));
}

}  // namespace tocsin::monitor
