#include "tocsin/monitor/cameo.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

#include "record_reader.h"

namespace tocsin::monitor {
namespace {

constexpr int kFirstRoot = 1;
constexpr int kLastRoot = 20;
constexpr std::size_t kRootDigits = 2;
constexpr std::size_t kLongestCode = 4;

struct RootMapping {
  std::string_view root;
  ViolenceType type;
};

// The table documented in cameo.h; root 19 is resolved by the actors' types.
constexpr std::array<RootMapping, 6> kRootMappings = {{
    {"14", ViolenceType::kProtest},
    {"15", ViolenceType::kOther},
    {"17", ViolenceType::kOther},
    {"18", ViolenceType::kOneSided},
    {"19", ViolenceType::kStateBased},
    {"20", ViolenceType::kOneSided},
}};
constexpr std::string_view kFightRoot = "19";
constexpr std::array<std::string_view, 4> kStateActorTypes = {"GOV", "MIL", "COP", "SPY"};

}  // namespace

Result<CameoTable> CameoTable::Load(const std::string& path) {
  RecordReaderOptions options;
  options.delimiter = '\t';
  options.quoting = false;
  TOCSIN_ASSIGN_OR_RETURN(RecordReader reader, RecordReader::Open(path, options));
  TOCSIN_ASSIGN_OR_RETURN(bool has_header, reader.Next());
  if (!has_header) return DataLossError(fmt::format("{}: the file is empty (no header row)", path));
  const auto header = reader.fields();
  std::size_t score_column = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "GoldsteinScale") score_column = i;
  }
  if (score_column == header.size()) {
    return InvalidArgumentError(fmt::format("{}: no column 'GoldsteinScale' in the header", path));
  }
  CameoTable table;
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(bool more, reader.Next());
    if (!more) break;
    const auto fields = reader.fields();
    if (!reader.problem().empty() || fields.size() <= score_column) {
      return InvalidArgumentError(fmt::format("{}:{}: expected {} tab-separated columns", path, reader.line(),
                                              header.size()));
    }
    double score = 0;
    const std::string_view text = fields[score_column];
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), score);
    if (error != std::errc() || end != text.data() + text.size()) {
      return InvalidArgumentError(fmt::format("{}:{}: GoldsteinScale '{}' is not a number", path, reader.line(), text));
    }
    table.goldstein_[std::string(fields[0])] = score;
  }
  return table;
}

std::optional<double> CameoTable::Goldstein(std::string_view code) const {
  const auto found = goldstein_.find(code);
  if (found == goldstein_.end()) return std::nullopt;
  return found->second;
}

bool IsStateActorType(std::string_view type_code) {
  for (std::string_view state : kStateActorTypes) {
    if (type_code == state) return true;
  }
  return false;
}

std::optional<ViolenceType> CameoViolenceType(std::string_view root, bool state_actor) {
  for (const RootMapping& mapping : kRootMappings) {
    if (mapping.root != root) continue;
    if (root == kFightRoot && !state_actor) return ViolenceType::kNonState;
    return mapping.type;
  }
  return std::nullopt;
}

std::optional<std::string> RestoreCameoRoot(std::string_view root) {
  int number = 0;
  const auto [end, error] = std::from_chars(root.data(), root.data() + root.size(), number);
  if (root.empty() || error != std::errc() || end != root.data() + root.size() || number < kFirstRoot ||
      number > kLastRoot) {
    return std::nullopt;
  }
  return fmt::format("{:02}", number);
}

std::optional<std::string> RestoreCameoCode(std::string_view code, std::string_view root) {
  const auto restored_root = RestoreCameoRoot(root);
  if (!restored_root || code.empty() || code.size() > kLongestCode) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::string restored(code);
  // A root-only code ("04") and longer codes ("043", "0431") both begin with the root.
  while (!restored.starts_with(*restored_root) && restored.size() < kLongestCode) restored.insert(restored.begin(), '0');
  if (!restored.starts_with(*restored_root) || restored.size() < kRootDigits) return std::nullopt;
  return restored;
}

}  // namespace tocsin::monitor
