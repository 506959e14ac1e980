#include "command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace tocsin::cli {

void AddDbOption(CLI::App* command, CommonOptions& options) {
  command->add_option("--db", options.db, "SQLite database file (or sqlite:PATH URL)")
      ->envname("TOCSIN_DB")
      ->capture_default_str();
}

Result<std::unique_ptr<store::Store>> OpenStore(const CommonOptions& options) {
  return store::Store::Open("sqlite:" + DatabasePath(options.db));
}

std::string DatabasePath(const std::string& db) {
  constexpr std::string_view kScheme = "sqlite:";
  return db.starts_with(kScheme) ? db.substr(kScheme.size()) : db;
}

int Fail(const Status& status) {
  fmt::print(stderr, "tocsin: error: {}\n", status.ToString());
  return status.code() == StatusCode::kInternal ? kExitInternal : kExitFailure;
}

std::vector<std::pair<int, CommandFactory>>& RegisteredCommands() {
  static std::vector<std::pair<int, CommandFactory>> commands;
  return commands;
}

bool RegisterCommand(int order, CommandFactory factory) {
  auto& commands = RegisteredCommands();
  commands.emplace_back(order, factory);
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return true;
}

std::string DataDirectory(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* environment = std::getenv("TOCSIN_DATA_DIR"); environment != nullptr && *environment != '\0') {
    return environment;
  }
  return "../shared/data";
}

}  // namespace tocsin::cli
