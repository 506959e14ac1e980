#include "tocsin/core/panel.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <vector>

#include "tocsin/core/country_registry.h"
#include "tocsin/core/csv_reader.h"

namespace tocsin {
namespace {

// One-to-one for the years a panel accepts (kFirstYear..kLastYear, below 100,000).
long long KeyOf(int cow, int year) { return static_cast<long long>(cow) * 100000 + year; }

}  // namespace

Panel::Panel(std::vector<std::string> variables) : variables_(std::move(variables)) {}

Result<std::size_t> Panel::Variable(std::string_view variable) const {
  const auto found = std::find(variables_.begin(), variables_.end(), variable);
  if (found == variables_.end()) {
    return NotFoundError(fmt::format("{}: no variable '{}'", source.empty() ? "panel" : source, variable));
  }
  return static_cast<std::size_t>(found - variables_.begin());
}

std::ptrdiff_t Panel::Find(int cow, int year) const {
  const auto found = index_.find(KeyOf(cow, year));
  return found == index_.end() ? -1 : static_cast<std::ptrdiff_t>(found->second);
}

Status Panel::AddRow(PanelKey key, std::vector<double> values) {
  if (values.size() != variables_.size()) {
    return InvalidArgumentError(fmt::format("row has {} values, the panel has {} variables", values.size(),
                                            variables_.size()));
  }
  if (!index_.emplace(KeyOf(key.cow, key.year), keys_.size()).second) {
    return AlreadyExistsError(fmt::format("country {} ({}) appears twice in year {}", key.cow, key.country, key.year));
  }
  if (keys_.empty() || key.year < first_year_) first_year_ = key.year;
  if (keys_.empty() || key.year > last_year_) last_year_ = key.year;
  keys_.push_back(std::move(key));
  values_.insert(values_.end(), values.begin(), values.end());
  return Status::Ok();
}

Result<Panel> ReadPanelCsv(const std::string& path, const PanelCsvOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(path));
  std::vector<std::string> required = {options.country_column, options.code_column, options.year_column};
  required.insert(required.end(), options.required_columns.begin(), options.required_columns.end());
  TOCSIN_ASSIGN_OR_RETURN(auto key_columns, reader.Columns(required));
  const std::size_t country_column = key_columns[0];

  std::vector<std::string> variables;
  std::vector<std::size_t> variable_columns;
  std::map<std::string, std::size_t, std::less<>> first_column;  // name -> column, to find a repeated name
  for (std::size_t column = 0; column < reader.header().size(); ++column) {
    if (column == country_column || reader.header()[column].empty()) continue;  // R's row-name column
    const std::string& name = reader.header()[column];
    if (const auto [seen, added] = first_column.emplace(name, column); !added) {
      return InvalidArgumentError(fmt::format("{}:1:{}: column '{}' appears twice (also column {})", path,
                                              column + 1, name, seen->second + 1));
    }
    variables.push_back(name);
    variable_columns.push_back(column);
  }
  std::vector<bool> binary(variable_columns.size(), false);
  for (const std::string& name : options.binary_columns) {
    for (std::size_t i = 0; i < variables.size(); ++i) binary[i] = binary[i] || variables[i] == name;
  }
  Panel panel(variables);
  panel.source = path;
  TOCSIN_ASSIGN_OR_RETURN(panel.data_hash, Sha256File(path));

  std::vector<double> values(variables.size());
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(bool more, reader.Next());
    if (!more) break;
    for (std::size_t i = 0; i < variable_columns.size(); ++i) {
      TOCSIN_ASSIGN_OR_RETURN(std::optional<double> value, reader.OptionalNumber(variable_columns[i]));
      if (binary[i] && value && *value != 0 && *value != 1) {
        return InvalidArgumentError(
            fmt::format("{}: {} is not 0 or 1 (an outcome: 1 if it happened, 0 if not)",
                        reader.Location(variable_columns[i]), reader.Field(variable_columns[i])));
      }
      values[i] = value.value_or(std::numeric_limits<double>::quiet_NaN());
    }
    PanelKey key;
    key.country = std::string(reader.Field(country_column));
    if (key.country.empty()) {
      return InvalidArgumentError(fmt::format("{}: country name is empty", reader.Location(country_column)));
    }
    TOCSIN_ASSIGN_OR_RETURN(key.cow, reader.IntegerIn(key_columns[1], 0, kLargestCountryCode));
    TOCSIN_ASSIGN_OR_RETURN(key.year, reader.IntegerIn(key_columns[2], kFirstYear, kLastYear));
    const Status added = panel.AddRow(std::move(key), values);
    if (!added.ok()) return added.WithContext(fmt::format("{}:{}", path, reader.line()));
  }
  if (panel.rows() == 0) return InvalidArgumentError(fmt::format("{}: the file has a header but no rows", path));
  return panel;
}

Result<std::string> Sha256File(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return NotFoundError(fmt::format("{}: cannot open file", path));
  // OpenSSL's SHA-256 uses the CPU's SHA instructions where there are any:
  // about five times libsodium's portable code, which matters on files of gigabytes.
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    std::fclose(file);
    return InternalError("SHA-256 is not available");
  }
  std::vector<unsigned char> block(1 << 20);
  std::size_t got;
  while ((got = std::fread(block.data(), 1, block.size(), file)) > 0) EVP_DigestUpdate(context.get(), block.data(), got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return IoError(fmt::format("{}: read error", path));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace tocsin
