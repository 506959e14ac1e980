#include "tocsin/fetch/sources_file.h"

#include <gtest/gtest.h>

#include "test_paths.h"

namespace tocsin::fetch {
namespace {

using testing::ScratchFolder;

const std::vector<std::string> kLists = {"http://mirror.example.org/gdeltv2/masterfilelist.txt",
                                         "http://mirror.example.org/gdeltv2/lastupdate.txt"};

void ExpectDefaults(const SourcesConfig& config, SettingOrigin origin) {
  for (const Source source : {Source::kUcdp, Source::kGdelt, Source::kEwp}) {
    EXPECT_EQ(config.Urls(source).urls, DefaultUrls(source)) << SourceName(source);
    EXPECT_EQ(config.Urls(source).origin, origin) << SourceName(source);
  }
  EXPECT_EQ(config.gdelt_update_list.urls, std::vector<std::string>{std::string(kGdeltLastUpdateUrl)});
  EXPECT_EQ(config.gdelt_update_list.origin, origin);
}

TEST(SourcesFile, ExampleInDocsHoldsTheBuiltInDefaults) {
  const auto config = LoadSourcesFile(TOCSIN_SOURCES_EXAMPLE);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ExpectDefaults(*config, SettingOrigin::kFile);  // and sets every key
}

TEST(SourcesFile, NoConfigurationIsTheBuiltInDefaults) {
  ExpectDefaults(SourcesConfig(), SettingOrigin::kDefault);
  const auto empty = ParseSourcesFile("# nothing changed yet\n", "sources.toml");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  ExpectDefaults(*empty, SettingOrigin::kDefault);
  EXPECT_EQ(empty->path, "sources.toml");
}

TEST(SourcesFile, GivenKeysReplaceTheDefaultsInOrderAndAbsentOnesKeepThem) {
  const auto config = ParseSourcesFile(
      "[gdelt]\n"
      "urls = [\"http://mirror.example.org/gdeltv2/masterfilelist.txt\",\n"
      "        \"http://mirror.example.org/gdeltv2/lastupdate.txt\"]\n"
      "[ewp]\n",
      "sources.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->gdelt.urls, kLists);
  EXPECT_EQ(config->gdelt.origin, SettingOrigin::kFile);
  // An absent key keeps its default, in a section that is there or not.
  EXPECT_EQ(config->gdelt_update_list.urls, std::vector<std::string>{std::string(kGdeltLastUpdateUrl)});
  EXPECT_EQ(config->gdelt_update_list.origin, SettingOrigin::kDefault);
  EXPECT_EQ(config->ewp.urls, DefaultUrls(Source::kEwp));
  EXPECT_EQ(config->ucdp.urls, DefaultUrls(Source::kUcdp));
  EXPECT_EQ(config->ucdp.origin, SettingOrigin::kDefault);
}

TEST(SourcesFile, UpdateListIsOneUrl) {
  const auto config = ParseSourcesFile(
      "[gdelt]\nupdate_list = \"https://mirror.example.org:8443/lastupdate.txt\"\n", "s.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->gdelt_update_list.urls,
            std::vector<std::string>{"https://mirror.example.org:8443/lastupdate.txt"});
  EXPECT_EQ(config->gdelt_update_list.origin, SettingOrigin::kFile);
  EXPECT_EQ(config->gdelt.urls, DefaultUrls(Source::kGdelt));
}

struct BadFile {
  std::string text;
  std::string error;  // the whole message
};

// Failures show the file's text rather than the struct's bytes.
void PrintTo(const BadFile& bad, std::ostream* out) {
  *out << "file: " << bad.text;
}

class SourcesFileError : public ::testing::TestWithParam<BadFile> {};

TEST_P(SourcesFileError, NamesTheFileThePlaceAndWhy) {
  const auto config = ParseSourcesFile(GetParam().text, "s.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(config.status().message(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    EveryKindOfMistake, SourcesFileError,
    ::testing::Values(
        // Not TOML at all: toml++'s own description, at its line and column.
        BadFile{"[ucdp]\nurls = [\"https://a.example/x.csv\"\n",
                "s.toml:2:35: not valid TOML: Error while parsing array: encountered end-of-file"},
        BadFile{"[acled]\nurls = [\"https://a.example/x.csv\"]\n",
                "s.toml:1:2: [acled]: unknown section (the sections are [ucdp], [gdelt] and [ewp])"},
        BadFile{"urls = [\"https://a.example/x.csv\"]\n",
                "s.toml:1:1: urls: a key outside any section (put it under [ucdp], [gdelt] or [ewp])"},
        BadFile{"ucdp = \"https://a.example/x.csv\"\n",
                "s.toml:1:1: ucdp: must be a section [ucdp], not text"},
        BadFile{"[ucdp]\nurl = [\"https://a.example/x.csv\"]\n",
                "s.toml:2:1: [ucdp] url: unknown key (the keys of [ucdp] are urls)"},
        BadFile{"[ewp]\nupdate_list = \"https://a.example/x.csv\"\n",
                "s.toml:2:1: [ewp] update_list: unknown key (the keys of [ewp] are urls)"},
        BadFile{"[gdelt]\nlist = \"https://a.example/x.txt\"\n",
                "s.toml:2:1: [gdelt] list: unknown key (the keys of [gdelt] are urls and update_list)"},
        BadFile{"[ucdp]\nurls = \"https://a.example/x.csv\"\n",
                "s.toml:2:8: [ucdp] urls: must be a list of URLs, like urls = [\"https://...\"], not text"},
        BadFile{"[gdelt]\nupdate_list = [\"http://a.example/lastupdate.txt\"]\n",
                "s.toml:2:15: [gdelt] update_list: must be a URL in quotes, not a list"},
        BadFile{"[ewp]\nurls = [\"https://a.example/x.csv\", 2024]\n",
                "s.toml:2:36: [ewp] urls, item 2: must be a URL in quotes, not a number"},
        BadFile{"[ucdp]\nurls = []\n",
                "s.toml:2:8: [ucdp] urls: must not be empty (leave the key out for the default)"},
        BadFile{"[ucdp]\nurls = [\"\"]\n", "s.toml:2:9: [ucdp] urls, item 1: must not be empty"},
        BadFile{"[ewp]\nurls = [\"ftp://a.example/x.csv\"]\n",
                "s.toml:2:9: [ewp] urls, item 1: ftp://a.example/x.csv: not an http:// or https:// URL"},
        BadFile{"[gdelt]\nupdate_list = \"https:///lastupdate.txt\"\n",
                "s.toml:2:15: [gdelt] update_list: https:///lastupdate.txt: the URL names no host"}));

TEST(SourcesFile, MissingFileIsNotFoundNamingIt) {
  ScratchFolder folder;
  const auto config = LoadSourcesFile(folder / "absent.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(config.status().message(), folder / "absent.toml" + ": cannot open the sources file");
}

TEST(SourcesFile, FormattedSettingsReadBackTheSameAndSayWhereEachCameFrom) {
  SourcesConfig config;
  config.path = "site/tocsin-sources.toml";
  config.gdelt = {kLists, SettingOrigin::kFile};
  // Quotes and backslashes are escaped, so any URL survives.
  config.ewp = {{"https://a.example/panel \"2025\"\\x.csv"}, SettingOrigin::kCommandLine};
  const std::string text = FormatSourcesFile(config);
  EXPECT_NE(text.find("[ucdp]\n# built-in default\nurls = [\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[gdelt]\n# from site/tocsin-sources.toml\nurls = [\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[ewp]\n# from the command line\nurls = [\n"), std::string::npos) << text;
  const auto read = ParseSourcesFile(text, "printed.toml");
  ASSERT_TRUE(read.ok()) << read.status().ToString() << "\n" << text;
  for (const Source source : {Source::kUcdp, Source::kGdelt, Source::kEwp}) {
    EXPECT_EQ(read->Urls(source).urls, config.Urls(source).urls) << SourceName(source);
  }
  EXPECT_EQ(read->gdelt_update_list.urls, config.gdelt_update_list.urls);
}

}  // namespace
}  // namespace tocsin::fetch
