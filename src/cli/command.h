// Shared plumbing of the `tocsin` commands: the options every command takes,
// opening the store, and turning a Status into a message and an exit code.
// Each command lives in commands/<verb>.cc and registers itself in main.cc.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/status.h"
#include "tocsin/store/store.h"

namespace tocsin::cli {

// Exit codes, stable for scripts.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // the command could not do its work (bad data, missing input)
  kExitUsage = 2,    // the command line itself is wrong
  kExitInternal = 70,
};

inline constexpr const char* kDefaultDatabase =
    "tocsin.db";  // the embedded SQLite file in the working directory

struct CommonOptions {
  std::string db = kDefaultDatabase;
};

// The value of environment variable `name` when set and not empty, else `fallback`:
// the default of an option the environment may give. An option given on the
// command line always wins.
std::string EnvironmentDefault(const char* name, std::string fallback);

// A registered command: its CLI11 subcommand and what to run when it was chosen.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// Adds `--db PATH` to `command`.
void AddDbOption(CLI::App* command, CommonOptions& options);

// What OpenStore does when options.db names a store that does not exist: a
// SQLite file that is missing or holds no Tocsin tables, a PostgreSQL schema
// that is missing or empty.
enum class IfMissing {
  kRefuse,  // NotFound, suggesting `tocsin init` (a mistyped --db or schema is not a new database)
  kCreate,  // create it: the commands that put data in (init, import, fetch, monitor --watch)
};

// Opens the store named by options.db ("PATH", a "sqlite:PATH" URL or a
// "postgresql://" URL), migrated to the current schema.
Result<std::unique_ptr<store::Store>> OpenStore(const CommonOptions& options,
                                                IfMissing if_missing = IfMissing::kRefuse);

// Whether `db` names a PostgreSQL server ("postgresql://" or "postgres://").
bool IsPostgresUrl(std::string_view db);

// The database's file: `db` as --db gives it, without "sqlite:"; for a
// PostgreSQL store "tocsin-postgres", so that the files Tocsin keeps beside a
// database (DB.downloads, DB.quarantine.tsv) go to the working directory.
std::string DatabasePath(const std::string& db);

// Prints "tocsin: error: MESSAGE" to stderr and returns the exit code for `status`.
int Fail(const Status& status);

// Reads the data directory: --data, else $TOCSIN_DATA_DIR, else ../shared/data.
std::string DataDirectory(const std::string& flag);

// One progress line on stderr, redrawn in place at most every 200 ms, only when
// stderr is a terminal; cleared when it goes.
class TerminalLine {
 public:
  TerminalLine();
  ~TerminalLine();
  TerminalLine(const TerminalLine&) = delete;
  TerminalLine& operator=(const TerminalLine&) = delete;

  // Whether to draw now: on a terminal, when `now` (a first or last line, a new
  // phase) or when the last drawing is old enough. A true answer counts as drawn.
  bool Due(bool now);
  // Replaces the line with `text`.
  void Draw(std::string_view text);
  void Clear();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_drawn_;
};

// A function that adds one command to `app`.
using CommandFactory = Command (*)(CLI::App& app, CommonOptions& options);

// Commands register themselves from their own file with TOCSIN_REGISTER_COMMAND,
// so adding a command touches no other file. `order` sorts them in --help and
// is unique (a second command with the same order stops the program at start).
bool RegisterCommand(int order, CommandFactory factory);
// Every registered command, in order.
std::vector<std::pair<int, CommandFactory>>& RegisteredCommands();

#define TOCSIN_REGISTER_COMMAND(order, factory) \
  [[maybe_unused]] static const bool tocsin_registered_##factory = ::tocsin::cli::RegisterCommand(order, factory)

}  // namespace tocsin::cli
