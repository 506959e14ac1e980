#include "record_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "utf8.h"

namespace tocsin::monitor {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::size_t kFirstFields = 64;  // room for the fields of most records

}  // namespace

RecordReader::RecordReader(InputFile file, RecordReaderOptions options)
    : file_(std::move(file)), options_(options) {
  options_.block_bytes = std::max<std::size_t>(options_.block_bytes, 1);
  buffer_.resize(options_.block_bytes);
  stops_[static_cast<unsigned char>(options_.delimiter)] = true;
  stops_['\n'] = true;
  stops_['\r'] = true;
}

Result<RecordReader> RecordReader::Open(const std::string& path, RecordReaderOptions options) {
  TOCSIN_ASSIGN_OR_RETURN(InputFile file, InputFile::Open(path));
  return RecordReader(std::move(file), options);
}

Result<bool> RecordReader::Refill() {
  if (end_of_file_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    buffer_offset_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const auto read = file_.Read(buffer_.data() + end_, buffer_.size() - end_);
  if (!read.ok()) return read.status().WithContext(fmt::format("{}:{}", path(), line_));
  const std::size_t got = *read;
  if (got == 0) {
    end_of_file_ = true;
    return false;
  }
  end_ += got;
  // Reads so short that a record ended before the third byte leave the start
  // behind: no byte-order mark can follow, and lines no longer count from here.
  if (at_start_ && buffer_offset_ != 0) at_start_ = false;
  // A text file has no NUL bytes; say "binary" at once rather than whatever the
  // first record's bytes happen to break.
  if (at_start_) {
    if (const void* nul = std::memchr(buffer_.data(), '\0', end_); nul != nullptr) {
      // Lines end as records do: at LF, CRLF or a lone CR.
      const auto* first = static_cast<const char*>(buffer_.data());
      const auto* last = static_cast<const char*>(nul);
      std::size_t line = 1 + std::count(first, last, '\n');
      for (const char* c = first; c < last; ++c) {
        if (*c == '\r' && (c + 1 == last || c[1] != '\n')) ++line;
      }
      return DataLossError(fmt::format("{}:{}: NUL byte: binary data, not a text file", path(), line));
    }
  }
  if (at_start_ && end_ >= kByteOrderMark.size()) {
    at_start_ = false;
    if (std::string_view(buffer_.data(), kByteOrderMark.size()) == kByteOrderMark) begin_ = kByteOrderMark.size();
  }
  return true;
}

Status RecordReader::SeekToLineAt(std::uint64_t offset) {
  const std::uint64_t from = offset == 0 ? 0 : offset - 1;
  TOCSIN_RETURN_IF_ERROR(file_.Seek(from));
  buffer_offset_ = from;
  begin_ = end_ = 0;
  end_of_file_ = false;
  at_start_ = false;
  line_ = 1;
  if (offset == 0) return Status::Ok();
  while (true) {
    if (begin_ == end_) {
      TOCSIN_ASSIGN_OR_RETURN(bool more, Refill());
      if (!more) return Status::Ok();
    }
    const void* found = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
    if (found != nullptr) {
      begin_ = static_cast<std::size_t>(static_cast<const char*>(found) - buffer_.data()) + 1;
      return Status::Ok();
    }
    begin_ = end_;
  }
}

Result<bool> RecordReader::Next() {
  while (true) {
    if (begin_ == end_) {
      TOCSIN_ASSIGN_OR_RETURN(bool more, Refill());
      if (!more) return false;
      continue;
    }
    TOCSIN_ASSIGN_OR_RETURN(Scan scan, ScanRecord());
    if (scan == Scan::kNeedMore) {
      // More bytes than the limit and still no whole record: too long. (Exactly
      // the limit may be a whole record waiting for the byte after its '\r'.)
      if (end_ - begin_ > options_.max_record_bytes) {
        TOCSIN_RETURN_IF_ERROR(SkipOversizedRecord());
        return true;
      }
      TOCSIN_ASSIGN_OR_RETURN(bool more, Refill());
      (void)more;  // at the end of the file ScanRecord completes what is there
      continue;
    }
    if (!blank_) return true;
  }
}

void RecordReader::KeepOnlyColumns(std::vector<std::size_t> columns) {
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  kept_.assign(columns.empty() ? 0 : columns.back() + 1, 0);
  for (const std::size_t column : columns) kept_[column] = 1;
  kept_columns_ = std::move(columns);
  // Columns not kept are never written by the fast path: empty from here on.
  std::fill(fields_.begin(), fields_.end(), std::string_view());
}

void RecordReader::BlankOtherColumns() {
  if (kept_columns_.empty()) return;
  for (std::size_t column = 0; column < field_count_; ++column) {
    if (column >= kept_.size() || kept_[column] == 0) fields_[column] = std::string_view();
  }
}

void RecordReader::FinishRecord(std::size_t record_begin, std::size_t position, std::size_t newlines,
                                bool ended_by_newline) {
  record_line_ = line_;
  record_newlines_ = newlines;
  line_ += newlines;
  ended_by_newline_ = ended_by_newline;
  bytes_read_ += position - record_begin;
  begin_ = position;
}

Result<RecordReader::Scan> RecordReader::ScanRecord() {
  if (options_.block_scan) {
    const Scan scan = ScanRecordInBlocks();
    if (scan != Scan::kByteByByte) return scan;
  }
  char* data = buffer_.data();
  const char delimiter = options_.delimiter;
  const std::size_t record_begin = begin_;
  std::size_t position = begin_;
  std::size_t newlines = 0;
  bool ended_by_newline = false;
  field_count_ = 0;
  escaped_fields_.clear();
  problem_.clear();
  // Columns not kept read as empty however this scan ends: the fast path never
  // writes them, so a scan cut short here (more to read, a record too long) must
  // not leave them pointing into the buffer, which a refill moves.
  struct BlankOnExit {
    RecordReader* reader;
    ~BlankOnExit() { reader->BlankOtherColumns(); }
  } blank_on_exit{this};

  // Consumes the line end at `at` ('\n', '\r' or "\r\n"); kNeedMore when a '\r'
  // is the last byte read so far.
  auto end_line = [&](std::size_t at) -> bool {
    if (data[at] == '\r' && at + 1 == end_ && !end_of_file_) return false;
    position = at + 1;
    if (data[at] == '\r' && position < end_ && data[position] == '\n') ++position;
    ++newlines;
    ended_by_newline = true;
    return true;
  };

  while (true) {
    std::size_t field_start = position;
    if (options_.quoting && position < end_ && data[position] == kQuote) {
      std::size_t search = position + 1;
      bool escaped = false;
      std::size_t close = 0;
      while (true) {
        const void* found = std::memchr(data + search, kQuote, end_ - search);
        if (found == nullptr) {
          if (!end_of_file_) return Scan::kNeedMore;
          // Binary data is the likelier fault, and the one named however the file was read.
          TOCSIN_RETURN_IF_ERROR(CheckNoNul(record_begin, end_));
          return DataLossError(fmt::format("{}:{}:{}: quoted field opened here is never closed (unbalanced quote or "
                                           "truncated file)",
                                           path(), line_ + newlines, field_count_ + 1));
        }
        const std::size_t at = static_cast<const char*>(found) - data;
        if (at + 1 == end_ && !end_of_file_) return Scan::kNeedMore;
        if (at + 1 < end_ && data[at + 1] == kQuote) {
          escaped = true;
          search = at + 2;
          continue;
        }
        close = at;
        break;
      }
      newlines += std::count(data + position + 1, data + close, '\n');
      const std::size_t after = close + 1;
      if (after == end_ || data[after] == delimiter || data[after] == '\n' || data[after] == '\r') {
        if (escaped) escaped_fields_.push_back(field_count_);
        AddField(std::string_view(data + position + 1, close - position - 1));
        if (after == end_) {  // the file ends with this field, without a line end
          position = after;
          break;
        }
        if (data[after] == delimiter) {
          position = after + 1;
          continue;
        }
        if (!end_line(after)) return Scan::kNeedMore;
        break;
      }
      // Text after a closing quote: keep the field's raw text and let the caller reject the row.
      if (problem_.empty()) {
        problem_ = fmt::format("column {}: unexpected character after a closing quote", field_count_ + 1);
      }
      position = after;
    }
    std::size_t stop = position;
    while (stop < end_ && !stops_[static_cast<unsigned char>(data[stop])]) ++stop;
    if (stop == end_) {
      if (!end_of_file_) return Scan::kNeedMore;
      AddField(std::string_view(data + field_start, stop - field_start));
      position = stop;
      break;
    }
    AddField(std::string_view(data + field_start, stop - field_start));
    if (data[stop] == delimiter) {
      position = stop + 1;
      continue;
    }
    if (!end_line(stop)) return Scan::kNeedMore;
    break;
  }

  if (position - record_begin > options_.max_record_bytes) return Scan::kNeedMore;
  TOCSIN_RETURN_IF_ERROR(CheckRecordText(record_begin, position));
  blank_ =
      field_count_ == 1 && fields_[0].empty() && escaped_fields_.empty() && problem_.empty() && newlines > 0;
  Unescape();
  FinishRecord(record_begin, position, newlines, ended_by_newline);
  return Scan::kComplete;
}

Status RecordReader::CheckNoNul(std::size_t record_begin, std::size_t record_end) const {
  const std::string_view record(buffer_.data() + record_begin, record_end - record_begin);
  if (const std::size_t nul = record.find('\0'); nul != std::string_view::npos) {
    const std::size_t line = line_ + std::count(record.begin(), record.begin() + nul, '\n');
    return DataLossError(fmt::format("{}:{}: NUL byte: binary data, not a text file", path(), line));
  }
  return Status::Ok();
}

Status RecordReader::CheckRecordText(std::size_t record_begin, std::size_t record_end) {
  TOCSIN_RETURN_IF_ERROR(CheckNoNul(record_begin, record_end));
  const std::string_view record(buffer_.data() + record_begin, record_end - record_begin);
  if (problem_.empty() && FindInvalidUtf8(record) != std::string_view::npos) FindInvalidUtf8Field();
  return Status::Ok();
}

void RecordReader::FindInvalidUtf8Field() {
  for (std::size_t column = 0; column < field_count_; ++column) {
    const std::size_t offset = FindInvalidUtf8(fields_[column]);
    if (offset != std::string_view::npos) {
      problem_ = fmt::format("column {}: invalid UTF-8 at byte {} of the field", column + 1, offset + 1);
      return;
    }
  }
}

void RecordReader::GrowFields() {
  fields_.resize(2 * fields_.size() + kFirstFields);
}

void RecordReader::Unescape() {
  for (std::size_t index : escaped_fields_) {
    std::string_view field = fields_[index];
    char* out = const_cast<char*>(field.data());  // the field lies in buffer_, which this reader owns
    std::size_t written = 0;
    for (std::size_t i = 0; i < field.size(); ++i) {
      out[written++] = field[i];
      if (field[i] == kQuote && i + 1 < field.size() && field[i + 1] == kQuote) ++i;
    }
    fields_[index] = std::string_view(out, written);
  }
}

Status RecordReader::SkipOversizedRecord() {
  const std::size_t opened_on = line_;
  std::size_t newlines = 0;
  std::uint64_t skipped = 0;
  bool at_field_start = true;
  bool in_quotes = false;
  bool after_quote = false;  // just left a quoted field: a quote here is an escaped quote
  bool done = false;
  while (!done) {
    if (begin_ == end_) {
      TOCSIN_ASSIGN_OR_RETURN(bool more, Refill());
      if (!more) {
        if (in_quotes) {
          return DataLossError(fmt::format("{}:{}: quoted field opened in this record is never closed "
                                           "(unbalanced quote or truncated file)",
                                           path(), opened_on));
        }
        break;
      }
    }
    const char c = buffer_[begin_++];
    ++skipped;
    if (c == '\0') return DataLossError(fmt::format("{}:{}: NUL byte: binary data, not a text file", path(),
                                                    opened_on + newlines));
    if (c == '\n') ++newlines;
    if (in_quotes) {
      if (c == kQuote) {
        in_quotes = false;
        after_quote = true;
      }
      continue;
    }
    if (after_quote && c == kQuote) {
      in_quotes = true;
      after_quote = false;
      continue;
    }
    after_quote = false;
    if (options_.quoting && at_field_start && c == kQuote) {
      in_quotes = true;
      at_field_start = false;
    } else if (c == options_.delimiter) {
      at_field_start = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r') {
        ++newlines;
        // "\r\n" may be cut in two by a read: bring in the byte after the '\r'.
        if (begin_ == end_) TOCSIN_RETURN_IF_ERROR(Refill().status());
        if (begin_ < end_ && buffer_[begin_] == '\n') ++begin_;
      }
      done = true;
    } else {
      at_field_start = false;
    }
  }
  field_count_ = 0;
  escaped_fields_.clear();
  blank_ = false;
  problem_ = fmt::format("record of {} bytes is longer than the limit of {} bytes", skipped,
                         options_.max_record_bytes);
  record_line_ = opened_on;
  record_newlines_ = newlines;
  line_ += newlines;
  ended_by_newline_ = done;
  bytes_read_ += skipped;
  // The buffer grew to hold the start of this record; give the memory back.
  if (buffer_.size() > options_.block_bytes && begin_ == end_) {
    buffer_offset_ += begin_;  // position() stays where the record ended
    begin_ = end_ = 0;
    buffer_.resize(options_.block_bytes);
    buffer_.shrink_to_fit();
  }
  return Status::Ok();
}

}  // namespace tocsin::monitor
