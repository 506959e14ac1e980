// Hostile input: files cut off, binary, mis-encoded, mis-quoted, with a huge
// field, mixed line ends or another dataset's columns. Each must give a located
// error or located rejections, never a crash, and never half a file in the store.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "tocsin/monitor/event_import.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::monitor {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kTenMegabytes = 10'000'000;
constexpr std::string_view kHeader = "id,type_of_violence,date_start,country_id,best\n";
constexpr std::string_view kGoodRows = "1,3,2013-12-05,482,10\n2,1,2013-12-06,482,4\n";

struct HostileCase {
  std::string name;
  EventFormat format;
  std::string content;
  bool gzip = false;
  std::size_t cut_bytes = 0;      // bytes removed from the end of the (compressed) file
  std::string error;              // expected file error, or empty
  std::int64_t inserted = 0;      // when there is no error
  std::vector<std::string> rejected = {};  // "LINE: reason start"
};

std::string Gzip(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size())) + 64;
  std::string out(size, '\0');
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // 16: gzip wrapper
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Binary() {
  std::mt19937 random(42);
  std::string bytes(4096, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
  bytes[100] = '\0';
  return bytes;
}

std::vector<HostileCase> Cases() {
  const std::string header(kHeader);
  const std::string good(kGoodRows);
  std::string long_rows = header + good + "3,3,2013-12-07,482,\"" + std::string(kTenMegabytes, 'x') + "\"\n" +
                          "4,3,2013-12-08,482,7\n";
  return {
      {"truncated_plain_file", EventFormat::kUcdp, header + good + "3,3,2013-12-", false, 0,
       "cut.csv:4: last record has 3 fields, the header has 5 (truncated file?)"},
      {"truncated_gzip_file", EventFormat::kUcdp, header + good + good + good, true, 10,
       "the compressed file is cut off (truncated gzip stream)"},
      {"cut_inside_quoted_field", EventFormat::kUcdp, header + good + "3,3,\"2013-12-07,482,1", false, 0,
       "cut.csv:4:3: quoted field opened here is never closed"},
      {"unbalanced_quote_spanning_lines", EventFormat::kUcdp,
       header + "1,3,\"2013-12-05,482,10\n2,3,2013-12-05,482\",10\n3,1,2013-12-06,482,4\n", false, 0, "", 1,
       {"2: record has 4 fields, expected 5"}},
      {"invalid_utf8", EventFormat::kUcdp, "id,type_of_violence,date_start,country_id,best,adm_1\n"
                                           "1,3,2013-12-05,482,10,Bangui\n2,3,2013-12-05,482,10,Ban\xffgui\n"
                                           "3,3,2013-12-05,482,10,\xe2\x82\n4,3,2013-12-05,482,10,Ouham\n",
       false, 0, "", 2, {"3: column 6: invalid UTF-8 at byte 4 of the field", "4: column 6: invalid UTF-8"}},
      {"ten_megabyte_field", EventFormat::kUcdp, long_rows, false, 0, "", 3,
       {"4: record of 10000022 bytes is longer than the limit of 1048576 bytes"}},
      {"mixed_line_endings", EventFormat::kUcdp, header + "1,3,2013-12-05,482,10\r\n2,3,2013-12-05,482,1\r"
                                                          "3,3,2013-12-05,482,2\n\n4,3,2013-12-05,482,3",
       false, 0, "", 4, {}},
      {"another_datasets_columns", EventFormat::kUcdp, "ewp_name,year,ccode\nA,2000,5\n", false, 0,
       "not a UCDP GED file: missing columns 'id', 'type_of_violence', 'date_start', 'country_id', 'best'"},
      {"binary_file_as_ucdp", EventFormat::kUcdp, Binary(), false, 0, "NUL byte: binary data, not a text file"},
      {"binary_file_as_gdelt", EventFormat::kGdelt, Binary(), false, 0, "NUL byte: binary data, not a text file"},
      {"binary_after_good_rows", EventFormat::kUcdp, header + good + Binary(), false, 0,
       "NUL byte: binary data, not a text file"},
      {"binary_jsonl", EventFormat::kJsonLines, Binary(), false, 0, "NUL byte: binary data, not a text file"},
      {"gzip_of_binary", EventFormat::kUcdp, Binary(), true, 0, "NUL byte: binary data, not a text file"},
      {"empty_file", EventFormat::kUcdp, "", false, 0, "the file is empty"},
      {"header_only", EventFormat::kUcdp, header, false, 0, "", 0, {}},
      {"gdelt_row_of_wrong_width", EventFormat::kGdelt, std::string(60, '\t') + "\n" + "1\t2\n", false, 0, "", 0,
       {"1: '' is not an event id", "2: record has 2 fields, expected 61"}},
  };
}

class HostileInput : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileInput, GivesALocatedErrorAndNothingHalfImported) {
  const HostileCase& test = GetParam();
  const fs::path path = fs::temp_directory_path() / ("tocsin_hostile_" + test.name) / "cut.csv";
  fs::create_directories(path.parent_path());
  std::string bytes = test.gzip ? Gzip(test.content) : test.content;
  bytes.resize(bytes.size() - std::min(bytes.size(), test.cut_bytes));
  std::ofstream(path, std::ios::binary) << bytes;

  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok());
  EventImportOptions options;
  options.format = test.format;
  options.batch_rows = 1;  // a batch per row: a file error found late must still leave nothing
  std::vector<std::string> rejected;
  options.on_rejected = [&](const std::string&, const RejectedRow& row) {
    rejected.push_back(std::to_string(row.line) + ": " + row.reason);
  };
  const auto summary = ImportEventFile(**store, path.string(), options);
  const auto stored = CountEvents(**store);
  ASSERT_TRUE(stored.ok());
  if (!test.error.empty()) {
    ASSERT_FALSE(summary.ok()) << "expected: " << test.error;
    EXPECT_NE(summary.status().message().find(test.error), std::string::npos) << summary.status().message();
    EXPECT_NE(summary.status().message().find(path.string()), std::string::npos) << "the error names the file";
    EXPECT_EQ(*stored, 0) << "nothing of a refused file may be stored";
  } else {
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_EQ(summary->written.inserted, test.inserted);
    EXPECT_EQ(*stored, test.inserted);
    ASSERT_EQ(rejected.size(), test.rejected.size());
    for (std::size_t i = 0; i < rejected.size(); ++i) {
      EXPECT_TRUE(rejected[i].starts_with(test.rejected[i])) << rejected[i] << " vs " << test.rejected[i];
    }
  }
  fs::remove_all(path.parent_path());
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileInput, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace tocsin::monitor
