#include "gdelt_reader.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "delimited_event_reader.h"
#include "field_values.h"

namespace tocsin::monitor {
namespace {

// Positions of the fields Tocsin reads in each GDELT layout (GDELT's codebooks).
// The first 35 fields are the same in 1.0 and 2.0; 2.0 added an ADM2 code to
// each of the three geography blocks.
struct GdeltLayout {
  std::string_view name;
  std::size_t width;
  std::size_t action_country;
  std::size_t action_admin1;
  std::size_t action_latitude;
  std::size_t action_longitude;
  std::size_t source_url;  // == width when the layout has none
};
constexpr std::size_t kGlobalEventId = 0;
constexpr std::size_t kSqlDate = 1;
constexpr std::size_t kActor1Code = 5;
constexpr std::size_t kActor1Name = 6;
constexpr std::size_t kActor1Country = 7;
constexpr std::size_t kActor1Type = 12;
constexpr std::size_t kActor2Code = 15;
constexpr std::size_t kActor2Name = 16;
constexpr std::size_t kActor2Country = 17;
constexpr std::size_t kActor2Type = 22;
constexpr std::size_t kEventCode = 26;
constexpr std::size_t kEventRootCode = 28;
constexpr std::size_t kGoldsteinScale = 30;
constexpr double kLargestGoldstein = 10;

constexpr GdeltLayout kGdelt1 = {"GDELT 1.0", 57, 51, 52, 53, 54, 57};
constexpr GdeltLayout kGdelt1Daily = {"GDELT 1.0 (daily, with SOURCEURL)", 58, 51, 52, 53, 54, 57};
constexpr GdeltLayout kGdelt2 = {"GDELT 2.0", 61, 53, 54, 56, 57, 60};
// A CSV export with a header: the 2.0 fields in order, possibly renamed, possibly
// followed by columns of its own (the processed sample adds `Confidence`).
constexpr std::array<const GdeltLayout*, 3> kRawLayouts = {&kGdelt1, &kGdelt1Daily, &kGdelt2};

constexpr std::string_view kColumnNames[] = {"GLOBALEVENTID", "SQLDATE", "EventCode", "EventRootCode",
                                             "GoldsteinScale"};
constexpr std::string_view kActionCountryName = "ActionGeo_CountryCode";

// A column name's letters in lower case: "Goldstein_Scale" and "GoldsteinScale" alike.
std::string NormalisedName(std::string_view name) {
  std::string letters;
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c))) letters.push_back(static_cast<char>(std::tolower(c)));
  }
  return letters;
}

bool LooksLikeEventIdHeader(std::string_view name) {
  return NormalisedName(name) == "globaleventid";
}

// Positions of a CSV export's header checked against what GDELT 2.0 has there,
// by a word its name must contain (exports rename columns, but keep their sense).
struct CheckedColumn {
  std::size_t position;
  std::string_view token;       // in NormalisedName form
  std::string_view gdelt_name;  // the codebook's name, for the message
};
constexpr CheckedColumn kCheckedColumns[] = {{kSqlDate, "da", "SQLDATE"},
                                             {kEventCode, "eventcode", "EventCode"},
                                             {kEventRootCode, "rootcode", "EventRootCode"},
                                             {kGoldsteinScale, "goldstein", "GoldsteinScale"},
                                             {kGdelt2.action_latitude, "lat", "ActionGeo_Lat"},
                                             {kGdelt2.action_longitude, "long", "ActionGeo_Long"},
                                             {kGdelt2.source_url, "url", "SOURCEURL"}};

class GdeltReader final : public DelimitedEventReader {
 public:
  GdeltReader(RecordReader records, char delimiter, const GdeltLayout& layout, std::size_t width,
              const EventReaderOptions& options)
      : DelimitedEventReader(std::move(records), delimiter), layout_(layout), width_(width), options_(options) {}

  // The first record of a raw file is data; it was read to recognise the layout.
  void KeepFirstRecord() { first_record_pending_ = true; }

  Result<ReadOutcome> Next(Event& event, RejectedRow& rejected) override {
    if (first_record_pending_) {
      first_record_pending_ = false;
      if (!records().problem().empty()) return Reject(rejected, "", records().problem());
      return Parse(event, rejected);
    }
    TOCSIN_ASSIGN_OR_RETURN(RecordStatus status, NextRecord(width_, rejected));
    if (status == RecordStatus::kEnd) return ReadOutcome::kEnd;
    if (status == RecordStatus::kRejected) return ReadOutcome::kRejected;
    return Parse(event, rejected);
  }

 private:
  std::string_view Get(std::size_t column) const { return TrimSpaces(field(column)); }

  // A state's forces or government, or a country coded alone ("AFG"), which
  // GDELT uses for the state as a whole.
  bool IsStateActor(std::size_t code, std::size_t country, std::size_t type) const {
    return IsStateActorType(Get(type)) || (!Get(code).empty() && Get(code) == Get(country) && Get(type).empty());
  }

  ReadOutcome Parse(Event& event, RejectedRow& rejected) {
    ClearEvent(event);
    event.source = kGdeltSource;
    event.source_id = Get(kGlobalEventId);
    if (!ParseWholeNumber(event.source_id)) {
      return Reject(rejected, kColumnNames[0], fmt::format("'{}' is not an event id", event.source_id));
    }
    const auto day = ParseDate(Get(kSqlDate));
    if (!day.ok()) return Reject(rejected, kColumnNames[1], day.status().message());
    if (*day > latest_day()) return Reject(rejected, kColumnNames[1], FutureDateReason(*day));
    event.date_start = event.date_end = *day;

    const auto root = RestoreCameoRoot(Get(kEventRootCode));
    if (!root) {
      return Reject(rejected, kColumnNames[3], fmt::format("'{}' is not a CAMEO root code", Get(kEventRootCode)));
    }
    const auto code = RestoreCameoCode(Get(kEventCode), *root);
    if (!code) {
      return Reject(rejected, kColumnNames[2],
                    fmt::format("'{}' is not a CAMEO code under root {}", Get(kEventCode), *root));
    }
    const bool state_actor = IsStateActor(kActor1Code, kActor1Country, kActor1Type) ||
                             IsStateActor(kActor2Code, kActor2Country, kActor2Type);
    const auto type = CameoViolenceType(*root, state_actor);
    if (!type) return ReadOutcome::kFiltered;
    event.violence_type = *type;
    event.event_code = *code;

    const Country* country = options_.registry->ByFips(Get(layout_.action_country));
    if (country == nullptr) return ReadOutcome::kFiltered;
    event.country_gw = country->gw;
    event.admin1 = Get(layout_.action_admin1);
    // A coordinate that is not a number, or not one on the globe, is left out, as
    // GDELT's rows often lack one; the place is the country.
    event.latitude = ParseReal(Get(layout_.action_latitude));
    event.longitude = ParseReal(Get(layout_.action_longitude));
    if (event.latitude && !(std::fabs(*event.latitude) <= kLargestLatitude)) event.latitude.reset();
    if (event.longitude && !(std::fabs(*event.longitude) <= kLargestLongitude)) event.longitude.reset();

    event.goldstein = options_.cameo != nullptr ? options_.cameo->Goldstein(*code) : std::nullopt;
    if (!event.goldstein && !IsMissingText(Get(kGoldsteinScale))) {
      event.goldstein = ParseReal(Get(kGoldsteinScale));
      if (!event.goldstein) {
        return Reject(rejected, kColumnNames[4], fmt::format("'{}' is not a number", Get(kGoldsteinScale)));
      }
      if (!(std::fabs(*event.goldstein) <= kLargestGoldstein)) {
        return Reject(rejected, kColumnNames[4],
                      fmt::format("{} is outside the Goldstein scale (-10 to 10)", Get(kGoldsteinScale)));
      }
    }
    event.actor1 = Get(kActor1Name);
    event.actor2 = Get(kActor2Name);
    if (layout_.source_url < width_) event.text = Get(layout_.source_url);
    SetOrigin(event.origin);
    return ReadOutcome::kEvent;
  }

  const GdeltLayout& layout_;
  std::size_t width_;
  EventReaderOptions options_;
  bool first_record_pending_ = false;
};

}  // namespace

Result<std::unique_ptr<EventReader>> OpenGdeltReader(const std::string& path, const EventReaderOptions& options) {
  // Raw exports are tab-separated without quoting or header; read the first line
  // that way and decide from what it holds.
  RecordReaderOptions raw_options;
  raw_options.delimiter = '\t';
  raw_options.quoting = false;
  raw_options.max_record_bytes = options.max_row_bytes;
  TOCSIN_ASSIGN_OR_RETURN(RecordReader raw, RecordReader::Open(path, raw_options));
  TOCSIN_ASSIGN_OR_RETURN(bool has_first, raw.Next());
  if (!has_first) return DataLossError(fmt::format("{}: the file is empty", path));
  const auto first = raw.fields();
  if (first.size() > 1) {
    for (const GdeltLayout* layout : kRawLayouts) {
      if (first.size() != layout->width) continue;
      const bool header = LooksLikeEventIdHeader(first[0]);
      auto reader = std::make_unique<GdeltReader>(std::move(raw), '\t', *layout, layout->width, options);
      if (!header) reader->KeepFirstRecord();
      return std::unique_ptr<EventReader>(std::move(reader));
    }
    return InvalidArgumentError(fmt::format("{}:1: not a GDELT export: {} tab-separated columns (GDELT 1.0 has 57 "
                                            "or 58, 2.0 has 61)",
                                            path, first.size()));
  }

  RecordReaderOptions csv_options;
  csv_options.max_record_bytes = options.max_row_bytes;
  TOCSIN_ASSIGN_OR_RETURN(RecordReader csv, RecordReader::Open(path, csv_options));
  TOCSIN_ASSIGN_OR_RETURN(bool has_header, csv.Next());
  if (!has_header) return DataLossError(fmt::format("{}: the file is empty", path));
  const auto header = csv.fields();
  if (header.size() < kGdelt2.width || !LooksLikeEventIdHeader(header[0])) {
    return InvalidArgumentError(fmt::format("{}:1: not a GDELT export: expected GDELT 2.0's 61 fields (from "
                                            "GLOBALEVENTID to SOURCEURL, {} among them), found {} columns starting '{}'",
                                            path, kActionCountryName, header.size(),
                                            header.empty() ? "" : header[0].substr(0, 40)));
  }
  // The columns are taken by position: a header whose names do not fit the
  // positions Tocsin reads means a column is missing or moved, and every field
  // after it would be read from its neighbour.
  for (const auto& [position, token, gdelt_name] : kCheckedColumns) {
    if (NormalisedName(header[position]).find(token) == std::string::npos) {
      return InvalidArgumentError(
          fmt::format("{}:1:{}: column {} is '{}' where GDELT 2.0 has {}: a column is missing or out of "
                      "order, so every field "
                      "after it would be misread; nothing was imported",
                      path, position + 1, position + 1, header[position].substr(0, 40), gdelt_name));
    }
  }
  const std::size_t width = header.size();
  return std::unique_ptr<EventReader>(std::make_unique<GdeltReader>(std::move(csv), ',', kGdelt2, width, options));
}

}  // namespace tocsin::monitor
