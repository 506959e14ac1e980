#include "tocsin/monitor/event.h"

#include <array>
#include <bit>
#include <cstring>

namespace tocsin::monitor {
namespace {

constexpr std::array<std::string_view, kViolenceTypeCount> kViolenceTypeNames = {
    "state-based", "non-state", "one-sided", "protest", "other"};
constexpr std::array<std::string_view, kDatePrecisionCount> kDatePrecisionNames = {"day", "days", "week", "month",
                                                                                   "longer"};

// FNV-1a, 64-bit: simple, stable across platforms and releases (std::hash is not).
class ContentHasher {
 public:
  void Add(std::string_view text) {
    for (char c : text) Byte(static_cast<unsigned char>(c));
    Byte(kSeparator);
  }
  void Add(std::int64_t value) {
    for (int shift = 0; shift < kBitsPerWord; shift += kBitsPerByte) Byte(static_cast<unsigned char>(value >> shift));
  }
  void Add(const std::optional<std::int64_t>& value) {
    Byte(value.has_value());
    if (value) Add(*value);
  }
  void Add(const std::optional<double>& value) {
    Byte(value.has_value());
    if (value) Add(std::bit_cast<std::int64_t>(*value));
  }
  std::int64_t value() const { return static_cast<std::int64_t>(state_); }

 private:
  static constexpr std::uint64_t kOffsetBasis = 14695981039346656037ULL;
  static constexpr std::uint64_t kPrime = 1099511628211ULL;
  static constexpr unsigned char kSeparator = 0x1f;  // ASCII unit separator: "ab","c" differs from "a","bc"
  static constexpr int kBitsPerWord = 64;
  static constexpr int kBitsPerByte = 8;

  void Byte(unsigned char byte) {
    state_ ^= byte;
    state_ *= kPrime;
  }
  std::uint64_t state_ = kOffsetBasis;
};

// Enumerations numbered from 1, named by a table.
template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::string_view, N>& names, Enum value) {
  const auto index = static_cast<std::size_t>(value) - 1;
  return index < names.size() ? names[index] : "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> FromName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Enum>(i + 1);
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::int64_t> ViolenceTypeNumbers(ViolenceMask mask) {
  std::vector<std::int64_t> types;
  for (int type = 1; type <= kViolenceTypeCount; ++type) {
    if ((mask & ViolenceBit(static_cast<ViolenceType>(type))) != 0) types.push_back(type);
  }
  return types;
}

std::string_view ViolenceTypeName(ViolenceType type) { return NameOf(kViolenceTypeNames, type); }

std::optional<ViolenceType> ParseViolenceType(std::string_view name) {
  return FromName<ViolenceType>(kViolenceTypeNames, name);
}

bool IsLethalViolence(ViolenceType type) {
  return type == ViolenceType::kStateBased || type == ViolenceType::kNonState || type == ViolenceType::kOneSided;
}

std::string_view DatePrecisionName(DatePrecision precision) { return NameOf(kDatePrecisionNames, precision); }

std::optional<DatePrecision> ParseDatePrecision(std::string_view name) {
  return FromName<DatePrecision>(kDatePrecisionNames, name);
}

void ClearEvent(Event& event) {
  for (std::string* text : {&event.source, &event.source_id, &event.admin1, &event.actor1, &event.actor2,
                            &event.event_code, &event.text, &event.origin}) {
    text->clear();
  }
  event.date_start = event.date_end = 0;
  event.date_precision = DatePrecision::kDay;
  event.country_gw = 0;
  event.latitude.reset();
  event.longitude.reset();
  event.violence_type = ViolenceType::kOther;
  for (std::optional<std::int64_t>* count :
       {&event.fatalities_best, &event.fatalities_low, &event.fatalities_high, &event.civilian_deaths}) {
    count->reset();
  }
  event.goldstein.reset();
}

std::int64_t ContentHash(const Event& event) {
  ContentHasher hasher;
  hasher.Add(event.source);
  hasher.Add(event.source_id);
  hasher.Add(std::int64_t{event.date_start});
  hasher.Add(std::int64_t{event.date_end});
  hasher.Add(static_cast<std::int64_t>(event.date_precision));
  hasher.Add(std::int64_t{event.country_gw});
  hasher.Add(event.admin1);
  hasher.Add(event.latitude);
  hasher.Add(event.longitude);
  hasher.Add(static_cast<std::int64_t>(event.violence_type));
  hasher.Add(event.actor1);
  hasher.Add(event.actor2);
  hasher.Add(event.fatalities_best);
  hasher.Add(event.fatalities_low);
  hasher.Add(event.fatalities_high);
  hasher.Add(event.civilian_deaths);
  hasher.Add(event.event_code);
  hasher.Add(event.goldstein);
  hasher.Add(event.text);
  return hasher.value();
}

}  // namespace tocsin::monitor
