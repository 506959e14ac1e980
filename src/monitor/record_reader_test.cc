// RecordReader's fast path (64 bytes at a time) must read every file exactly as
// the byte-by-byte path does: the same records, fields, problems, lines, errors
// and positions. Random files mix every shape the two paths treat differently.
#include "record_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "test_fixtures.h"

namespace tocsin::monitor {
namespace {

using testing::ScratchFile;

// One field of a random shape; `delimiter` is the file's.
std::string RandomField(std::mt19937& random, char delimiter, bool quoting) {
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const auto word = [&](int length) {
    std::string text;
    for (int i = 0; i < length; ++i) text.push_back(static_cast<char>('a' + pick(26)));
    return text;
  };
  switch (pick(quoting ? 18 : 9)) {
    case 0:
      return "";
    case 1:
      return "NA";
    case 2:
      return word(1 + pick(90));  // long enough to cross a 64-byte block
    case 3:
      return "caf\xC3\xA9";  // valid UTF-8
    case 4:
      return "bad\xFF" + word(2);  // invalid UTF-8
    case 5:
      return word(2) + "\"" + word(2);  // a quote in an unquoted field (text, for this reader)
    case 6:
      return std::to_string(pick(100000));
    case 7:
      return word(3) + " " + word(4);
    case 8:
      return std::string(1, '\t') + word(2);
    case 9:
      return "\"" + word(pick(5)) + std::string(1, delimiter) + word(3) + "\"";
    case 10:
      return "\"" + word(2) + "\n" + word(3) + "\"";  // a line break inside quotes
    case 11:
      return "\"" + word(2) + "\r\n" + word(3) + "\"";
    case 12:
      return "\"say \"\"" + word(3) + "\"\" twice\"";  // doubled quotes
    case 13:
      return "\"" + word(2) + "\"" + word(2);  // text after the closing quote
    case 14:
      return "\"\"";  // quoted and empty
    case 15:
      switch (pick(6)) {  // quotes next to quotes, which the masks must tell apart
        case 0:
          return "\"\"\"\"";  // one quote, quoted
        case 1:
          return "\"" + word(pick(70)) + "\"\"\"";  // ends with a doubled quote
        case 2:
          return "\"\"" + word(2);  // text after an empty quoted field
        case 3:
          return word(1 + pick(3)) + "\"\"";  // doubled quotes in an unquoted field
        case 4:
          return "\"" + word(2) + "\"\"";  // opens again: the quoted text runs on
        default:
          return "\"" + word(pick(3)) + "\"\"\"\"" + word(pick(3)) + "\"";
      }
    default:
      return "\"" + word(1 + pick(120)) + "\"";
  }
}

std::string RandomFile(std::mt19937& random, std::size_t bytes, char delimiter, bool quoting) {
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  std::string file = pick(4) == 0 ? "\xEF\xBB\xBF" : "";  // sometimes a byte-order mark
  while (file.size() < bytes) {
    const int fields = pick(10) == 0 ? 1 : 2 + pick(12);
    for (int i = 0; i < fields; ++i) {
      if (i > 0) file.push_back(delimiter);
      file += RandomField(random, delimiter, quoting);
    }
    switch (pick(12)) {
      case 0:
        file += "\r\n";
        break;
      case 1:
        file += "\r";  // an old Mac line end
        break;
      case 2:
        file += "\n\n";  // a blank line follows
        break;
      default:
        file += "\n";
    }
  }
  if (pick(3) == 0) file.resize(file.size() - 1);  // no line end after the last record
  return file;
}

// Everything the reader says about a file, one line per record or error. With
// `kept` columns, the others are written as empty: the reader is told to keep
// only those when `project`, and must then read them as empty itself.
std::string Transcript(const std::string& path, RecordReaderOptions options,
                       const std::vector<std::size_t>& kept = {}, bool project = false) {
  std::string out;
  auto reader = RecordReader::Open(path, options);
  if (!reader.ok()) return "open: " + std::string(reader.status().message());
  if (project) reader->KeepOnlyColumns(kept);
  const auto shown = [&](std::size_t column) {
    return kept.empty() || std::find(kept.begin(), kept.end(), column) != kept.end();
  };
  while (true) {
    const auto more = reader->Next();
    if (!more.ok()) return out + "error: " + std::string(more.status().message()) + "\n";
    if (!*more) return out + "end at " + std::to_string(reader->position()) + "\n";
    out += "line " + std::to_string(reader->line()) + " at " + std::to_string(reader->position());
    if (reader->ended_without_newline()) out += " (no line end)";
    if (!reader->problem().empty()) out += " problem: " + reader->problem();
    const auto fields = reader->fields();
    for (std::size_t column = 0; column < fields.size(); ++column) {
      out += " [";
      // A column not kept by a projecting reader must be empty; without
      // projection its text is left out of the transcript.
      if (shown(column)) {
        out += fields[column];
      } else if (project && !fields[column].empty()) {
        out += "NOT EMPTY";
      }
      out += "]";
    }
    out += "\n";
  }
}

void ExpectSameTranscript(const std::string& actual, const std::string& expected) {
  // The first line that differs (a diff of whole transcripts is too much for gtest).
  std::size_t line_start = 0;
  while (line_start < expected.size() && line_start < actual.size()) {
    const std::size_t expected_end = expected.find('\n', line_start);
    const std::size_t actual_end = actual.find('\n', line_start);
    ASSERT_EQ(actual.substr(line_start, actual_end - line_start),
              expected.substr(line_start, expected_end - line_start));
    if (expected_end == std::string::npos) break;
    line_start = expected_end + 1;
  }
  ASSERT_EQ(actual.size(), expected.size());
}

// Both paths read the file alike; with `kept` columns, both keep only those, and
// read them as a reader keeping every column does.
void ExpectSameReading(const std::string& content, RecordReaderOptions options,
                       const std::vector<std::size_t>& kept = {}) {
  const ScratchFile file(content);
  RecordReaderOptions byte_by_byte = options;
  byte_by_byte.block_scan = false;
  options.block_scan = true;
  const std::string expected = Transcript(file.path(), byte_by_byte, kept, false);
  ExpectSameTranscript(Transcript(file.path(), options, kept, !kept.empty()), expected);
  RecordReaderOptions narrow = options;  // SSE2 blocks on a processor with AVX2 as well
  narrow.avx2 = false;
  ExpectSameTranscript(Transcript(file.path(), narrow, kept, !kept.empty()), expected);
  if (!kept.empty()) ExpectSameTranscript(Transcript(file.path(), byte_by_byte, kept, true), expected);
}

TEST(RecordReader, BlocksReadRandomCsvAsByteByByte) {
  for (unsigned seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    ExpectSameReading(RandomFile(random, 200 + random() % 4000, ',', true), {});
  }
}

TEST(RecordReader, BlocksKeepOnlyColumnsAsByteByByte) {
  for (unsigned seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    std::vector<std::size_t> kept;
    for (std::size_t column = 0; column < 14; ++column) {
      if (random() % 3 == 0) kept.push_back(column);
    }
    if (kept.empty()) kept.push_back(1 + random() % 3);
    ExpectSameReading(RandomFile(random, 200 + random() % 4000, ',', true), {}, kept);
  }
}

TEST(RecordReader, BlocksReadRandomTsvWithoutQuotingAsByteByByte) {
  for (unsigned seed = 1; seed <= 100; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    RecordReaderOptions options;
    options.delimiter = '\t';
    options.quoting = false;
    ExpectSameReading(RandomFile(random, 200 + random() % 4000, '\t', false), options);
  }
}

TEST(RecordReader, BlocksReadFilesLargerThanTheBufferAsByteByByte) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    ExpectSameReading(RandomFile(random, 2'500'000, ',', true), {});
  }
}

TEST(RecordReader, BlocksSkipRecordsOverTheLimitAsByteByByte) {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    RecordReaderOptions options;
    options.max_record_bytes = 100;
    ExpectSameReading(RandomFile(random, 3000, ',', true), options);
  }
}

TEST(RecordReader, BlocksReportFileFaultsAsByteByByte) {
  const std::string rows = "a,b,c\n1,\"two\",3\n" + std::string(200, 'x') + ",y,z\n";
  ExpectSameReading(rows + "4,\"never closed,6\n7,8,9\n", {});
  ExpectSameReading(rows + "4,5,6" + std::string(1, '\0') + "\n" + std::string(100, 'q') + "\n", {});
  ExpectSameReading(rows + std::string(100, 'q') + "\n4,5," + std::string(1, '\0') + "\n", {});
}

// Every quote shape at every offset of a block, so that each falls on a block's
// first and last byte: the masks carry what the byte before and after says.
TEST(RecordReader, BlocksCheckQuotesAtEveryOffset) {
  std::string content;
  for (std::size_t k = 0; k < 140; ++k) {
    const std::string pad(k, 'x');
    content += pad + "\"q,1\n";          // a stray quote in an unquoted field, text to this
    content += "x\",1\n";                // reader; taken as opening, it would end here
    content += pad + ",\"q\"r,1\n";      // text after a closing quote
    content += pad + ",\"q\"\"r\",1\n";  // a doubled quote
    content += pad + ",\"q\",1\n";
    content += pad + ",\"\"\"\",\"\"\n";  // a quoted quote, then an empty quoted field
  }
  ExpectSameReading(content, {});
  ExpectSameReading(content, {}, {1});
  ExpectSameReading(content, {}, {0, 2});
}

// The comparisons above cannot see a fast path that gives up too often (its
// records then go byte by byte, with the same result): well-formed records
// must be read in blocks, on SSE2 and AVX2 alike.
TEST(RecordReader, BlocksReadWellFormedRecords) {
  std::string content = "id,name,note\n";
  for (int i = 0; i < 20000; ++i) {
    content += std::to_string(i) + ",\"name " + std::to_string(i % 97) + "\"," +
               (i % 3 == 0 ? "\"says \"\"hi\"\", twice\"" : "plain text" + std::string(i % 50, 'x')) + "\n";
  }
  const ScratchFile file(content);
  for (const bool avx2 : {true, false}) {
    SCOPED_TRACE(avx2);
    RecordReaderOptions options;
    options.avx2 = avx2;
    auto reader = RecordReader::Open(file.path(), options);
    ASSERT_TRUE(reader.ok());
    std::uint64_t records = 0;
    while (true) {
      const auto more = reader->Next();
      ASSERT_TRUE(more.ok());
      if (!*more) break;
      ASSERT_TRUE(reader->problem().empty());
      ASSERT_EQ(reader->fields().size(), 3U);
      ++records;
    }
    EXPECT_EQ(records, 20001U);
    EXPECT_GE(reader->records_read_in_blocks(),
              records - 5);  // the last bytes of each buffer go byte by byte
  }
}

// A wide record read byte by byte (a stray quote) grows the field list; the next
// wide record, read in blocks with many quoted fields, must find room for them.
TEST(RecordReader, WideRecordsOnBothPathsShareTheirRoom) {
  std::string stray;
  std::string quoted;
  for (int i = 0; i < 150; ++i) {
    stray += (i > 0 ? "," : "") + std::string(i == 0 ? "a\"b" : "x");
    quoted += (i > 0 ? "," : "") + std::string("\"q\"");
  }
  ExpectSameReading(stray + "\n" + quoted + "\n" + quoted + "\n", {});
}

// Found by the comparison above: the byte-by-byte path returned the last field
// again and again when the file ended with a closing quote.
TEST(RecordReader, FileEndingWithAQuotedFieldEndsOnce) {
  for (const bool block_scan : {false, true}) {
    const ScratchFile file("a,b\n1,\"two\"");
    RecordReaderOptions options;
    options.block_scan = block_scan;
    auto reader = RecordReader::Open(file.path(), options);
    ASSERT_TRUE(reader.ok());
    ASSERT_TRUE(*reader->Next());
    ASSERT_TRUE(*reader->Next());
    EXPECT_EQ(reader->fields().size(), 2u);
    EXPECT_EQ(reader->fields()[1], "two");
    EXPECT_TRUE(reader->ended_without_newline());
    const auto more = reader->Next();
    ASSERT_TRUE(more.ok());
    EXPECT_FALSE(*more);
  }
}

// Reading a few bytes at a time, so that records, quoted fields, "\r\n" and
// records over the limit are cut across reads, gives exactly what one read of the
// whole file gives, on both paths and when keeping only some columns.
TEST(RecordReader, SmallReadsReadAsOneRead) {
  for (unsigned seed = 1; seed <= 120; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    const ScratchFile file(RandomFile(random, 200 + random() % 2500, ',', true));
    RecordReaderOptions options;
    if (seed % 2 == 0) options.max_record_bytes = 40 + random() % 100;
    std::vector<std::size_t> kept;
    if (seed % 3 == 0) kept = {0, 2, 3};
    options.block_scan = false;
    const std::string expected = Transcript(file.path(), options, kept, !kept.empty());
    for (const std::size_t block : {1, 2, 7, 63, 64, 97}) {
      SCOPED_TRACE(block);
      options.block_bytes = block;
      for (const bool block_scan : {false, true}) {
        options.block_scan = block_scan;
        ExpectSameTranscript(Transcript(file.path(), options, kept, !kept.empty()), expected);
      }
    }
  }
}

// The four below were found by tests/fuzz/record_reader_fuzz.cc, which compares
// readings of one file by both paths and read sizes.

// A record of exactly the limit whose last byte is a lone '\r' at the end of a
// read was taken for one over the limit: the '\r' waited for the next byte.
TEST(RecordReader, RecordOfTheLimitEndingInACarriageReturnAtAReadsEnd) {
  const ScratchFile file("abcdefghijklmno\rx\n");
  RecordReaderOptions options;
  options.max_record_bytes = 16;
  options.block_bytes = 16;
  auto reader = RecordReader::Open(file.path(), options);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(*reader->Next());
  EXPECT_EQ(reader->problem(), "");
  ASSERT_EQ(reader->fields().size(), 1u);
  EXPECT_EQ(reader->fields()[0], "abcdefghijklmno");
  ASSERT_TRUE(*reader->Next());
  EXPECT_EQ(reader->line(), 2u);
  EXPECT_EQ(reader->fields()[0], "x");
}

// Skipping a record over the limit lost the "\n" of a "\r\n" cut by a read (a
// blank line and one line too many followed), and the position after a skip that
// had grown the buffer went back by the bytes skipped.
TEST(RecordReader, SkippedRecordKeepsLinesAndPositionAcrossReads) {
  const std::string content =
      std::string(50, 'a') + "\n" + std::string(20, 'b') + "\r\n" + std::string(150, 'c') + "\n" + "d\n";
  const ScratchFile file(content);
  RecordReaderOptions options;
  options.max_record_bytes = 15;
  // With 8-byte reads the second record's '\r' (byte 72) ends a read.
  for (const std::size_t block : {std::size_t{8}, std::size_t{29}, kDefaultBlockBytes}) {
    SCOPED_TRACE(block);
    options.block_bytes = block;
    auto reader = RecordReader::Open(file.path(), options);
    ASSERT_TRUE(reader.ok());
    std::vector<std::string> seen;
    while (*reader->Next()) {
      seen.push_back(std::to_string(reader->line()) + "@" + std::to_string(reader->position()) +
                     (reader->problem().empty() ? "" : " long"));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"1@51 long", "2@73 long", "3@224 long", "4@226"}));
    EXPECT_EQ(reader->position(), content.size());
  }
}

// Columns not kept read as empty even after a record the byte-by-byte path began
// and left for more bytes: they pointed into the buffer a refill then moved.
TEST(RecordReader, ColumnsNotKeptStayEmptyAfterARecordCutByARead) {
  std::string content = "a,b,c,d\n";
  for (int i = 0; i < 6; ++i) {
    content += "1,2," + std::string(40, 'x') + ",4\n";  // over the limit
    content += "5," + std::string(30, 'y') + ",7," + std::string(30, 'z') + "\n";
  }
  const ScratchFile file(content);
  for (std::size_t block = 8; block <= 100; ++block) {
    SCOPED_TRACE(block);
    RecordReaderOptions options;
    options.block_bytes = block;
    options.max_record_bytes = 45;
    auto reader = RecordReader::Open(file.path(), options);
    ASSERT_TRUE(reader.ok());
    reader->KeepOnlyColumns({0, 2});
    std::size_t read = 0;
    while (*reader->Next()) {
      ++read;
      const auto fields = reader->fields();
      if (!reader->problem().empty()) continue;
      ASSERT_EQ(fields.size(), 4u);
      EXPECT_EQ(fields[1], "");
      EXPECT_EQ(fields[3], "");
      EXPECT_EQ(fields[0], read == 1 ? "a" : "5");
    }
    EXPECT_EQ(read, 13u);
  }
}

// A NUL byte is named as binary data, on the line the reader counts, whether the
// first read brings it in or an unclosed quote runs into it at the end.
TEST(RecordReader, NulByteIsNamedOnItsLineHoweverTheFileIsRead) {
  {
    const ScratchFile file(std::string("a\rb\r\0\n", 6));  // lines ended by a lone '\r'
    auto reader = RecordReader::Open(file.path());
    ASSERT_TRUE(reader.ok());
    const auto more = reader->Next();
    ASSERT_FALSE(more.ok());
    EXPECT_NE(more.status().message().find(":3: NUL byte: binary data"), std::string::npos)
        << more.status().ToString();
  }
  for (const std::size_t block : {std::size_t{2}, kDefaultBlockBytes}) {
    SCOPED_TRACE(block);
    const ScratchFile file(std::string("a\n\"b") + std::string(1, '\0') + "c\n");
    RecordReaderOptions options;
    options.block_bytes = block;
    auto reader = RecordReader::Open(file.path(), options);
    ASSERT_TRUE(reader.ok());
    Result<bool> more = true;
    while (more.ok() && *more) more = reader->Next();
    ASSERT_FALSE(more.ok());
    EXPECT_NE(more.status().message().find(":2: NUL byte: binary data"), std::string::npos)
        << more.status().ToString();
  }
}

TEST(RecordReader, SeekToLineAtStartsAtTheNextLine) {
  const std::string content = "id,text\n1,\"one\"\n2,\"two\nlines\"\n3,three\n";
  const ScratchFile file(content);
  for (std::uint64_t offset = 1; offset <= content.size(); ++offset) {
    SCOPED_TRACE(offset);
    auto reader = RecordReader::Open(file.path());
    ASSERT_TRUE(reader.ok());
    ASSERT_TRUE(reader->Next().ok());  // the header, so that the file is known to be plain
    ASSERT_TRUE(reader->SeekToLineAt(offset).ok());
    std::size_t expected = offset;  // the first line start at or after offset
    while (expected < content.size() && content[expected - 1] != '\n') ++expected;
    EXPECT_EQ(reader->position(), expected);
  }
}

}  // namespace
}  // namespace tocsin::monitor
