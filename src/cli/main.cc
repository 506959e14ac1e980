// tocsin: early warning and prevention of mass atrocities.
// One thin command per file in commands/; errors become exit codes here.
#include <fmt/format.h>

#include <exception>

#include "command.h"

int main(int argc, char** argv) {
  using namespace tocsin::cli;
  CLI::App app{"Tocsin: early warning of mass atrocities and the response to it.", "tocsin"};
  app.require_subcommand(1);
  CommonOptions options;
  std::vector<Command> commands;
  for (const auto& [order, factory] : RegisteredCommands()) commands.push_back(factory(app, options));
  // After the commands: a subcommand inherits its parent's footer when it is
  // added, and each command's help ends with its own example, not this.
  app.footer(
      "Quick start:\n"
      "  tocsin init\n"
      "  tocsin import panel ../shared/data/ewp/prepared2024predictors-2025-09-03.csv\n"
      "  tocsin forecast            # risk of a new mass killing in the next two years\n"
      "  tocsin backtest            # how well the model did out of sample since 1994\n"
      "  tocsin report --out report.html\n"
      "Run `tocsin COMMAND --help` for a command's options and an example.");
  app.set_version_flag("--version", "tocsin " TOCSIN_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitUsage;
  }
  try {
    for (const Command& command : commands) {
      if (command.app->parsed()) return command.run();
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "tocsin: internal error: {}\n", error.what());
    return kExitInternal;
  }
  return kExitUsage;
}
