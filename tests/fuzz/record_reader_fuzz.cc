// The event files' record splitter read several ways that must agree: 64-byte
// blocks classified with AVX2, the same with SSE2, byte by byte, and both again
// reading the file a few bytes at a time so that records cross reads. Every
// record's fields, line, problem and end, every error, and the position after each
// record must be the same. The first three bytes of the input choose the
// delimiter, quoting, the record size limit, a set of kept columns and the small
// read size; the rest is the file.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "record_reader.h"

namespace tocsin::monitor {
namespace {

struct Reading {
  std::vector<std::string> records;  // each record as a printable summary, in order
  std::string end;                   // how the reading ended
};

Reading Read(const std::string& path, RecordReaderOptions options, const std::vector<std::size_t>& kept) {
  Reading reading;
  auto reader = RecordReader::Open(path, options);
  if (!reader.ok()) {
    reading.end = "open: " + reader.status().ToString();
    return reading;
  }
  if (!kept.empty()) reader->KeepOnlyColumns(kept);
  for (int guard = 0; guard < 1 << 20; ++guard) {
    auto more = reader->Next();
    if (!more.ok()) {
      reading.end = "error: " + more.status().ToString();
      return reading;
    }
    if (!*more) {
      reading.end = "end at " + std::to_string(reader->position());
      return reading;
    }
    std::string record = std::to_string(reader->line()) + "|" + reader->problem() + "|" +
                         (reader->ended_without_newline() ? "open" : "closed") + "|" +
                         std::to_string(reader->position()) + "|" + std::to_string(reader->fields().size());
    for (const std::string_view field : reader->fields()) {
      record += '\x1f';
      record += field;
    }
    reading.records.push_back(std::move(record));
  }
  fuzz::Violated("record reader did not reach the end of a finite file");
}

// The error without its line: "FILE:LINE: why" -> "FILE: why".
std::string WithoutLine(const std::string& end) {
  const std::size_t why = end.find(": NUL byte");
  if (why == std::string::npos) return end;
  const std::size_t colon = end.rfind(':', why - 1);
  return colon == std::string::npos ? end : end.substr(0, colon) + end.substr(why);
}

// A NUL byte fails the file as binary as soon as a read brings it in (in the first
// read, before any record), so how many records come before that error depends on
// the read size: there the records of one reading need only begin the other's.
// Its line is then counted without the quoting (a lone CR inside quotes is a line
// there, not in a record), so only the error's kind must agree.
bool Agree(const Reading& a, const Reading& b) {
  if (a.records == b.records && a.end == b.end) return true;
  if (a.end.find("NUL byte") == std::string::npos || WithoutLine(a.end) != WithoutLine(b.end)) return false;
  const auto& shorter = a.records.size() < b.records.size() ? a.records : b.records;
  const auto& longer = a.records.size() < b.records.size() ? b.records : a.records;
  return std::equal(shorter.begin(), shorter.end(), longer.begin());
}

void Compare(const Reading& a, const Reading& b, const char* what) {
  if (Agree(a, b)) return;
  for (const Reading* reading : {&a, &b}) {
    std::fprintf(stderr, "--- %zu records\n", reading->records.size());
    for (const std::string& record : reading->records) std::fprintf(stderr, "%s\n", record.c_str());
    std::fprintf(stderr, "%s\n", reading->end.c_str());
  }
  fuzz::Violated(what);
}

}  // namespace
}  // namespace tocsin::monitor

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tocsin::monitor;
  tocsin::fuzz::FuzzInput input(data, size);
  const std::uint8_t shape = input.Byte();
  const std::uint8_t columns = input.Byte();
  const std::size_t small_block = 1 + input.Byte() % 96;
  RecordReaderOptions options;
  static constexpr char kDelimiters[] = {',', '\t', ';', '|'};
  options.delimiter = kDelimiters[shape & 3];
  options.quoting = (shape & 4) == 0;
  if ((shape & 8) != 0) options.max_record_bytes = 16 + (shape >> 4) * 8;
  std::vector<std::size_t> kept;
  for (std::size_t column = 0; column < 8; ++column) {
    if ((columns & (1u << column)) != 0) kept.push_back(column);
  }
  const tocsin::fuzz::ScratchFile file(input.Rest(), ".csv");

  // The whole file in one read, as the default 1 MiB does for any file the
  // fuzzer makes, without allocating and clearing 1 MiB per reading.
  options.block_bytes = std::max<std::size_t>(input.Rest().size() + 1, 4096);
  options.block_scan = true;
  options.avx2 = true;
  const Reading avx2 = Read(file.path(), options, kept);
  options.avx2 = false;
  const Reading sse2 = Read(file.path(), options, kept);
  options.block_scan = false;
  const Reading bytes = Read(file.path(), options, kept);
  options.block_bytes = small_block;
  const Reading bytes_small = Read(file.path(), options, kept);
  options.block_scan = true;
  options.avx2 = true;
  const Reading blocks_small = Read(file.path(), options, kept);

  Compare(avx2, sse2, "AVX2 and SSE2 block scans read the file differently");
  Compare(sse2, bytes, "block scan and byte-by-byte scan read the file differently");
  Compare(bytes, bytes_small, "the byte-by-byte scan reads differently when records cross reads");
  Compare(avx2, blocks_small, "the block scan reads differently when records cross reads");
  return 0;
}
