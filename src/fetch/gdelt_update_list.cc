#include "tocsin/fetch/gdelt_update_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tocsin::fetch {
namespace {

constexpr std::size_t kMd5HexDigits = 32;
constexpr std::size_t kTimestampDigits = 14;  // YYYYMMDDHHMMSS

GdeltTable TableOf(std::string_view file_name) {
  std::string lower(file_name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.find(".export.") != std::string::npos) return GdeltTable::kExport;
  if (lower.find(".mentions.") != std::string::npos) return GdeltTable::kMentions;
  if (lower.find(".gkg.") != std::string::npos) return GdeltTable::kGkg;
  return GdeltTable::kOther;
}

std::string TimestampOf(std::string_view file_name) {
  if (file_name.size() < kTimestampDigits) return {};
  const std::string_view digits = file_name.substr(0, kTimestampDigits);
  const bool all_digits =
      std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); });
  return all_digits ? std::string(digits) : std::string();
}

// Does `timestamp` fall within the bound given as a prefix? A prefix compares
// with the timestamp's first characters, so "2025" includes all of 2025.
bool NotBefore(std::string_view timestamp, std::string_view from) {
  return from.empty() || timestamp.substr(0, from.size()) >= from;
}
bool NotAfter(std::string_view timestamp, std::string_view to) {
  return to.empty() || timestamp.substr(0, to.size()) <= to;
}

}  // namespace

Result<std::vector<GdeltListEntry>> ParseGdeltList(std::string_view text, std::string_view list_name) {
  std::vector<GdeltListEntry> entries;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto fail = [&](std::string_view why) {
      return InvalidArgumentError(
          fmt::format("{}:{}: {} (expected 'SIZE MD5 URL')", list_name, line_number, why));
    };
    const std::size_t first = line.find(' ');
    const std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos) return fail("fewer than three fields");
    const std::string_view size = line.substr(0, first);
    const std::string_view md5 = line.substr(first + 1, second - first - 1);
    const std::string_view url = line.substr(second + 1);
    GdeltListEntry entry;
    const auto [size_end, size_error] = std::from_chars(size.data(), size.data() + size.size(), entry.size);
    if (size_error != std::errc() || size_end != size.data() + size.size()) {
      return fail(fmt::format("size '{}' is not a number", size));
    }
    const bool hex = md5.size() == kMd5HexDigits &&
                     std::all_of(md5.begin(), md5.end(), [](unsigned char c) { return std::isxdigit(c); });
    if (!hex) return fail(fmt::format("'{}' is not an MD5 checksum", md5));
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
      return fail(fmt::format("'{}' is not an http(s) URL", url));
    }
    if (url.find_first_of(" \t") != std::string_view::npos) return fail("more than three fields");
    entry.md5.resize(md5.size());
    std::transform(md5.begin(), md5.end(), entry.md5.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    entry.url = std::string(url);
    const std::string_view file_name = url.substr(url.rfind('/') + 1);
    entry.timestamp = TimestampOf(file_name);
    entry.table = TableOf(file_name);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<GdeltListEntry> SelectGdeltFiles(const std::vector<GdeltListEntry>& entries, GdeltTable table,
                                             std::string_view from, std::string_view to) {
  std::vector<GdeltListEntry> selected;
  for (const GdeltListEntry& entry : entries) {
    if (entry.table == table && NotBefore(entry.timestamp, from) && NotAfter(entry.timestamp, to)) {
      selected.push_back(entry);
    }
  }
  std::stable_sort(selected.begin(), selected.end(), [](const GdeltListEntry& a, const GdeltListEntry& b) {
    return a.timestamp < b.timestamp;
  });
  return selected;
}

}  // namespace tocsin::fetch
