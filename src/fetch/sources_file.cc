#include "tocsin/fetch/sources_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "tocsin/core/toml_text.h"

namespace tocsin::fetch {
namespace {

constexpr std::string_view kUrlsKey = "urls";
constexpr std::string_view kUpdateListKey = "update_list";
constexpr Source kSources[] = {Source::kUcdp, Source::kGdelt, Source::kEwp};

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "a list";
    case toml::node_type::string:
      return "text";
    case toml::node_type::integer:
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true or false";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// "FILE:LINE:COLUMN: " where the text of `source` begins ("FILE: " when unknown).
std::string Where(std::string_view file_name, const toml::source_region& source) {
  if (source.begin.line == 0) return fmt::format("{}: ", file_name);
  return fmt::format("{}:{}:{}: ", file_name, source.begin.line, source.begin.column);
}

// A key of a section, named in its errors as "[section] key".
struct Setting {
  std::string_view file_name;
  std::string_view section;
  std::string key;

  Status Error(const toml::source_region& source, std::string_view why) const {
    return InvalidArgumentError(fmt::format("{}[{}] {}: {}", Where(file_name, source), section, key, why));
  }
};

Result<std::string> ReadUrl(const toml::node& node, const Setting& setting) {
  const toml::value<std::string>* text = node.as_string();
  if (text == nullptr) {
    return setting.Error(node.source(), fmt::format("must be a URL in quotes, not {}", TypeName(node)));
  }
  const std::string& url = text->get();
  if (url.empty()) return setting.Error(node.source(), "must not be empty");
  const Status checked = CheckUrl(url);
  if (!checked.ok()) return setting.Error(node.source(), checked.message());
  return url;
}

Result<std::vector<std::string>> ReadUrlList(const toml::node& node, const Setting& setting) {
  const toml::array* list = node.as_array();
  if (list == nullptr) {
    return setting.Error(
        node.source(), fmt::format("must be a list of URLs, like {} = [\"https://...\"], not {}", setting.key,
                                   TypeName(node)));
  }
  if (list->empty()) {
    return setting.Error(node.source(), "must not be empty (leave the key out for the default)");
  }
  std::vector<std::string> urls;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Setting item{setting.file_name, setting.section, fmt::format("{}, item {}", setting.key, i + 1)};
    TOCSIN_ASSIGN_OR_RETURN(std::string url, ReadUrl(*list->get(i), item));
    urls.push_back(std::move(url));
  }
  return urls;
}

Status ReadSection(const toml::table& section, Source source, std::string_view file_name,
                   SourcesConfig& config) {
  const std::string_view name = SourceName(source);
  for (const auto& [key, node] : section) {
    const Setting setting{file_name, name, std::string(key.str())};
    if (key.str() == kUrlsKey) {
      TOCSIN_ASSIGN_OR_RETURN(std::vector<std::string> urls, ReadUrlList(node, setting));
      config.Urls(source) = {std::move(urls), SettingOrigin::kFile};
    } else if (source == Source::kGdelt && key.str() == kUpdateListKey) {
      TOCSIN_ASSIGN_OR_RETURN(std::string url, ReadUrl(node, setting));
      config.gdelt_update_list = {{std::move(url)}, SettingOrigin::kFile};
    } else {
      return setting.Error(key.source(),
                           fmt::format("unknown key (the keys of [{}] are {})", name,
                                       source == Source::kGdelt ? "urls and update_list" : "urls"));
    }
  }
  return Status::Ok();
}

std::string OriginComment(const SourcesConfig& config, const UrlSetting& setting) {
  switch (setting.origin) {
    case SettingOrigin::kDefault:
      return "# built-in default";
    case SettingOrigin::kFile:
      return fmt::format("# from {}", config.path);
    case SettingOrigin::kCommandLine:
      return "# from the command line";
  }
  return "#";
}

// A TOML basic string: in double quotes, with quotes, backslashes, control and
// non-ASCII characters escaped (no format flags: no 'literal' strings).
std::string Quoted(const std::string& text) {
  std::ostringstream out;
  out << toml::toml_formatter{toml::value<std::string>(text), toml::format_flags::none};
  return out.str();
}

}  // namespace

UrlSetting& SourcesConfig::Urls(Source source) {
  switch (source) {
    case Source::kUcdp:
      return ucdp;
    case Source::kGdelt:
      return gdelt;
    case Source::kEwp:
      return ewp;
  }
  return ucdp;
}

const UrlSetting& SourcesConfig::Urls(Source source) const {
  return const_cast<SourcesConfig&>(*this).Urls(source);
}

Result<SourcesConfig> ParseSourcesFile(std::string_view text, std::string_view file_name) {
  // toml++ is given ASCII only (toml_text.h says why); strings read the same.
  TOCSIN_ASSIGN_OR_RETURN(const std::string ascii, AsciiTomlText(text, file_name));
  toml::parse_result parsed = toml::parse(ascii, file_name);
  if (!parsed) {
    const toml::parse_error& error = parsed.error();
    return InvalidArgumentError(
        fmt::format("{}not valid TOML: {}", Where(file_name, error.source()), error.description()));
  }
  SourcesConfig config;
  config.path = std::string(file_name);
  for (const auto& [key, node] : parsed.table()) {
    const std::optional<Source> source = ParseSource(key.str());
    const bool is_table = node.is_table();
    if (!source && is_table) {
      return InvalidArgumentError(
          fmt::format("{}[{}]: unknown section (the sections are [ucdp], [gdelt] and [ewp])",
                      Where(file_name, key.source()), key.str()));
    }
    if (!source) {
      return InvalidArgumentError(
          fmt::format("{}{}: a key outside any section (put it under [ucdp], [gdelt] or [ewp])",
                      Where(file_name, key.source()), key.str()));
    }
    if (!is_table) {
      return InvalidArgumentError(fmt::format("{}{}: must be a section [{}], not {}",
                                              Where(file_name, key.source()), key.str(), key.str(),
                                              TypeName(node)));
    }
    TOCSIN_RETURN_IF_ERROR(ReadSection(*node.as_table(), *source, file_name, config));
  }
  return config;
}

Result<SourcesConfig> LoadSourcesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open the sources file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseSourcesFile(text.str(), path);
}

std::string FormatSourcesFile(const SourcesConfig& config) {
  std::string text =
      "# Where `tocsin fetch` and `tocsin monitor --gdelt` download from. Saved as tocsin-sources.toml\n"
      "# beside the database (or named with --sources FILE), it replaces the built-in defaults;\n"
      "# a key left out keeps its default, and --url or --gdelt-url overrides the file.\n";
  for (const Source source : kSources) {
    const UrlSetting& setting = config.Urls(source);
    text += fmt::format("\n[{}]\n{}\n{} = [\n", SourceName(source), OriginComment(config, setting), kUrlsKey);
    for (const std::string& url : setting.urls) text += fmt::format("  {},\n", Quoted(url));
    text += "]\n";
    if (source == Source::kGdelt && !config.gdelt_update_list.urls.empty()) {
      text += fmt::format("{}\n{} = {}\n", OriginComment(config, config.gdelt_update_list), kUpdateListKey,
                          Quoted(config.gdelt_update_list.urls.front()));
    }
  }
  return text;
}

}  // namespace tocsin::fetch
