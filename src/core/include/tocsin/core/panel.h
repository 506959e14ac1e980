// A country-year panel: one row per country and year, one numeric column per
// variable, NaN where the source has no value.
//
// The unit is the Early Warning Project's: a country named and coded by COW
// (`ccode`) in a year. Every column but the country name is a variable, so the
// key columns (code, year) are also available as predictors, as EWP uses `year`.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin {

struct PanelKey {
  std::string country;  // the source's name, e.g. "Burma/Myanmar"
  int cow = 0;          // COW code
  int year = 0;
};

class Panel {
 public:
  Panel() = default;
  explicit Panel(std::vector<std::string> variables);

  const std::vector<std::string>& variables() const { return variables_; }
  std::size_t rows() const { return keys_.size(); }
  const PanelKey& key(std::size_t row) const { return keys_[row]; }
  double value(std::size_t row, std::size_t variable) const { return values_[row * variables_.size() + variable]; }
  bool missing(std::size_t row, std::size_t variable) const { return std::isnan(value(row, variable)); }

  // Index of `variable`, or NotFound naming it.
  Result<std::size_t> Variable(std::string_view variable) const;
  // Row of (cow, year), or -1.
  std::ptrdiff_t Find(int cow, int year) const;

  // Appends a row; `values` holds one entry per variable (NaN = missing).
  // Errors: AlreadyExists for a repeated (cow, year); InvalidArgument for a
  // wrong number of values.
  Status AddRow(PanelKey key, std::vector<double> values);

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

  // Where the panel came from and the SHA-256 (hex) of its bytes.
  std::string source;
  std::string data_hash;

 private:
  std::vector<std::string> variables_;
  std::vector<PanelKey> keys_;
  std::vector<double> values_;  // row-major
  std::unordered_map<long long, std::size_t> index_;
  int first_year_ = 0;
  int last_year_ = 0;
};

struct PanelCsvOptions {
  std::string country_column = "ewp_name";
  std::string code_column = "ccode";
  std::string year_column = "year";
  // Columns that must be present (beyond the keys); the error lists all absent.
  std::vector<std::string> required_columns;
  // Columns whose values must be 0, 1 or missing (outcomes): any other value is
  // an error naming the cell, so a miscoded outcome never reaches a fit.
  std::vector<std::string> binary_columns;
};

// Reads a panel CSV such as EWP's prepared predictors. Every cell but the country
// name must be a number or missing (NA or empty); no column name may appear twice. Errors name file, line and
// column; a truncated file is DataLoss. On error nothing is returned, so a caller that stores only successful
// reads never stores half a file.
Result<Panel> ReadPanelCsv(const std::string& path, const PanelCsvOptions& options = {});

// SHA-256 of a file's bytes as lower-case hex.
Result<std::string> Sha256File(const std::string& path);

}  // namespace tocsin
