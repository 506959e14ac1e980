#include "tocsin/monitor/jsonl_format.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "tocsin/core/json_text.h"

namespace tocsin::monitor {
namespace {

using Json = nlohmann::json;

Status JsonFieldError(std::string_view field, std::string why) {
  return InvalidArgumentError(fmt::format("field '{}': {}", field, why));
}

Status Text(const Json& value, std::string_view field, std::string* out) {
  if (!value.is_string()) return JsonFieldError(field, "must be text");
  *out = value.get<std::string>();
  return Status::Ok();
}

Status Count(const Json& value, std::string_view field, std::optional<std::int64_t>* out) {
  if (value.is_null()) return Status::Ok();
  // An unsigned number beyond int64 reads as a negative one here, and is refused too.
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
    return JsonFieldError(field, "must be a whole number >= 0");
  }
  *out = value.get<std::int64_t>();
  return Status::Ok();
}

Status Real(const Json& value, std::string_view field, double limit, std::optional<double>* out) {
  if (value.is_null()) return Status::Ok();
  if (!value.is_number() || std::abs(value.get<double>()) > limit) {
    return JsonFieldError(field, fmt::format("must be a number within +-{}", limit));
  }
  *out = value.get<double>();
  return Status::Ok();
}

Status Date(const Json& value, std::string_view field, DayNumber* out) {
  if (!value.is_string()) return JsonFieldError(field, "must be a date \"YYYY-MM-DD\"");
  const auto day = ParseDate(value.get_ref<const std::string&>());
  if (!day.ok()) return JsonFieldError(field, day.status().message());
  *out = *day;
  return Status::Ok();
}

Status CountryField(const Json& value, const CountryRegistry& registry, int* gw) {
  const tocsin::Country* country = nullptr;
  if (value.is_string()) country = registry.ByIso3(value.get_ref<const std::string&>());
  if (value.is_number_integer()) {
    // A number that does not fit an int names no state (cut down, 2^32 + 20 would be Canada).
    const bool fits = value.is_number_unsigned() ? std::in_range<int>(value.get<std::uint64_t>())
                                                 : std::in_range<int>(value.get<std::int64_t>());
    if (fits) country = registry.ByGw(value.get<int>());
  }
  if (country == nullptr) {
    return JsonFieldError("country",
                          fmt::format("{} is neither an ISO3 code nor a Gleditsch-Ward number in the "
                                      "country registry",
                                      value.dump()));
  }
  *gw = country->gw;
  return Status::Ok();
}

using FieldReader = std::function<Status(const Json&, Event&)>;

// Every field but `country`, which needs the registry.
const std::map<std::string, FieldReader, std::less<>>& FieldReaders() {
  static const std::map<std::string, FieldReader, std::less<>> kReaders = {
      {"source", [](const Json& v, Event& e) { return Text(v, "source", &e.source); }},
      {"id",
       [](const Json& v, Event& e) {
         if (v.is_number_integer()) {
           e.source_id = v.dump();  // exact, also for an unsigned number beyond int64
           return Status::Ok();
         }
         return Text(v, "id", &e.source_id);
       }},
      {"date", [](const Json& v, Event& e) { return Date(v, "date", &e.date_start); }},
      {"date_end", [](const Json& v, Event& e) { return Date(v, "date_end", &e.date_end); }},
      {"date_precision",
       [](const Json& v, Event& e) {
         const auto precision = v.is_string() ? ParseDatePrecision(v.get_ref<const std::string&>()) : std::nullopt;
         if (!precision) return JsonFieldError("date_precision", "must be day, days, week, month or longer");
         e.date_precision = *precision;
         return Status::Ok();
       }},
      {"violence",
       [](const Json& v, Event& e) {
         const auto type = v.is_string() ? ParseViolenceType(v.get_ref<const std::string&>()) : std::nullopt;
         if (!type)
           return JsonFieldError("violence", "must be state-based, non-state, one-sided, protest or other");
         e.violence_type = *type;
         return Status::Ok();
       }},
      {"admin1", [](const Json& v, Event& e) { return Text(v, "admin1", &e.admin1); }},
      {"latitude",
       [](const Json& v, Event& e) { return Real(v, "latitude", kLargestLatitude, &e.latitude); }},
      {"longitude",
       [](const Json& v, Event& e) { return Real(v, "longitude", kLargestLongitude, &e.longitude); }},
      {"actor1", [](const Json& v, Event& e) { return Text(v, "actor1", &e.actor1); }},
      {"actor2", [](const Json& v, Event& e) { return Text(v, "actor2", &e.actor2); }},
      {"fatalities", [](const Json& v, Event& e) { return Count(v, "fatalities", &e.fatalities_best); }},
      {"fatalities_low",
       [](const Json& v, Event& e) { return Count(v, "fatalities_low", &e.fatalities_low); }},
      {"fatalities_high",
       [](const Json& v, Event& e) { return Count(v, "fatalities_high", &e.fatalities_high); }},
      {"civilian_deaths",
       [](const Json& v, Event& e) { return Count(v, "civilian_deaths", &e.civilian_deaths); }},
      {"event_code", [](const Json& v, Event& e) { return Text(v, "event_code", &e.event_code); }},
      {"goldstein",
       [](const Json& v, Event& e) {
         constexpr double kLargestGoldstein = 10;
         return Real(v, "goldstein", kLargestGoldstein, &e.goldstein);
       }},
      {"text", [](const Json& v, Event& e) { return Text(v, "text", &e.text); }},
  };
  return kReaders;
}

}  // namespace

Status ParseJsonEvent(std::string_view line, const CountryRegistry& registry, Event& event) {
  std::string duplicate;
  const Json object = ParseJsonNotingDuplicates(line, &duplicate);
  if (object.is_discarded()) return InvalidArgumentError("not valid JSON");
  if (!object.is_object()) return InvalidArgumentError("not a JSON object");
  // The parser would keep the last of two values silently (even of "id").
  if (!duplicate.empty()) return JsonFieldError(duplicate, "is given twice");
  event = Event();
  bool has_date_end = false;
  const auto& readers = FieldReaders();
  for (const auto& [key, value] : object.items()) {
    if (key == "country") {
      TOCSIN_RETURN_IF_ERROR(CountryField(value, registry, &event.country_gw));
      continue;
    }
    const auto reader = readers.find(key);
    if (reader == readers.end()) return JsonFieldError(key, "is not a field of the format");
    TOCSIN_RETURN_IF_ERROR(reader->second(value, event));
    has_date_end = has_date_end || key == "date_end";
  }
  for (std::string_view required : {"source", "id", "date", "country", "violence"}) {
    if (!object.contains(std::string(required))) return JsonFieldError(required, "is required");
  }
  if (event.source.empty()) return JsonFieldError("source", "must not be empty");
  if (event.source_id.empty()) return JsonFieldError("id", "must not be empty");
  if (!has_date_end) event.date_end = event.date_start;
  if (event.date_end < event.date_start) return JsonFieldError("date_end", "is before date");
  // Once per event: JSON lines are parsed far more slowly than a clock is read.
  const DayNumber latest = LatestEventDay();
  if (event.date_start > latest) return JsonFieldError("date", FutureDateReason(event.date_start));
  if (event.date_end > latest) return JsonFieldError("date_end", FutureDateReason(event.date_end));
  return Status::Ok();
}

std::string FormatJsonEvent(const Event& event, const CountryRegistry& registry) {
  Json object = Json::object();
  object["source"] = event.source;
  object["id"] = event.source_id;
  object["date"] = FormatDate(event.date_start);
  if (event.date_end != event.date_start) object["date_end"] = FormatDate(event.date_end);
  if (event.date_precision != DatePrecision::kDay) object["date_precision"] = DatePrecisionName(event.date_precision);
  const tocsin::Country* country = registry.ByGw(event.country_gw);
  if (country != nullptr && !country->iso3.empty()) {
    object["country"] = country->iso3;
  } else {
    object["country"] = event.country_gw;
  }
  object["violence"] = ViolenceTypeName(event.violence_type);
  auto text = [&](const char* key, const std::string& value) {
    if (!value.empty()) object[key] = value;
  };
  auto optional = [&](const char* key, const auto& value) {
    if (value) object[key] = *value;
  };
  text("admin1", event.admin1);
  optional("latitude", event.latitude);
  optional("longitude", event.longitude);
  text("actor1", event.actor1);
  text("actor2", event.actor2);
  optional("fatalities", event.fatalities_best);
  optional("fatalities_low", event.fatalities_low);
  optional("fatalities_high", event.fatalities_high);
  optional("civilian_deaths", event.civilian_deaths);
  text("event_code", event.event_code);
  optional("goldstein", event.goldstein);
  text("text", event.text);
  return object.dump();
}

}  // namespace tocsin::monitor
