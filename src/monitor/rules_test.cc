#include "tocsin/monitor/rules.h"

#include <gtest/gtest.h>

namespace tocsin::monitor {
namespace {

constexpr std::string_view kRule = R"([[rule]]
name = "surge"
description = "%s"
detector = "surge"
severity = "high"
triage_hours = 24
series = { place = "country", violence = ["one-sided"], period = "week", measure = "events" }
parameters = { ratio = 2, baseline_periods = 4, minimum = 5 }
)";

std::string RuleWithDescription(std::string_view description) {
  std::string text(kRule);
  text.replace(text.find("%s"), 2, description);
  return text;
}

// toml++ 3.3 is given ASCII only (tocsin/core/toml_text.h): text outside ASCII in
// a string reads back unchanged.
TEST(Rules, DescriptionKeepsCharactersOutsideAscii) {
  const std::string description = "Surge in C\xC3\xB4te d'Ivoire \xE2\x80\x94 \xD0\x9C\xD0\xB8\xD1\x80";
  const auto rules = ParseRules(RuleWithDescription(description), "rules.toml");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].description, description);
}

// Found by tests/fuzz/config_fuzz.cc: "é" where toml++ looks for whitespace
// reached a point toml++ 3.3 marks unreachable. It is now a located error.
TEST(Rules, CharacterOutsideAsciiBeforeAKeyIsALocatedError) {
  const auto rules = ParseRules("\xC3\xA9" + RuleWithDescription("x"), "rules.toml");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().message(),
            "rules.toml:1:1: non-ASCII character outside a string (TOML allows it only inside strings and "
            "comments)");
}

}  // namespace
}  // namespace tocsin::monitor
