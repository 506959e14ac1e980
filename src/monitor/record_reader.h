// Splits a delimited text file (CSV per RFC 4180, or tab-separated without
// quoting) into records, streaming, with memory bounded by the longest record
// it accepts. Plain or gzip input (InputFile).
//
// Faults of one record are reported as a `problem()` of that record, so that the
// caller can reject the row and go on: a record longer than the limit (skipped
// without being held in memory), text after a closing quote, invalid UTF-8. Faults
// of the file are errors: a quoted field never closed (truncated file or an
// unbalanced quote), a NUL byte (binary data), a corrupt gzip stream.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "input_file.h"
#include "tocsin/core/result.h"

namespace tocsin::monitor {

inline constexpr std::size_t kDefaultMaxRecordBytes = std::size_t{1} << 20;
inline constexpr std::size_t kDefaultBlockBytes = std::size_t{1} << 20;

struct RecordReaderOptions {
  char delimiter = ',';
  bool quoting = true;  // false: a quote is an ordinary character (GDELT's raw files)
  std::size_t max_record_bytes = kDefaultMaxRecordBytes;
  // Find fields 64 bytes at a time (byte_classes.h); records the fast path does
  // not take (stray quotes, a NUL, the last bytes of the file) go byte by byte,
  // with the same result. false: always byte by byte (tests compare the two).
  bool block_scan = true;
  // Classify blocks with AVX2 where the processor has it; false: SSE2 always
  // (tests compare the two).
  bool avx2 = true;
  // Bytes read from the file at a time (the buffer grows for a longer record).
  // Tests and the fuzz target make it small so that records cross reads.
  std::size_t block_bytes = kDefaultBlockBytes;
};

// Move-only; not thread-safe.
class RecordReader {
 public:
  // Errors: NotFound when the file cannot be opened.
  static Result<RecordReader> Open(const std::string& path, RecordReaderOptions options = {});

  // Advances to the next record, skipping blank lines; false at the end of the
  // file. Errors: DataLoss "FILE:LINE: ..." for the file faults listed above.
  Result<bool> Next();

  // The fields of the current record, unquoted; valid until the next call.
  std::span<const std::string_view> fields() const { return {fields_.data(), field_count_}; }

  // From the next record on, only these columns (counted from 0) are unquoted
  // and kept; the others read as empty. The number of fields and every check of
  // the record (quoting, UTF-8, size) are as before. For a reader that uses a
  // few columns of many: the fast path then finds only where fields end, and
  // checks quoting from the block masks, without looking at each field.
  void KeepOnlyColumns(std::vector<std::size_t> columns);

  // Non-empty when the record could not be read cleanly; says why, naming the
  // column (counted from 1) where it can. fields() may then be empty.
  const std::string& problem() const { return problem_; }
  // True when the record ran to the end of the file without a line end.
  bool ended_without_newline() const { return !ended_by_newline_; }

  // Offset in the (uncompressed) file of the first byte not yet consumed: just
  // after the current record.
  std::uint64_t position() const { return buffer_offset_ + begin_; }
  // Moves to the start of the first line that begins after byte `offset` - 1
  // (to `offset` itself when a line ends just before it), for a reader that
  // takes over part of a file that is not compressed. Lines are then counted
  // from 1 there. Whether that line starts a record (and not text inside a
  // quoted field) is for the caller to establish. Errors: FailedPrecondition
  // for a compressed file.
  Status SeekToLineAt(std::uint64_t offset);
  bool compressed() const { return file_.compressed(); }

  // 1-based line on which the current record starts.
  std::size_t line() const { return record_line_; }
  const std::string& path() const { return file_.path(); }
  std::uint64_t bytes_read() const { return bytes_read_; }  // uncompressed
  // Records the fast path read (the rest went byte by byte): for tests.
  std::uint64_t records_read_in_blocks() const { return records_read_in_blocks_; }
  std::uint64_t disk_offset() const { return file_.disk_offset(); }
  std::uint64_t disk_size() const { return file_.disk_size(); }

 private:
  enum class Scan { kComplete, kNeedMore, kByteByByte };
  static constexpr char kQuote = '"';
  explicit RecordReader(InputFile file, RecordReaderOptions options);

  Result<Scan> ScanRecord();           // splits the record starting at begin_
  Scan ScanRecordInBlocks();           // the fast path; kByteByByte to leave the record to ScanRecord
  template <bool kAvx2>
  Scan ScanRecordInBlocksWith();  // ScanRecordInBlocks, the blocks classified with SSE2 or AVX2
  Scan ScanRecordInBlocksAvx2();
  // After ScanRecordInBlocks: the kept fields from where the record's fields end.
  void MakeFields(std::size_t record_begin, std::size_t count);
  void BlankOtherColumns();  // after the byte-by-byte path, for KeepOnlyColumns
  void FinishRecord(std::size_t record_begin, std::size_t position, std::size_t newlines,
                    bool ended_by_newline);
  Result<bool> Refill();               // false when nothing more could be read
  Status SkipOversizedRecord();        // consumes the record at begin_ without keeping it
  Status CheckRecordText(std::size_t record_begin, std::size_t record_end);
  Status CheckNoNul(std::size_t record_begin, std::size_t record_end) const;  // DataLoss naming the line
  void Unescape();

  InputFile file_;
  RecordReaderOptions options_;
  std::array<bool, 256> stops_{};      // bytes that end an unquoted field
  std::vector<char> buffer_;
  std::uint64_t buffer_offset_ = 0;    // offset in the file of buffer_[0]
  std::size_t begin_ = 0;              // start of the unread data
  std::size_t end_ = 0;                // end of the valid data
  bool end_of_file_ = false;
  bool at_start_ = true;  // nothing read yet (a byte-order mark may follow)
  std::size_t line_ = 1;  // line of the next record
  std::size_t record_line_ = 0;
  std::size_t record_newlines_ = 0;
  bool ended_by_newline_ = true;
  bool blank_ = false;  // the record is an empty line
  std::uint64_t bytes_read_ = 0;
  std::uint64_t records_read_in_blocks_ = 0;
  void AddField(std::string_view field) {
    if (field_count_ == fields_.size()) GrowFields();
    fields_[field_count_++] = field;
  }
  void GrowFields();  // room for more fields
  // Sets problem_ for the first field that is not valid UTF-8, if any.
  void FindInvalidUtf8Field();

  std::vector<std::string_view> fields_;  // the first field_count_ are the record's
  std::size_t field_count_ = 0;
  std::vector<std::size_t> escaped_fields_;  // fields holding doubled quotes
  std::vector<std::size_t> field_ends_;      // fast path: where each field ends (its delimiter or line end)
  std::vector<std::size_t> kept_columns_;    // ascending; empty: every column
  std::vector<char> kept_;                   // by column, for the byte-by-byte path
  std::string problem_;
};

}  // namespace tocsin::monitor
