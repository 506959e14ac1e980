// The CSV reader of panels and fold files on any bytes: it must end (records, a
// located error, or the end of the file), never read outside its record, and read
// the same from a file, in blocks, as from the same text in memory.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "tocsin/core/csv_reader.h"

namespace tocsin {
namespace {

std::vector<std::string> Read(Result<CsvReader> reader) {
  std::vector<std::string> lines;
  if (!reader.ok()) {
    lines.push_back("open: " + reader.status().ToString());
    return lines;
  }
  const std::size_t columns = reader->header().size();
  if (columns == 0) fuzz::Violated("a header without columns was accepted");
  std::string header;
  for (const std::string& name : reader->header()) {
    header += name;
    header += '\x1f';
    auto column = reader->Column(name);
    if (!column.ok() || *column >= columns) fuzz::Violated("a header name does not find its column");
  }
  lines.push_back(header);
  for (;;) {
    auto more = reader->Next();
    if (!more.ok()) {
      lines.push_back("error: " + more.status().ToString());
      return lines;
    }
    if (!*more) return lines;
    std::string record = std::to_string(reader->line());
    for (std::size_t column = 0; column < columns; ++column) {
      record += '\x1f';
      record += reader->Field(column);
      record += reader->IsMissing(column) ? "?" : "";
      auto number = reader->OptionalNumber(column);
      record +=
          number.ok() ? (number->has_value() ? std::to_string(**number) : "NA") : number.status().ToString();
      (void)reader->Integer(column);
      (void)reader->Location(column);
    }
    lines.push_back(std::move(record));
  }
}

}  // namespace
}  // namespace tocsin

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tocsin::fuzz::FuzzInput input(data, size);
  tocsin::CsvOptions options;
  static constexpr char kDelimiters[] = {',', '\t', ';', '|'};
  options.delimiter = kDelimiters[input.Byte() & 3];
  const std::string text(input.Rest());
  const tocsin::fuzz::ScratchFile file(text, ".csv");
  const auto from_memory = tocsin::Read(tocsin::CsvReader::FromString(file.path(), text, options));
  const auto from_file = tocsin::Read(tocsin::CsvReader::Open(file.path(), options));
  if (from_memory != from_file)
    tocsin::fuzz::Violated("the CSV reader reads a file and the same text differently");
  return 0;
}
