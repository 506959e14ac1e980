// The helpers of test_case_file.h (compiled into the module's test binary only).
#include "test_case_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tocsin::monitor::testing {

std::vector<TestSection> ReadTestSections(const std::filesystem::path& path) {
  std::vector<TestSection> sections;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("== ")) {
      std::istringstream header(line.substr(3));
      TestSection section;
      header >> section.name >> section.argument;
      sections.push_back(std::move(section));
      continue;
    }
    if (sections.empty()) continue;
    const bool verbatim = sections.back().name == "file";
    if (!verbatim && (line.empty() || line.starts_with("#"))) continue;
    sections.back().lines.push_back(line);
  }
  return sections;
}

std::vector<std::filesystem::path> TestCaseFiles(const std::string& area) {
  const std::filesystem::path directory = std::filesystem::path(TOCSIN_TEST_DATA_DIR) / ".." / "cases" / "monitor" / area;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::filesystem::path SharedDataDirectory() {
  if (const char* data = std::getenv("TOCSIN_DATA_DIR"); data != nullptr && *data != '\0') return data;
  return (std::filesystem::path(TOCSIN_TEST_DATA_DIR) / ".." / ".." / ".." / "shared" / "data").lexically_normal();
}

std::string CaseName(const std::filesystem::path& path) {
  std::string name = path.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

TEST(TestCaseFile, SectionsKeepFileLinesVerbatim) {
  const auto path = std::filesystem::temp_directory_path() / "tocsin_sections.test";
  std::ofstream(path) << "# comment\n== file a.csv\n# kept\n\nx\n== events\n# dropped\n\ny\n";
  const auto sections = ReadTestSections(path);
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].argument, "a.csv");
  EXPECT_EQ(sections[0].lines, (std::vector<std::string>{"# kept", "", "x"}));
  EXPECT_EQ(sections[1].lines, (std::vector<std::string>{"y"}));
  std::filesystem::remove(path);
}

}  // namespace tocsin::monitor::testing
