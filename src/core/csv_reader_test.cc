#include "tocsin/core/csv_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace tocsin {
namespace {

CsvReader Read(std::string text) {
  auto reader = CsvReader::FromString("test.csv", std::move(text));
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  return std::move(reader).value();
}

TEST(CsvReader, AddressesColumnsByHeaderName) {
  CsvReader reader = Read("b,a\n2,1\n");
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.Field(*reader.Column("a")), "1");
  EXPECT_EQ(reader.Field(*reader.Column("b")), "2");
  EXPECT_FALSE(*reader.Next());
}

TEST(CsvReader, QuotedFieldKeepsCommasNewlinesAndDoubledQuotes) {
  CsvReader reader = Read("text,n\n\"a, \"\"b\"\"\nc\",7\n");
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.Field(0), "a, \"b\"\nc");
  EXPECT_EQ(*reader.Number(1), 7);
  EXPECT_EQ(reader.line(), 2u);
}

TEST(CsvReader, LineNumbersCountEmbeddedNewlines) {
  CsvReader reader = Read("text,n\n\"x\ny\",1\nz,q\n");
  ASSERT_TRUE(*reader.Next());
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.line(), 4u);
  const auto value = reader.Number(1);
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().message(), "test.csv:4:2 (n): 'q' is not a number");
}

TEST(CsvReader, SkipsByteOrderMarkAndAcceptsCrLf) {
  CsvReader reader = Read("\xEF\xBB\xBFid,v\r\n1,2\r\n3,4\r\n");
  EXPECT_EQ(reader.header()[0], "id");
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.Field(1), "2");
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.Field(1), "4");
  EXPECT_FALSE(*reader.Next());
}

TEST(CsvReader, LinesEndedByCarriageReturnsAreCounted) {
  CsvReader reader = Read("id,v\r1,2\r\r3,x\r");
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.line(), 2u);
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.line(), 4u);
  const auto value = reader.Number(1);
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().message(), "test.csv:4:2 (v): 'x' is not a number");
  EXPECT_FALSE(*reader.Next());
}

TEST(CsvReader, NaAndEmptyAreMissing) {
  CsvReader reader = Read("a,b,c\nNA,,3\n");
  ASSERT_TRUE(*reader.Next());
  EXPECT_TRUE(reader.IsMissing(0));
  EXPECT_TRUE(reader.IsMissing(1));
  EXPECT_FALSE(reader.IsMissing(2));
  EXPECT_FALSE(reader.OptionalNumber(0)->has_value());
  EXPECT_FALSE(reader.Number(1).ok());
  EXPECT_EQ(reader.Integer(2).value(), 3);
}

TEST(CsvReader, LastRecordWithoutNewlineIsRead) {
  CsvReader reader = Read("a,b\n1,2");
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.Field(1), "2");
  EXPECT_FALSE(*reader.Next());
}

TEST(CsvReader, UnclosedQuoteIsReportedAsTruncation) {
  CsvReader reader = Read("a,b\n1,\"abc");
  const auto next = reader.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(next.status().message().find("test.csv:2:2"), std::string::npos);
}

TEST(CsvReader, ShortLastRecordIsReportedAsTruncation) {
  CsvReader reader = Read("a,b,c\n1,2,3\n4,5");
  ASSERT_TRUE(*reader.Next());
  const auto next = reader.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(next.status().message(), "test.csv:3: last record has 2 fields, the header has 3 (truncated file?)");
}

TEST(CsvReader, WrongFieldCountNamesTheLine) {
  CsvReader reader = Read("a,b\n1,2,3\n");
  const auto next = reader.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(next.status().message(), "test.csv:2: record has 3 fields, the header has 2");
}

TEST(CsvReader, MissingColumnsAreAllNamed) {
  CsvReader reader = Read("a,b\n");
  const auto columns = reader.Columns({"a", "x", "y", "x"});
  ASSERT_FALSE(columns.ok());
  EXPECT_EQ(columns.status().message(), "test.csv: missing columns 'x', 'y'");  // each once
}

TEST(CsvReader, NumbersRejectTrailingText) {
  CsvReader reader = Read("a,b,c\n1.5e3,2x,2.5\n");
  ASSERT_TRUE(*reader.Next());
  EXPECT_DOUBLE_EQ(*reader.Number(0), 1500);
  EXPECT_FALSE(reader.Number(1).ok());
  EXPECT_FALSE(reader.Integer(2).ok());
}

TEST(CsvReader, EmptyFileIsAnError) {
  const auto reader = CsvReader::FromString("empty.csv", "");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kDataLoss);
}

TEST(CsvReader, MissingFileIsNotFound) {
  const auto reader = CsvReader::Open("/nonexistent/file.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
}

TEST(CsvReader, StreamsFileLargerThanOneBlock) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "tocsin_csv_reader_test.csv";
  {
    std::ofstream out(path);
    out << "id,text\n";
    for (int i = 0; i < 20000; ++i) out << i << ",\"row " << i << "\nsecond line\"\n";
  }
  auto reader = CsvReader::Open(path.string());
  ASSERT_TRUE(reader.ok());
  int rows = 0;
  while (true) {
    auto next = reader->Next();
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    if (!*next) break;
    ASSERT_EQ(*reader->Integer(0), rows);
    ASSERT_EQ(reader->line(), static_cast<std::size_t>(2 + 2 * rows));
    ++rows;
  }
  EXPECT_EQ(rows, 20000);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tocsin
