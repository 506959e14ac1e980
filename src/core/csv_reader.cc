#include "tocsin/core/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

namespace tocsin {
namespace {

constexpr std::size_t kBlockSize = 1 << 16;
constexpr int kEndOfInput = -1;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

CsvReader::CsvReader(CsvReader&& other) noexcept { *this = std::move(other); }

CsvReader& CsvReader::operator=(CsvReader&& other) noexcept {
  if (this != &other) {
    if (file_ != nullptr) std::fclose(file_);
    name_ = std::move(other.name_);
    options_ = std::move(other.options_);
    file_ = std::exchange(other.file_, nullptr);
    buffer_ = std::move(other.buffer_);
    position_ = other.position_;
    end_of_input_ = other.end_of_input_;
    bytes_read_ = other.bytes_read_;
    line_ = other.line_;
    record_line_ = other.record_line_;
    header_ = std::move(other.header_);
    fields_ = std::move(other.fields_);
  }
  return *this;
}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<CsvReader> CsvReader::Open(const std::string& path, CsvOptions options) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return NotFoundError(fmt::format("{}: cannot open file", path));
  CsvReader reader;
  reader.name_ = path;
  reader.options_ = std::move(options);
  reader.file_ = file;
  TOCSIN_ASSIGN_OR_RETURN(bool has_header, reader.ReadRecord());
  if (!has_header) return DataLossError(fmt::format("{}: the file is empty (no header row)", path));
  reader.header_ = reader.fields_;
  return reader;
}

Result<CsvReader> CsvReader::FromString(std::string name, std::string text, CsvOptions options) {
  CsvReader reader;
  reader.name_ = std::move(name);
  reader.options_ = std::move(options);
  reader.buffer_ = std::move(text);
  reader.end_of_input_ = true;
  if (reader.buffer_.starts_with(kByteOrderMark)) reader.position_ = kByteOrderMark.size();
  TOCSIN_ASSIGN_OR_RETURN(bool has_header, reader.ReadRecord());
  if (!has_header) return DataLossError(fmt::format("{}: the file is empty (no header row)", reader.name_));
  reader.header_ = reader.fields_;
  return reader;
}

bool CsvReader::FillBuffer() {
  if (end_of_input_ || file_ == nullptr) return false;
  buffer_.erase(0, position_);
  position_ = 0;
  const std::size_t old_size = buffer_.size();
  buffer_.resize(old_size + kBlockSize);
  const std::size_t got = std::fread(buffer_.data() + old_size, 1, kBlockSize, file_);
  buffer_.resize(old_size + got);
  if (got == 0) {
    end_of_input_ = true;
    return false;
  }
  if (bytes_read_ == 0 && buffer_.starts_with(kByteOrderMark)) position_ = kByteOrderMark.size();
  bytes_read_ += got;
  return true;
}

Result<bool> CsvReader::ReadRecord() {
  auto peek = [this]() -> int {
    if (position_ >= buffer_.size() && !FillBuffer()) return kEndOfInput;
    return static_cast<unsigned char>(buffer_[position_]);
  };
  // Lines end at LF, CRLF or a lone CR (as records do), so that a file saved with
  // CR line ends is located as an editor shows it.
  auto get = [&]() -> int {
    const int c = peek();
    if (c != kEndOfInput) ++position_;
    if (c == '\n' || (c == '\r' && peek() != '\n')) ++line_;
    return c;
  };

  // Blank lines between records carry no data.
  while (peek() == '\n' || peek() == '\r') get();
  if (peek() == kEndOfInput) return false;

  record_line_ = line_;
  std::size_t count = 0;
  bool record_done = false;
  bool ended_by_newline = false;
  while (!record_done) {
    if (count == fields_.size()) fields_.emplace_back();
    std::string& field = fields_[count++];
    field.clear();
    if (peek() == '"') {
      get();
      const std::size_t opened_on = line_;
      while (true) {
        const int c = get();
        if (c == kEndOfInput) {
          return DataLossError(fmt::format("{}:{}:{}: quoted field opened here is never closed (truncated file?)",
                                           name_, opened_on, count));
        }
        if (c == '"') {
          if (peek() == '"') {
            get();
            field.push_back('"');
            continue;
          }
          break;
        }
        field.push_back(static_cast<char>(c));
      }
      const int after = peek();
      if (after == options_.delimiter) {
        get();
      } else if (after == '\r' || after == '\n') {
        if (get() == '\r' && peek() == '\n') get();
        record_done = ended_by_newline = true;
      } else if (after == kEndOfInput) {
        record_done = true;
      } else {
        return InvalidArgumentError(fmt::format("{}:{}:{}: unexpected character '{}' after a closing quote",
                                                name_, line_, count, static_cast<char>(after)));
      }
      continue;
    }
    while (true) {
      const int c = get();
      if (c == options_.delimiter) break;
      if (c == '\n' || c == kEndOfInput) {
        record_done = true;
        ended_by_newline = c == '\n';
        break;
      }
      if (c == '\r') {
        if (peek() == '\n') get();
        record_done = ended_by_newline = true;
        break;
      }
      field.push_back(static_cast<char>(c));
    }
  }
  fields_.resize(count);
  if (!header_.empty() && count != header_.size()) {
    if (!ended_by_newline && count < header_.size()) {
      return DataLossError(fmt::format("{}:{}: last record has {} fields, the header has {} (truncated file?)",
                                       name_, record_line_, count, header_.size()));
    }
    return InvalidArgumentError(fmt::format("{}:{}: record has {} fields, the header has {}", name_,
                                            record_line_, count, header_.size()));
  }
  return true;
}

Result<bool> CsvReader::Next() { return ReadRecord(); }

Result<std::size_t> CsvReader::Column(std::string_view column) const {
  const auto found = std::find(header_.begin(), header_.end(), column);
  if (found == header_.end()) return NotFoundError(fmt::format("{}: no column '{}' in the header", name_, column));
  return static_cast<std::size_t>(found - header_.begin());
}

Result<std::vector<std::size_t>> CsvReader::Columns(const std::vector<std::string>& columns) const {
  std::vector<std::size_t> indexes;
  std::vector<std::string> missing;
  for (const std::string& column : columns) {
    const auto index = Column(column);
    if (index.ok()) {
      indexes.push_back(*index);
    } else if (const std::string quoted = "'" + column + "'";
               std::find(missing.begin(), missing.end(), quoted) == missing.end()) {
      missing.push_back(quoted);  // a column asked for twice is missing once
    }
  }
  if (!missing.empty()) {
    return NotFoundError(fmt::format("{}: missing column{} {}", name_, missing.size() > 1 ? "s" : "",
                                     fmt::join(missing, ", ")));
  }
  return indexes;
}

bool CsvReader::IsMissing(std::size_t column) const {
  const std::string_view text = Trim(fields_[column]);
  if (text.empty()) return true;
  return std::any_of(options_.missing_values.begin(), options_.missing_values.end(),
                     [&](const std::string& missing) { return text == missing; });
}

std::string CsvReader::Location(std::size_t column) const {
  const std::string_view column_name = column < header_.size() ? std::string_view(header_[column]) : "";
  return fmt::format("{}:{}:{} ({})", name_, record_line_, column + 1, column_name);
}

Result<std::optional<double>> CsvReader::OptionalNumber(std::size_t column) const {
  if (IsMissing(column)) return std::optional<double>();
  const std::string_view text = Trim(fields_[column]);
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) {
    return InvalidArgumentError(fmt::format("{}: '{}' is not a number", Location(column), text));
  }
  return std::optional<double>(value);
}

Result<double> CsvReader::Number(std::size_t column) const {
  TOCSIN_ASSIGN_OR_RETURN(std::optional<double> value, OptionalNumber(column));
  if (!value) return InvalidArgumentError(fmt::format("{}: value is missing", Location(column)));
  return *value;
}

Result<std::int64_t> CsvReader::Integer(std::size_t column) const {
  TOCSIN_ASSIGN_OR_RETURN(double value, Number(column));
  if (value != std::trunc(value) || std::abs(value) > 9.0e15) {
    return InvalidArgumentError(fmt::format("{}: '{}' is not a whole number", Location(column), Field(column)));
  }
  return static_cast<std::int64_t>(value);
}

Result<int> CsvReader::IntegerIn(std::size_t column, int minimum, int maximum) const {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t value, Integer(column));
  if (value < minimum || value > maximum) {
    return InvalidArgumentError(
        fmt::format("{}: {} is outside {}..{}", Location(column), Trim(fields_[column]), minimum, maximum));
  }
  return static_cast<int>(value);
}

}  // namespace tocsin
