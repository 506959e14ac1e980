// Series from a file read in parallel parts must equal what one reader gives:
// the same values, events and skipped rows, and the same errors, whatever the
// number of parts and wherever their boundaries fall (inside quoted text that
// spans lines and looks like rows, too).
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "test_fixtures.h"
#include "tocsin/monitor/series.h"

namespace tocsin::monitor {
namespace {

constexpr std::uint64_t kTinyParts = 1000;  // bytes: many parts in a small file

using testing::ScratchFile;

// UCDP-shaped rows; the text column sometimes holds several lines that look
// like rows themselves, and some rows are bad.
std::string UcdpFile(unsigned seed, int rows) {
  std::mt19937 random(seed);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const int countries[] = {482, 625, 490, 652, 750};
  std::string file = "id,type_of_violence,date_start,country_id,best,adm_1,source_headline\n";
  for (int row = 0; row < rows; ++row) {
    const int country = countries[pick(5)];
    std::string line = std::to_string(row) + "," + std::to_string(1 + pick(3)) + ",20" +
                       std::to_string(10 + pick(10)) + "-0" + std::to_string(1 + pick(9)) + "-1" +
                       std::to_string(pick(10)) + "," + std::to_string(country) + "," +
                       std::to_string(pick(50)) + ",Province " + std::to_string(pick(4)) + ",";
    switch (pick(8)) {
      case 0:  // quoted text over several lines, each like a row
        line += "\"see\n" + std::to_string(row + 100000) + ",3,2015-01-01,482,99,X,y\n" +
                std::to_string(row + 200000) + ",1,2016-02-02,625,7,Z,\"\"w\"\"\"";
        break;
      case 1:  // a bad row: not a violence type
        line[line.find(',') + 1] = '9';
        line += "bad type";
        break;
      case 2:
        line += "\"a, b and c\"";
        break;
      default:
        line += "plain text " + std::string(static_cast<std::size_t>(pick(80)), 'x');
    }
    file += line + (pick(10) == 0 ? "\r\n" : "\n");
  }
  return file;
}

std::vector<SeriesSpec> Specs() {
  std::vector<SeriesSpec> specs;
  for (const PlaceLevel level : {PlaceLevel::kCountry, PlaceLevel::kAdmin1}) {
    for (const Measure measure : {Measure::kEvents, Measure::kFatalities}) {
      SeriesSpec spec;
      spec.level = level;
      spec.measure = measure;
      spec.period = Period::kWeek;
      spec.violence = kLethalViolence;
      specs.push_back(spec);
    }
  }
  return specs;
}

struct Reading {
  Status status;
  std::uint64_t added = 0;
  std::uint64_t skipped = 0;
  std::vector<SeriesSet> sets;
};

Reading Read(const std::string& path, int threads) {
  const std::vector<SeriesSpec> specs = Specs();
  SeriesBuilder builder(specs, {});
  Reading reading;
  const auto added =
      AddFileEvents(builder, EventFormat::kUcdp, path, {}, &reading.skipped, threads, kTinyParts);
  reading.status = added.status();
  if (added.ok()) reading.added = *added;
  reading.sets = builder.Finish();
  return reading;
}

void ExpectSameSeries(const Reading& actual, const Reading& expected) {
  EXPECT_EQ(actual.status.ToString(), expected.status.ToString());
  EXPECT_EQ(actual.added, expected.added);
  EXPECT_EQ(actual.skipped, expected.skipped);
  if (!expected.status.ok()) return;  // what a failed reading left in the builder is not an answer
  ASSERT_EQ(actual.sets.size(), expected.sets.size());
  for (std::size_t i = 0; i < expected.sets.size(); ++i) {
    EXPECT_EQ(actual.sets[i].first_period, expected.sets[i].first_period);
    EXPECT_EQ(actual.sets[i].last_period, expected.sets[i].last_period);
    ASSERT_EQ(actual.sets[i].places.size(), expected.sets[i].places.size());
    for (const auto& [place, values] : expected.sets[i].places) {
      EXPECT_EQ(actual.sets[i].Dense(place).values, expected.sets[i].Dense(place).values) << place.country_gw;
    }
  }
}

TEST(FileSeries, PartsGiveWhatOneReaderGives) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const ScratchFile file(UcdpFile(seed, 600));
    const Reading expected = Read(file.path(), 1);
    ASSERT_TRUE(expected.status.ok()) << expected.status.ToString();
    ASSERT_GT(expected.added, 400u);
    ASSERT_GT(expected.skipped, 20u);
    for (const int threads : {2, 3, 4, 7, 16}) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << ", " << threads << " threads");
      ExpectSameSeries(Read(file.path(), threads), expected);
    }
  }
}

TEST(FileSeries, FaultInALaterPartNamesTheLineOneReaderNames) {
  // A last row cut short, and a quote opened and never closed near the end.
  for (const std::string& tail :
       {std::string("99999,3,2015-01-01"), std::string("99999,3,2015-01-01,482,4,X,\"open\n")}) {
    const ScratchFile file(UcdpFile(7, 600) + tail);
    const Reading expected = Read(file.path(), 1);
    ASSERT_FALSE(expected.status.ok());
    for (const int threads : {2, 4}) {
      SCOPED_TRACE(threads);
      ExpectSameSeries(Read(file.path(), threads), expected);
    }
  }
}

TEST(FileSeries, CompressedFileIsReadByOneReader) {
  const std::string content = UcdpFile(3, 600);
  const ScratchFile plain(content);
  const ScratchFile compressed("");
  gzFile out = gzopen(compressed.path().c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, content.data(), static_cast<unsigned>(content.size())),
            static_cast<int>(content.size()));
  gzclose(out);
  const Reading expected = Read(plain.path(), 1);
  ASSERT_TRUE(expected.status.ok());
  ExpectSameSeries(Read(compressed.path(), 4), expected);
}

// A reader asked for summaries skips work (text columns, a float parser for
// plain coordinates, date_end equal to date_start) but must accept and reject
// exactly the rows a full reading does, for the same reason.
TEST(FileSeries, SummaryReadingRejectsWhatFullReadingRejects) {
  const std::vector<std::string> coordinates = {"90",
                                                "90.0",
                                                "90.000000000000",
                                                "90.0000000000001",
                                                "90.000000000001",
                                                "-90",
                                                "-90.5",
                                                "89.999999999999",
                                                "180",
                                                "-180.000",
                                                "180.0000001",
                                                "1e2",
                                                "91",
                                                "abc",
                                                "",
                                                "NA",
                                                " 45 ",
                                                "+5",
                                                "5.",
                                                ".5",
                                                "0090.0",
                                                "-",
                                                "-.",
                                                "12.34.5",
                                                "1234",
                                                "0.0000000000000000000001",
                                                "-0",
                                                "nan",
                                                "inf"};
  std::string file = "id,type_of_violence,date_start,date_end,country_id,best,latitude,longitude,side_a\n";
  int id = 0;
  for (const std::string& latitude : coordinates) {
    for (const std::string& longitude : {std::string("12.5"), latitude}) {
      for (const std::string& end :
           {std::string("2015-01-02"), std::string("2015-01-01"), std::string("2014-12-31")}) {
        file += std::to_string(++id) + ",1,2015-01-02," + end + ",482,3,\"" + latitude + "\",\"" + longitude +
                "\",side\n";
      }
    }
  }
  const ScratchFile csv(file);
  EventReaderOptions full;
  EventReaderOptions summary;
  summary.summary_only = true;
  auto full_reader = OpenEventReader(EventFormat::kUcdp, csv.path(), full);
  auto summary_reader = OpenEventReader(EventFormat::kUcdp, csv.path(), summary);
  ASSERT_TRUE(full_reader.ok() && summary_reader.ok());
  int accepted = 0;
  int rejected_rows = 0;
  while (true) {
    Event full_event;
    Event summary_event;
    RejectedRow full_rejected;
    RejectedRow summary_rejected;
    const auto full_outcome = (*full_reader)->Next(full_event, full_rejected);
    const auto summary_outcome = (*summary_reader)->Next(summary_event, summary_rejected);
    ASSERT_TRUE(full_outcome.ok() && summary_outcome.ok());
    ASSERT_EQ(*summary_outcome, *full_outcome) << full_rejected.text;
    if (*full_outcome == ReadOutcome::kEnd) break;
    if (*full_outcome == ReadOutcome::kEvent) {
      ++accepted;
      EXPECT_EQ(summary_event.date_start, full_event.date_start);
      EXPECT_EQ(summary_event.date_end, full_event.date_end);
      EXPECT_EQ(summary_event.country_gw, full_event.country_gw);
      EXPECT_EQ(summary_event.fatalities_best, full_event.fatalities_best);
      EXPECT_TRUE(summary_event.actor1.empty());
      EXPECT_EQ(full_event.actor1, "side");
    } else {
      ++rejected_rows;
      EXPECT_EQ(summary_rejected.column, full_rejected.column);
      EXPECT_EQ(summary_rejected.reason, full_rejected.reason);
    }
  }
  EXPECT_GT(accepted, 20);
  EXPECT_GT(rejected_rows, 20);
}

}  // namespace
}  // namespace tocsin::monitor
