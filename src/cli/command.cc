#include "command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <utility>

namespace tocsin::cli {

std::string EnvironmentDefault(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::move(fallback);
}

void AddDbOption(CLI::App* command, CommonOptions& options) {
  // The environment's value is the default, set before parsing: CLI11's envname
  // would be applied to every command's --db (they share one variable), after
  // the one given on the command line.
  options.db = EnvironmentDefault("TOCSIN_DB", kDefaultDatabase);
  command
      ->add_option("--db", options.db,
                   "SQLite database file (or sqlite:PATH URL), or a PostgreSQL server's "
                   "postgresql://USER@HOST:PORT/DATABASE URL (password in PGPASSWORD or ~/.pgpass); default "
                   "$TOCSIN_DB, else tocsin.db")
      ->capture_default_str();
}

Result<std::unique_ptr<store::Store>> OpenStore(const CommonOptions& options, IfMissing if_missing) {
  if (IsPostgresUrl(options.db)) {
    return store::Store::Open(options.db, {.create = if_missing != IfMissing::kRefuse});
  }
  const std::string path = DatabasePath(options.db);
  if (if_missing == IfMissing::kRefuse && path != ":memory:" && !std::filesystem::exists(path)) {
    return NotFoundError(fmt::format(
        "{}: no Tocsin database here; create one with `tocsin init --db {}`, or check --db and TOCSIN_DB",
        path, options.db));
  }
  return store::Store::Open("sqlite:" + path,
                            {.create = if_missing != IfMissing::kRefuse || path == ":memory:"});
}

TerminalLine::TerminalLine() : enabled_(isatty(STDERR_FILENO) == 1) {}

TerminalLine::~TerminalLine() {
  Clear();
}

bool TerminalLine::Due(bool now) {
  constexpr auto kRedrawInterval = std::chrono::milliseconds(200);
  if (!enabled_) return false;
  const auto time = std::chrono::steady_clock::now();
  if (!now && drawn_ && time - last_drawn_ < kRedrawInterval) return false;
  last_drawn_ = time;
  drawn_ = true;
  return true;
}

void TerminalLine::Draw(std::string_view text) {
  fmt::print(stderr, "\r\033[K{}", text);
}

void TerminalLine::Clear() {
  if (drawn_) fmt::print(stderr, "\r\033[K");
  drawn_ = false;
}

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string DatabasePath(const std::string& db) {
  // A server's store keeps the files that go beside a database file (downloads,
  // quarantine, the sources file) in the working directory.
  if (IsPostgresUrl(db)) return "tocsin-postgres";
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
  // Static initialisers run in link order, which a build may change (the commands
  // are compiled in unity batches); with one order per command, --help does not.
  if (std::ranges::any_of(commands, [&](const auto& command) { return command.first == order; })) {
    std::fprintf(stderr, "tocsin: two commands are registered with order %d\n", order);
    std::abort();
  }
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
