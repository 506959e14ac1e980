// The section format of the data-driven tests in tests/cases/monitor/: a file of
// sections, each opened by a line "== NAME [ARGUMENT]" and holding the lines up
// to the next one. Lines starting with '#' outside `file` sections are comments.
// Only the tests include this header.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tocsin::monitor::testing {

struct TestSection {
  std::string name;
  std::string argument;
  std::vector<std::string> lines;
};

// Reads `path` into its sections, in order.
std::vector<TestSection> ReadTestSections(const std::filesystem::path& path);

// The *.test files of tests/cases/monitor/<area>, sorted by name.
std::vector<std::filesystem::path> TestCaseFiles(const std::string& area);

// The shared public data folder: $TOCSIN_DATA_DIR, else <repository>/../shared/data.
std::filesystem::path SharedDataDirectory();

// A test's name from a case file's name ("ucdp_23_1.test" -> "ucdp_23_1").
std::string CaseName(const std::filesystem::path& path);

}  // namespace tocsin::monitor::testing
