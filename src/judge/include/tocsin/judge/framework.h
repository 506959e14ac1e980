// The UN Framework of Analysis for Atrocity Crimes (2014) as Tocsin scores it:
// 14 risk factors, each with indicators, paraphrased in Tocsin's own words and
// kept as data (src/judge/data/framework.csv, compiled into the binary).
// Factors 1-8 are common to all atrocity crimes, 9-10 specific to genocide,
// 11-12 to crimes against humanity, 13-14 to war crimes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::judge {

enum class CrimeGroup : std::uint8_t {
  kCommon = 0,
  kGenocide = 1,
  kCrimesAgainstHumanity = 2,
  kWarCrimes = 3,
};

// "common", "genocide", "crimes against humanity", "war crimes".
std::string_view CrimeGroupName(CrimeGroup group);

struct Indicator {
  std::string code;  // "7.3": factor 7, third indicator
  int factor = 0;
  std::string text;
};

struct Factor {
  int number = 0;  // 1..14
  std::string name;
  CrimeGroup group = CrimeGroup::kCommon;
  std::vector<Indicator> indicators;
};

// Immutable after construction; safe to share between threads.
class Framework {
 public:
  // The embedded list, parsed once. The embedded file is checked by a test, so
  // a malformed one is a programmer error (abort), not a runtime condition.
  static const Framework& Default();

  // Parses "code,group,text" rows: a factor row ("7", its group, its name)
  // precedes its indicator rows ("7.1", "", the indicator). Errors:
  // InvalidArgument naming the line and what is wrong.
  static Result<Framework> Parse(std::string_view name, std::string_view csv_text);

  const std::vector<Factor>& factors() const { return factors_; }
  // Null when there is no such factor or indicator.
  const Factor* FindFactor(int number) const;
  const Indicator* FindIndicator(std::string_view code) const;
  std::size_t indicator_count() const;

 private:
  std::vector<Factor> factors_;
};

}  // namespace tocsin::judge
