// RecordReader's fast path: a record found 64 bytes at a time from bit masks of
// its delimiters, quotes and line ends (byte_classes.h), for records whose
// quoting is well-formed. Anything else is left to the byte-by-byte path in
// record_reader.cc, which gives the same fields and names the faults.
#include <string_view>

#include "byte_classes.h"
#include "record_reader.h"
#include "utf8.h"

namespace tocsin::monitor {

template <bool kAvx2>
[[gnu::always_inline]] inline RecordReader::Scan RecordReader::ScanRecordInBlocksWith() {
  const char* data = buffer_.data();
  const bool quoting = options_.quoting;
  const std::size_t record_begin = begin_;
  std::size_t newlines = 0;  // line feeds inside quoted fields
  bool non_ascii = false;
  bool inside = false;               // whether the previous block ended inside quotes
  bool field_at_start = true;        // the block's first byte starts a field
  bool quote_closed_at_end = false;  // the previous block ended with a closing quote
  std::size_t count = 0;             // fields found
  for (std::size_t block = begin_;; block += kBlockWidth) {
    // The last bytes read so far: whether the record ends in them, or more must
    // be read, or it is too long, is for the byte-by-byte path to say.
    if (block + kBlockWidth > end_) return Scan::kByteByByte;
    if (block - record_begin > options_.max_record_bytes) return Scan::kByteByByte;
    if (count + kBlockWidth > field_ends_.size()) field_ends_.resize(2 * field_ends_.size() + kBlockWidth);
#if defined(TOCSIN_BYTE_CLASSES_AVX2)
    const ByteClasses classes = kAvx2 ? ClassifyBlockAvx2(data + block, options_.delimiter)
                                      : ClassifyBlock(data + block, options_.delimiter);
#else
    const ByteClasses classes = ClassifyBlock(data + block, options_.delimiter);
#endif
    if (classes.nul) return Scan::kByteByByte;  // ScanRecord names the line
    const std::uint64_t quoted =
        quoting ? PrefixParity(classes.quote) ^ (inside ? ~std::uint64_t{0} : 0) : std::uint64_t{0};
    inside = (quoted >> 63) != 0;
    const std::uint64_t line_ends = classes.line_break & ~quoted;
    // The bytes of this record: up to its line end.
    const std::uint64_t mine =
        line_ends == 0 ? ~std::uint64_t{0} : BitsThrough(static_cast<unsigned>(__builtin_ctzll(line_ends)));
    const std::uint64_t delimiters = classes.delimiter & ~quoted;
    if (quoting && ((classes.quote & mine) != 0 || quote_closed_at_end)) {
      // Well-formed quoting: a quote that opens (or reopens) quoted text stands
      // at the start of a field or just after a closing quote (a doubled quote);
      // a closing quote is followed by a delimiter, a line end or another quote.
      // Anything else (a stray quote, text after a closing quote) is left to the
      // byte-by-byte path, so that the answer does not depend on the path taken.
      const std::uint64_t opening = classes.quote & quoted & mine;
      const std::uint64_t closing = classes.quote & ~quoted & mine;
      const std::uint64_t starts = (delimiters << 1) | (field_at_start ? 1 : 0);
      const std::uint64_t after_closing = (closing << 1) | (quote_closed_at_end ? 1 : 0);
      const std::uint64_t may_follow = classes.delimiter | classes.line_break | classes.quote;
      const std::uint64_t bad_opening = opening & ~(starts | after_closing);
      const std::uint64_t bad_closing = closing & ~(may_follow >> 1) & ~(std::uint64_t{1} << 63);
      if (bad_opening != 0 || bad_closing != 0 || (quote_closed_at_end && (may_follow & 1) == 0)) {
        return Scan::kByteByByte;
      }
      quote_closed_at_end = (closing >> 63) != 0;
    }
    field_at_start = (delimiters >> 63) != 0;
    std::size_t* ends = field_ends_.data();
    for (std::uint64_t separators = delimiters & mine; separators != 0; separators &= separators - 1) {
      ends[count++] = block + static_cast<unsigned>(__builtin_ctzll(separators));
    }
    if (line_ends != 0) {
      const auto bit = static_cast<unsigned>(__builtin_ctzll(line_ends));
      const std::size_t at = block + bit;
      ends[count++] = at;
      std::size_t after = at + 1;
      if (data[at] == '\r') {
        if (after == end_ && !end_of_file_) return Scan::kByteByByte;  // "\r\n" may be cut in two
        if (after < end_ && data[after] == '\n') ++after;
      }
      if ((classes.line_break & quoted & mine) != 0)
        newlines += CountSparseBits(LineFeeds(data + block) & quoted & mine);
      // (bytes >= 0x80 after the line end, in the next record, cost a needless check here)
      non_ascii = non_ascii || classes.non_ascii;
      if (after - record_begin > options_.max_record_bytes) return Scan::kByteByByte;
      // Without bytes >= 0x80 the record is ASCII, hence valid UTF-8; invalid
      // UTF-8 is for the byte-by-byte path to name the column of.
      if (non_ascii && FindInvalidUtf8(std::string_view(data + record_begin, at - record_begin)) !=
                           std::string_view::npos) {
        return Scan::kByteByByte;
      }
      escaped_fields_.clear();
      problem_.clear();
      MakeFields(record_begin, count);
      Unescape();
      FinishRecord(record_begin, after, newlines + 1, true);
      ++records_read_in_blocks_;
      return Scan::kComplete;
    }
    if ((classes.line_break & quoted) != 0) newlines += CountSparseBits(LineFeeds(data + block) & quoted);
    non_ascii = non_ascii || classes.non_ascii;
  }
}

// AVX2 classifies a block in half the instructions; the rest of the scan is the
// same code, compiled a second time for such processors (with BMI's bit
// instructions and POPCNT, which every AVX2 processor has).
RecordReader::Scan RecordReader::ScanRecordInBlocks() {
#if defined(TOCSIN_BYTE_CLASSES_AVX2)
  static const bool kCpuHasAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
                                  __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
  if (kCpuHasAvx2 && options_.avx2) return ScanRecordInBlocksAvx2();
#endif
  return ScanRecordInBlocksWith<false>();
}

#if defined(TOCSIN_BYTE_CLASSES_AVX2)
// flatten: the scan and the AVX2 classification inlined, all compiled for AVX2.
__attribute__((target("avx2,bmi,bmi2,popcnt"), flatten)) RecordReader::Scan
RecordReader::ScanRecordInBlocksAvx2() {
  return ScanRecordInBlocksWith<true>();
}
#else
RecordReader::Scan RecordReader::ScanRecordInBlocksAvx2() {
  return ScanRecordInBlocksWith<false>();
}
#endif

// The masks have shown the quoting well-formed: a field that begins with a quote
// ends with one, and holds no other quotes but doubled ones.
void RecordReader::MakeFields(std::size_t record_begin, std::size_t count) {
  while (fields_.size() < count) GrowFields();
  const char* data = buffer_.data();
  const std::size_t* ends = field_ends_.data();
  const bool quoting = options_.quoting;
  const auto make = [&](std::size_t column) {
    const std::size_t start = column == 0 ? record_begin : ends[column - 1] + 1;
    const std::size_t length = ends[column] - start;
    if (quoting && length > 0 && data[start] == kQuote) {
      const std::string_view inner(data + start + 1, length - 2);
      if (inner.find(kQuote) != std::string_view::npos) escaped_fields_.push_back(column);
      fields_[column] = inner;
    } else {
      fields_[column] = std::string_view(data + start, length);
    }
  };
  field_count_ = count;
  // An empty line: one field, empty or "".
  const std::size_t first_length = ends[0] - record_begin;
  blank_ =
      count == 1 && (first_length == 0 || (quoting && first_length == 2 && data[record_begin] == kQuote));
  if (kept_columns_.empty()) {
    for (std::size_t column = 0; column < count; ++column) make(column);
    return;
  }
  for (const std::size_t column : kept_columns_) {
    if (column >= count) break;
    make(column);
  }
}

}  // namespace tocsin::monitor
