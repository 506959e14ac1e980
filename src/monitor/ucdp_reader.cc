#include "ucdp_reader.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "delimited_event_reader.h"
#include "field_values.h"

namespace tocsin::monitor {
namespace {

// Columns every GED version has, and those read when present.
const std::vector<std::string> kRequiredColumns = {"id", "type_of_violence", "date_start", "country_id", "best"};
enum Column : std::size_t {
  kId,
  kTypeOfViolence,
  kDateStart,
  kCountryId,
  kBest,
  kDateEnd,
  kDatePrecision,
  kAdmin1,
  kLatitude,
  kLongitude,
  kLow,
  kHigh,
  kDeathsCivilians,
  kSideA,  // the text columns come last (kFirstTextColumn)
  kSideB,
  kSourceHeadline,
  kWhereDescription,
  kConflictName,
  kColumnCount,
};
constexpr std::size_t kFirstTextColumn = kSideA;
const std::vector<std::string> kOptionalColumns = {
    "date_end", "date_prec", "adm_1",  "latitude",        "longitude",         "low",
    "high",     "deaths_civilians",    "side_a", "side_b", "source_headline", "where_description", "conflict_name"};

// True when `text` is a plain decimal ("-12.345": at most 3 integer and 12
// fraction digits) within +-limit; false for anything else, which ParseReal
// then decides. Within those digits the rounding of a parser cannot move a
// value across the limit, so the answer is the parser's.
bool IsPlainDecimalWithin(std::string_view text, double limit) {
  constexpr std::size_t kIntegerDigits = 3;
  constexpr std::size_t kFractionDigits = 12;
  std::size_t at = !text.empty() && text.front() == '-' ? 1 : 0;
  int whole = 0;
  const std::size_t integer_begin = at;
  for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
    if (at - integer_begin == kIntegerDigits) return false;
    whole = whole * 10 + (text[at] - '0');
  }
  if (at == integer_begin) return false;
  bool zero_fraction = true;
  if (at < text.size()) {
    if (text[at] != '.') return false;
    const std::size_t fraction_begin = ++at;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) zero_fraction = zero_fraction && text[at] == '0';
    const std::size_t fraction_digits = at - fraction_begin;
    if (at != text.size() || fraction_digits == 0 || fraction_digits > kFractionDigits) return false;
  }
  return whole < limit || (whole == limit && zero_fraction);
}

class UcdpReader final : public DelimitedEventReader {
 public:
  UcdpReader(RecordReader records, const std::vector<std::optional<std::size_t>>& columns, std::size_t width,
             const EventReaderOptions& options)
      : DelimitedEventReader(std::move(records), ','), width_(width), options_(options) {
    for (std::size_t column = 0; column < kColumnCount; ++column) {
      field_of_column_[column] = columns[column] ? *columns[column] : kAbsent;
    }
    if (options_.summary_only) {  // the record reader need not unquote the others
      std::vector<std::size_t> kept;
      for (std::size_t column = 0; column < kFirstTextColumn; ++column) {
        if (columns[column]) kept.push_back(*columns[column]);
      }
      DelimitedEventReader::records().KeepOnlyColumns(std::move(kept));
    }
  }

  Result<ReadOutcome> Next(Event& event, RejectedRow& rejected) override {
    TOCSIN_ASSIGN_OR_RETURN(RecordStatus status, NextRecord(width_, rejected));
    if (status == RecordStatus::kEnd) return ReadOutcome::kEnd;
    if (status == RecordStatus::kRejected) return ReadOutcome::kRejected;
    return Parse(event, rejected);
  }

 private:
  // Each column's text, trimmed, and whether it holds a value: read once per row.
  void ReadRow() {
    // A summary needs no actors or text, and those columns have nothing to check.
    const std::size_t columns = options_.summary_only ? kFirstTextColumn : kColumnCount;
    for (std::size_t column = 0; column < columns; ++column) {
      const std::size_t index = field_of_column_[column];
      const std::string_view text = index == kAbsent ? std::string_view() : TrimSpaces(field(index));
      values_[column] = text;
      present_[column] = !IsMissingTrimmedText(text);
    }
  }
  std::string_view Get(Column column) const { return values_[column]; }
  std::string_view Name(Column column) const {
    return column < kRequiredColumns.size() ? kRequiredColumns[column]
                                            : kOptionalColumns[column - kRequiredColumns.size()];
  }
  bool Present(Column column) const { return present_[column]; }

  // Reads an optional count (fatalities): nullopt when missing, an error when not a count.
  Status Count(Column column, std::optional<std::int64_t>* value) const {
    value->reset();
    if (!Present(column)) return Status::Ok();
    std::int64_t count = 0;
    if (!ParseWholeNumber(Get(column), &count) || count < 0) {
      return InvalidArgumentError(fmt::format("'{}' is not a count (a whole number >= 0)", Get(column)));
    }
    *value = count;
    return Status::Ok();
  }

  Status Coordinate(Column column, double limit, std::optional<double>* value) const {
    value->reset();
    if (!Present(column)) return Status::Ok();
    // A summary holds no coordinates: what matters is only whether they are valid.
    if (options_.summary_only && IsPlainDecimalWithin(Get(column), limit)) return Status::Ok();
    *value = ParseReal(Get(column));
    if (!*value || **value < -limit || **value > limit) {
      return InvalidArgumentError(fmt::format("'{}' is not a coordinate within +-{}", Get(column), limit));
    }
    return Status::Ok();
  }

  ReadOutcome Parse(Event& event, RejectedRow& rejected) {
    ReadRow();
    ClearEvent(event);
    event.source = kUcdpSource;
    event.source_id = Get(kId);
    if (event.source_id.empty()) return Reject(rejected, Name(kId), "the event id is missing");

    std::int64_t type = 0;
    if (!ParseWholeNumber(Get(kTypeOfViolence), &type) ||
        type < static_cast<int>(ViolenceType::kStateBased) ||
        type > static_cast<int>(ViolenceType::kOneSided)) {
      return Reject(rejected, Name(kTypeOfViolence), fmt::format("'{}' is not 1, 2 or 3", Get(kTypeOfViolence)));
    }
    event.violence_type = static_cast<ViolenceType>(type);

    DayNumber start = 0;
    if (!ParseIsoDate(Get(kDateStart), &start)) {  // another form, or an error to explain
      const auto parsed = ParseDate(Get(kDateStart));
      if (!parsed.ok()) return Reject(rejected, Name(kDateStart), parsed.status().message());
      start = *parsed;
    }
    if (start > latest_day()) return Reject(rejected, Name(kDateStart), FutureDateReason(start));
    event.date_start = event.date_end = start;
    if (Present(kDateEnd) && Get(kDateEnd) != Get(kDateStart)) {  // most events last one day
      const auto end = ParseDate(Get(kDateEnd));
      if (!end.ok()) return Reject(rejected, Name(kDateEnd), end.status().message());
      if (*end < start) return Reject(rejected, Name(kDateEnd), "date_end is before date_start");
      if (*end > latest_day()) return Reject(rejected, Name(kDateEnd), FutureDateReason(*end));
      event.date_end = *end;
    }
    if (Present(kDatePrecision)) {
      std::int64_t precision = 0;
      if (!ParseWholeNumber(Get(kDatePrecision), &precision) || precision < 1 ||
          precision > kDatePrecisionCount) {
        return Reject(rejected, Name(kDatePrecision), fmt::format("'{}' is not 1 to 5", Get(kDatePrecision)));
      }
      event.date_precision = static_cast<DatePrecision>(precision);
    }

    std::int64_t gw = 0;
    if (!ParseWholeNumber(Get(kCountryId), &gw) || !KnownState(gw)) {
      return Reject(rejected, Name(kCountryId),
                    fmt::format("'{}' is not a Gleditsch-Ward state in the country registry", Get(kCountryId)));
    }
    event.country_gw = static_cast<int>(gw);

    if (!Present(kBest)) return Reject(rejected, Name(kBest), "the best fatality estimate is missing");
    for (auto [column, value] : {std::pair{kBest, &event.fatalities_best}, std::pair{kLow, &event.fatalities_low},
                                 std::pair{kHigh, &event.fatalities_high},
                                 std::pair{kDeathsCivilians, &event.civilian_deaths}}) {
      if (const Status status = Count(column, value); !status.ok()) {
        return Reject(rejected, Name(column), status.message());
      }
    }
    for (auto [column, limit, value] : {std::tuple{kLatitude, kLargestLatitude, &event.latitude},
                                        std::tuple{kLongitude, kLargestLongitude, &event.longitude}}) {
      if (const Status status = Coordinate(column, limit, value); !status.ok()) {
        return Reject(rejected, Name(column), status.message());
      }
    }

    if (Present(kAdmin1)) event.admin1 = Get(kAdmin1);
    if (options_.summary_only) return ReadOutcome::kEvent;
    if (Present(kSideA)) event.actor1 = Get(kSideA);
    if (Present(kSideB)) event.actor2 = Get(kSideB);
    for (Column column : {kSourceHeadline, kWhereDescription, kConflictName}) {
      if (Present(column)) {
        event.text = Get(column);
        break;
      }
    }
    SetOrigin(event.origin);
    return ReadOutcome::kEvent;
  }

  // Rows come in runs of one country: remember the last answer.
  bool KnownState(std::int64_t gw) {
    if (gw != last_gw_) {
      last_gw_ = gw;
      // Beyond an int a number names no state (cut down, 2^32 + 482 would be the CAR).
      last_gw_known_ = std::in_range<int>(gw) && options_.registry->ByGw(static_cast<int>(gw)) != nullptr;
    }
    return last_gw_known_;
  }

  std::int64_t last_gw_ = -1;
  bool last_gw_known_ = false;
  static constexpr std::size_t kAbsent = SIZE_MAX;
  std::array<std::size_t, kColumnCount> field_of_column_{};  // by Column; kAbsent: not in the file
  std::array<std::string_view, kColumnCount> values_;
  std::array<bool, kColumnCount> present_{};
  std::size_t width_;
  EventReaderOptions options_;
};

}  // namespace

Result<std::unique_ptr<EventReader>> OpenUcdpReader(const std::string& path, const EventReaderOptions& options) {
  RecordReaderOptions record_options;
  record_options.max_record_bytes = options.max_row_bytes;
  TOCSIN_ASSIGN_OR_RETURN(RecordReader records, RecordReader::Open(path, record_options));
  TOCSIN_ASSIGN_OR_RETURN(bool has_header, records.Next());
  if (!has_header) return DataLossError(fmt::format("{}: the file is empty (no header row)", path));
  if (!records.problem().empty()) return InvalidArgumentError(fmt::format("{}:1: {}", path, records.problem()));
  const auto header = records.fields();
  auto find = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (TrimSpaces(header[i]) == name) return i;
    }
    return std::nullopt;
  };
  std::vector<std::optional<std::size_t>> columns;
  std::vector<std::string> missing;
  for (const std::string& name : kRequiredColumns) {
    columns.push_back(find(name));
    if (!columns.back()) missing.push_back("'" + name + "'");
  }
  if (!missing.empty()) {
    return InvalidArgumentError(fmt::format("{}: not a UCDP GED file: missing column{} {}", path,
                                            missing.size() > 1 ? "s" : "", fmt::join(missing, ", ")));
  }
  for (const std::string& name : kOptionalColumns) columns.push_back(find(name));
  const std::size_t width = header.size();
  return std::unique_ptr<EventReader>(std::make_unique<UcdpReader>(std::move(records), std::move(columns), width,
                                                                   options));
}

}  // namespace tocsin::monitor
