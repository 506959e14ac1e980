#include "delimited_event_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

#include "field_values.h"

namespace tocsin::monitor {

DelimitedEventReader::DelimitedEventReader(RecordReader records, char delimiter)
    : records_(std::move(records)),
      delimiter_(delimiter),
      file_name_(std::filesystem::path(records_.path()).filename().string()) {}

Result<DelimitedEventReader::RecordStatus> DelimitedEventReader::NextRecord(std::size_t expected_fields,
                                                                            RejectedRow& rejected) {
  TOCSIN_ASSIGN_OR_RETURN(bool more, records_.Next());
  if (!more) return RecordStatus::kEnd;
  if (!records_.problem().empty()) {
    Reject(rejected, "", records_.problem());
    return RecordStatus::kRejected;
  }
  const std::size_t count = records_.fields().size();
  if (count == expected_fields) return RecordStatus::kRecord;
  if (records_.ended_without_newline() && count < expected_fields) {
    return DataLossError(fmt::format("{}:{}: last record has {} fields, the header has {} (truncated file?)",
                                     records_.path(), records_.line(), count, expected_fields));
  }
  Reject(rejected, "", fmt::format("record has {} fields, expected {}", count, expected_fields));
  return RecordStatus::kRejected;
}

ReadOutcome DelimitedEventReader::Reject(RejectedRow& rejected, std::string_view column, std::string reason) const {
  rejected.line = records_.line();
  rejected.column = std::string(column);
  rejected.reason = std::move(reason);
  rejected.text = AbbreviateRow(records_.fields(), delimiter_);
  return ReadOutcome::kRejected;
}

void DelimitedEventReader::SetOrigin(std::string& origin) const {
  constexpr std::size_t kDigits = 24;
  char line[kDigits];
  const auto [end, error] = std::to_chars(line, line + kDigits, records_.line());
  origin.assign(file_name_);
  origin.push_back(':');
  origin.append(line, error == std::errc() ? end : line);
}

}  // namespace tocsin::monitor
