// Runs the `tocsin` binary on the scenarios in tests/cases/cli/*.test.
//
// A scenario file has sections, each opened by a line "== NAME [ARGUMENT]":
//   == setup            commands (one per line) that must succeed first
//   == file NAME [noeol] the lines that follow are written to {dir}/NAME
//                        (noeol: without the final newline, as a cut-off file)
//   == run              the command under test (one line, no shell syntax)
//   == env              NAME=VALUE lines: the run's environment gains them
//   == exit             the expected exit code
//   == stderr           a line stderr must contain (stderr must be one line)
//   == stdout           a line stdout must contain (repeatable, one per line)
//   == contains NAME     lines the file {dir}/NAME must contain after the run
//                        (one per line), e.g. a report the command wrote
//   == unchanged        the database must hold the same rows after the run
// Placeholders: {dir} a fresh temporary directory, {data} tests/data, {server}
// the origin of an HTTP server on 127.0.0.1 (started for scenarios that name it)
// serving tests/data/fetch/NAME as {server}/NAME, its lists' URLs pointing back at
// it. Every command gets `--db {dir}/tocsin.db` appended.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "loopback_server.h"
#include "tocsin/store/store.h"

namespace tocsin {
namespace {

namespace fs = std::filesystem;

struct Scenario {
  std::vector<std::string> setup;
  std::map<std::string, std::string> files;
  std::vector<std::string> files_without_final_newline;
  std::string run;
  std::vector<std::string> environment;  // NAME=VALUE, for the run only
  int exit_code = 0;
  std::string stderr_contains;
  std::vector<std::string> stdout_contains;
  std::map<std::string, std::vector<std::string>> file_contains;  // file name -> lines it must contain
  bool unchanged = false;
};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

Scenario Parse(const fs::path& path, const std::string& dir, const std::string& server) {
  Scenario scenario;
  std::ifstream in(path);
  std::string line;
  std::string section;
  std::string argument;
  while (std::getline(in, line)) {
    line = Replace(Replace(Replace(line, "{dir}", dir), "{data}", TOCSIN_TEST_DATA_DIR), "{server}", server);
    if (line.starts_with("== ")) {
      std::istringstream header(line.substr(3));
      std::string flag;
      header >> section >> argument >> flag;
      if (flag == "noeol") scenario.files_without_final_newline.push_back(argument);
      if (section == "unchanged") scenario.unchanged = true;
      if (section == "file") scenario.files[argument];
      continue;
    }
    if (section.empty() || (line.empty() && section != "file") || line.starts_with("#")) continue;
    if (section == "setup") scenario.setup.push_back(line);
    if (section == "file") scenario.files[argument] += line + "\n";
    if (section == "run") scenario.run = line;
    if (section == "env") scenario.environment.push_back(line);
    if (section == "exit") scenario.exit_code = std::stoi(line);
    if (section == "stderr") scenario.stderr_contains = line;
    if (section == "stdout") scenario.stdout_contains.push_back(line);
    if (section == "contains") scenario.file_contains[argument].push_back(line);
  }
  return scenario;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Serves every file of tests/data/fetch at /NAME; GDELT's lists name the server's URLs.
std::unique_ptr<fetch::testing::LoopbackServer> StartServer() {
  auto server = std::make_unique<fetch::testing::LoopbackServer>();
  for (const auto& entry : fs::directory_iterator(fs::path(TOCSIN_TEST_DATA_DIR) / "fetch")) {
    std::string body = Slurp(entry.path());
    if (entry.path().extension() == ".txt") {
      body = Replace(body, "http://data.gdeltproject.org/gdeltv2", server->Origin());
    }
    server->Serve("/" + entry.path().filename().string(), body);
  }
  return server;
}

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

Outcome RunTocsin(const std::string& arguments, const std::string& dir,
                  const std::vector<std::string>& environment = {}) {
  const char* binary = std::getenv("TOCSIN_BINARY");
  std::string command = environment.empty() ? "" : "env";
  for (const std::string& variable : environment) command += " '" + variable + "'";
  command += (command.empty() ? "" : " ") + std::string(binary ? binary : "tocsin") + " " + arguments +
             " --db '" + dir + "/tocsin.db' > '" + dir + "/out.txt' 2> '" + dir + "/err.txt'";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(dir + "/out.txt"), Slurp(dir + "/err.txt")};
}

// Every row of every table, as text: equal snapshots mean an unchanged database.
std::string Snapshot(const std::string& dir) {
  if (!fs::exists(dir + "/tocsin.db")) return "(no database)";
  auto store = store::Store::Open("sqlite:" + dir + "/tocsin.db");
  if (!store.ok()) return "(cannot open: " + store.status().ToString() + ")";
  std::string snapshot;
  const Status status = (*store)->Read([&](store::Transaction& transaction) -> Status {
    std::vector<std::string> tables;
    TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", {},
                                             [&](const store::Row& row) {
                                               tables.push_back(row.Text(0));
                                               return Status::Ok();
                                             }));
    for (const std::string& table : tables) {
      snapshot += "[" + table + "]\n";
      TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT * FROM \"" + table + "\"", {}, [&](const store::Row& row) {
        for (int i = 0; i < row.size(); ++i) snapshot += row.Text(i) + "|";
        snapshot += "\n";
        return Status::Ok();
      }));
    }
    return Status::Ok();
  });
  return status.ok() ? snapshot : status.ToString();
}

class CliScenario : public ::testing::TestWithParam<fs::path> {};

TEST_P(CliScenario, BehavesAsWritten) {
  const fs::path dir = fs::temp_directory_path() / ("tocsin_cli_" + GetParam().stem().string() + "_" +
                                                    std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::unique_ptr<fetch::testing::LoopbackServer> server;
  if (Slurp(GetParam()).find("{server}") != std::string::npos) server = StartServer();
  const Scenario scenario = Parse(GetParam(), dir.string(), server ? server->Origin() : "{server}");
  for (auto [name, text] : scenario.files) {
    const auto& cut = scenario.files_without_final_newline;
    if (std::find(cut.begin(), cut.end(), name) != cut.end() && !text.empty()) text.pop_back();
    std::ofstream(dir / name) << text;
  }
  for (const std::string& step : scenario.setup) {
    const Outcome outcome = RunTocsin(step, dir.string());
    ASSERT_EQ(outcome.exit_code, 0) << "setup step failed: " << step << "\n" << outcome.err;
  }
  const std::string before = Snapshot(dir.string());
  const Outcome outcome = RunTocsin(scenario.run, dir.string(), scenario.environment);
  EXPECT_EQ(outcome.exit_code, scenario.exit_code) << "stdout:\n" << outcome.out << "stderr:\n" << outcome.err;
  if (!scenario.stderr_contains.empty()) {
    EXPECT_NE(outcome.err.find(scenario.stderr_contains), std::string::npos) << "stderr was: " << outcome.err;
    EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << "error must be one line: " << outcome.err;
  }
  for (const std::string& expected : scenario.stdout_contains) {
    EXPECT_NE(outcome.out.find(expected), std::string::npos) << "stdout was: " << outcome.out;
  }
  for (const auto& [name, lines] : scenario.file_contains) {
    ASSERT_TRUE(fs::exists(dir / name)) << name << " was not written";
    const std::string text = Slurp(dir / name);
    for (const std::string& expected : lines) {
      EXPECT_NE(text.find(expected), std::string::npos) << name << " lacks: " << expected;
    }
  }
  if (scenario.unchanged) {
    EXPECT_EQ(Snapshot(dir.string()), before);
  }
  fs::remove_all(dir);
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(TOCSIN_CASES_DIR)) {
    if (entry.path().extension() == ".test") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, CliScenario, ::testing::ValuesIn(Cases()),
                         [](const auto& info) {
                           std::string name = info.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace tocsin
