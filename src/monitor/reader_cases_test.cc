// Runs the reader cases in tests/cases/monitor/readers/*.test: a file in a
// source's format goes in, the events, rejected rows and file error come out.
//
//   == format ucdp|gdelt|jsonl
//   == file NAME[.gz]   the file's lines (written gzip-compressed for .gz);
//                       several files may be given, the first is read
//   == noeol            the first file ends without its final newline (cut off)
//   == cameo NAME       read a CAMEO Goldstein table from file NAME (GDELT)
//   == events           the events read, one line each, as DescribeEvent writes them
//   == rejected         the rejected rows: "LINE COLUMN: REASON" (COLUMN may be empty)
//   == filtered         the number of rows left out by the source's mapping
//   == error            text the file-level error must contain (no events then)
#include <gtest/gtest.h>
#include <zlib.h>

#include <fmt/format.h>

#include <fstream>

#include "test_case_file.h"
#include "tocsin/monitor/event_reader.h"

namespace tocsin::monitor {
namespace {

namespace fs = std::filesystem;

std::string Optional(std::string_view name, const auto& value) {
  return value ? fmt::format(" {}={}", name, *value) : "";
}

std::string Text(std::string_view name, const std::string& value) {
  return value.empty() ? "" : fmt::format(" {}=\"{}\"", name, value);
}

// One line per event, fields that are absent left out.
std::string DescribeEvent(const Event& event) {
  std::string line = fmt::format("{}:{} {}", event.source, event.source_id, FormatDate(event.date_start));
  if (event.date_end != event.date_start) line += ".." + FormatDate(event.date_end);
  line += fmt::format(" {} gw={} {}", DatePrecisionName(event.date_precision), event.country_gw,
                      ViolenceTypeName(event.violence_type));
  line += Text("admin1", event.admin1) + Optional("lat", event.latitude) + Optional("lon", event.longitude);
  line += Optional("best", event.fatalities_best) + Optional("low", event.fatalities_low) +
          Optional("high", event.fatalities_high) + Optional("civilians", event.civilian_deaths);
  line += Text("code", event.event_code) + Optional("goldstein", event.goldstein);
  line += Text("actor1", event.actor1) + Text("actor2", event.actor2) + Text("text", event.text);
  return line + " @" + event.origin;
}

void WriteFile(const fs::path& path, const std::vector<std::string>& lines, bool final_newline) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  if (!final_newline && !text.empty()) text.pop_back();
  if (path.extension() == ".gz") {
    gzFile file = gzopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
    gzclose(file);
    return;
  }
  std::ofstream(path, std::ios::binary) << text;
}

class ReaderCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(ReaderCase, ReadsAsWritten) {
  const fs::path directory = fs::temp_directory_path() / ("tocsin_reader_" + testing::CaseName(GetParam()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  std::optional<EventFormat> format;
  fs::path first_file;
  bool final_newline = true;
  std::unique_ptr<CameoTable> cameo;
  std::vector<std::string> expected_events;
  std::vector<std::string> expected_rejected;
  int expected_filtered = 0;
  std::string expected_error;
  const auto sections = testing::ReadTestSections(GetParam());
  for (const auto& section : sections) {
    if (section.name == "noeol") final_newline = false;
  }
  for (const auto& section : sections) {
    if (section.name == "format") format = ParseEventFormat(section.argument);
    if (section.name == "file") {
      WriteFile(directory / section.argument, section.lines, !first_file.empty() || final_newline);
      if (first_file.empty()) first_file = directory / section.argument;
    }
    if (section.name == "cameo") {
      auto table = CameoTable::Load((directory / section.argument).string());
      ASSERT_TRUE(table.ok()) << table.status().ToString();
      cameo = std::make_unique<CameoTable>(std::move(table).value());
    }
    if (section.name == "events") expected_events = section.lines;
    if (section.name == "rejected") expected_rejected = section.lines;
    if (section.name == "filtered") expected_filtered = std::stoi(section.lines.at(0));
    if (section.name == "error") expected_error = section.lines.at(0);
  }
  ASSERT_TRUE(format.has_value()) << "the case needs a '== format' section";
  EventReaderOptions options;
  options.cameo = cameo.get();

  std::vector<std::string> events;
  std::vector<std::string> rejected_rows;
  int filtered = 0;
  std::string error;
  auto reader = OpenEventReader(*format, first_file.string(), options);
  if (!reader.ok()) {
    error = reader.status().message();
  } else {
    Event event;
    RejectedRow rejected;
    while (true) {
      const auto outcome = (*reader)->Next(event, rejected);
      if (!outcome.ok()) {
        error = outcome.status().message();
        break;
      }
      if (*outcome == ReadOutcome::kEnd) break;
      if (*outcome == ReadOutcome::kEvent) events.push_back(DescribeEvent(event));
      if (*outcome == ReadOutcome::kRejected) {
        rejected_rows.push_back(fmt::format("{} {}: {}", rejected.line, rejected.column, rejected.reason));
      }
      if (*outcome == ReadOutcome::kFiltered) ++filtered;
    }
  }
  if (expected_error.empty()) {
    EXPECT_EQ(error, "") << "unexpected file error";
    EXPECT_EQ(events, expected_events);
    EXPECT_EQ(rejected_rows, expected_rejected);
    EXPECT_EQ(filtered, expected_filtered);
  } else {
    EXPECT_NE(error.find(expected_error), std::string::npos) << "error was: " << error;
  }
  fs::remove_all(directory);
}

INSTANTIATE_TEST_SUITE_P(Cases, ReaderCase, ::testing::ValuesIn(testing::TestCaseFiles("readers")),
                         [](const auto& info) { return testing::CaseName(info.param); });

}  // namespace
}  // namespace tocsin::monitor
