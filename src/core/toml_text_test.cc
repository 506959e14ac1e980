#include "tocsin/core/toml_text.h"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

TEST(AsciiTomlText, LeavesAsciiAlone) {
  const std::string text = "# rules\n[[rule]]\nname = \"a \\\"b\\\"\" # c\nurls = ['x', \"\"\"y\n z\"\"\"]\n";
  const auto ascii = AsciiTomlText(text, "rules.toml");
  ASSERT_TRUE(ascii.ok()) << ascii.status().ToString();
  EXPECT_EQ(*ascii, text);
}

TEST(AsciiTomlText, EscapesCharactersInDoubleQuotedStrings) {
  const auto ascii = AsciiTomlText("d = \"C\xC3\xB4te \xD0\xAF \xF0\x9F\x98\x80\"\n", "rules.toml");
  ASSERT_TRUE(ascii.ok()) << ascii.status().ToString();
  EXPECT_EQ(*ascii, "d = \"C\\u00F4te \\u042F \\U0001F600\"\n");
  const auto multi_line = AsciiTomlText("d = \"\"\"\\\n  \xC3\xA9t\xC3\xA9\"\"\"\n", "rules.toml");
  ASSERT_TRUE(multi_line.ok()) << multi_line.status().ToString();
  EXPECT_EQ(*multi_line, "d = \"\"\"\\\n  \\u00E9t\\u00E9\"\"\"\n");
}

TEST(AsciiTomlText, BlanksCharactersInComments) {
  const auto ascii = AsciiTomlText("a = 1 # \xE2\x80\x94 caf\xC3\xA9\n", "rules.toml");
  ASSERT_TRUE(ascii.ok()) << ascii.status().ToString();
  EXPECT_EQ(*ascii, "a = 1 # ? caf?\n");
}

TEST(AsciiTomlText, RefusesCharactersElsewhereWithLineAndColumn) {
  const auto bare = AsciiTomlText("a = 1\n  \xC3\xA9 = 2\n", "rules.toml");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.status().message(),
            "rules.toml:2:3: non-ASCII character outside a string (TOML allows it only inside strings and "
            "comments)");
  // After a value a quote opens no string: toml++ would read on over what follows.
  const auto after_value = AsciiTomlText("a = 1\"\xD0\x9C\"\n", "rules.toml");
  ASSERT_FALSE(after_value.ok());
  EXPECT_EQ(after_value.status().message().substr(0, 15), "rules.toml:1:7:");
  const auto literal = AsciiTomlText("a = 'caf\xC3\xA9'\n", "rules.toml");
  ASSERT_FALSE(literal.ok());
  EXPECT_EQ(
      literal.status().message(),
      "rules.toml:1:9: non-ASCII character in a single-quoted string: write the string in double quotes");
  const auto invalid = AsciiTomlText("a = \"\xC3\"\n", "rules.toml");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().message(), "rules.toml:1:6: invalid UTF-8");
}

}  // namespace
}  // namespace tocsin
