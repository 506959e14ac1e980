// What the CSV and TSV event readers share: records from a RecordReader, the
// row checks common to every delimited source, and rejections that name the
// line and column.
#pragma once

#include <string>
#include <string_view>

#include "record_reader.h"
#include "tocsin/monitor/calendar.h"
#include "tocsin/monitor/event_reader.h"

namespace tocsin::monitor {

class DelimitedEventReader : public EventReader {
 public:
  std::uint64_t bytes_read() const override { return records_.bytes_read(); }
  std::uint64_t disk_offset() const override { return records_.disk_offset(); }
  std::uint64_t disk_size() const override { return records_.disk_size(); }
  bool can_seek() const override { return !records_.compressed(); }
  std::uint64_t position() const override { return records_.position(); }
  Status SeekToLineAt(std::uint64_t offset) override { return records_.SeekToLineAt(offset); }

 protected:
  enum class RecordStatus { kRecord, kRejected, kEnd };

  DelimitedEventReader(RecordReader records, char delimiter);

  // Advances to the next record holding `expected_fields` fields. kRejected (with
  // `rejected` filled) for a record the reader flagged or of another width.
  // Errors: DataLoss for a last record cut short (a truncated file).
  Result<RecordStatus> NextRecord(std::size_t expected_fields, RejectedRow& rejected);

  // Fills `rejected` for the current record and returns kRejected.
  ReadOutcome Reject(RejectedRow& rejected, std::string_view column, std::string reason) const;
  // Sets `origin` to "FILE:LINE" of the current record, the file by name only
  // (reusing the string's memory: this runs once per row).
  void SetOrigin(std::string& origin) const;

  // The latest day an event may be dated (LatestEventDay when the file was opened).
  DayNumber latest_day() const { return latest_day_; }

  RecordReader& records() { return records_; }
  std::string_view field(std::size_t column) const { return records_.fields()[column]; }

 private:
  RecordReader records_;
  char delimiter_;
  DayNumber latest_day_ = LatestEventDay();
  std::string file_name_;
};

}  // namespace tocsin::monitor
