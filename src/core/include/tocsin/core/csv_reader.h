// A streaming CSV reader (RFC 4180) that addresses columns by header name.
//
// Accepts quoted fields holding delimiters, newlines and doubled quotes, a UTF-8
// byte-order mark, and CRLF or LF line ends. Reads the file in fixed-size blocks,
// so memory stays bounded by the longest record, not the file. Every error names
// the file, the line and the column: "panel.csv:12:7 (year): 'abc' is not a number".
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin {

struct CsvOptions {
  char delimiter = ',';
  // Cell texts read as missing (after unquoting); an empty cell is always missing.
  std::vector<std::string> missing_values = {"NA"};
};

class CsvReader {
 public:
  // Opens `path` and reads its header row. Errors: NotFound when the file cannot
  // be opened, DataLoss when it is empty or its header is cut off.
  static Result<CsvReader> Open(const std::string& path, CsvOptions options = {});
  // Reads CSV held in memory; `name` stands for the file in error messages.
  static Result<CsvReader> FromString(std::string name, std::string text, CsvOptions options = {});

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  const std::string& name() const { return name_; }
  const std::vector<std::string>& header() const { return header_; }

  // Index of the column named `column`, or NotFound "FILE: no column 'x'".
  Result<std::size_t> Column(std::string_view column) const;
  // Indexes of all `columns`; the error names every missing one.
  Result<std::vector<std::size_t>> Columns(const std::vector<std::string>& columns) const;

  // Advances to the next record. Returns false at the end of the file. Errors:
  // DataLoss for a quoted field left open at the end of the file (truncated) or a
  // last record cut short; InvalidArgument for a record whose number of fields
  // differs from the header's.
  Result<bool> Next();

  // The current record (valid after Next() returned true).
  std::string_view Field(std::size_t column) const { return fields_[column]; }
  bool IsMissing(std::size_t column) const;
  // The cell as a number; InvalidArgument naming file:line:column when it is not one
  // or is missing.
  Result<double> Number(std::size_t column) const;
  // The cell as a number, or nullopt when missing.
  Result<std::optional<double>> OptionalNumber(std::size_t column) const;
  Result<std::int64_t> Integer(std::size_t column) const;
  // A whole number from `minimum` to `maximum`; outside them an error that names
  // the place and the range, never a value cut down to fit an int.
  Result<int> IntegerIn(std::size_t column, int minimum, int maximum) const;

  // 1-based line on which the current record starts (the header is line 1).
  std::size_t line() const { return record_line_; }
  // "FILE:LINE:COLUMN (name)" for the current record, columns counted from 1.
  std::string Location(std::size_t column) const;
  // Bytes consumed so far (for progress reporting).
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  CsvReader() = default;
  Result<bool> ReadRecord();  // fills fields_
  bool FillBuffer();

  std::string name_;
  CsvOptions options_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  std::size_t position_ = 0;
  bool end_of_input_ = false;
  std::uint64_t bytes_read_ = 0;
  std::size_t line_ = 1;         // line of the next character
  std::size_t record_line_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string> fields_;
};

}  // namespace tocsin
