// tocsin synthesize: write synthetic GED events for scale tests and benchmarks.
#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "command.h"
#include "tocsin/monitor/synthetic_events.h"

namespace tocsin::cli {
namespace {

struct SynthesizeOptions {
  std::string out;
  std::string data;
  monitor::SyntheticGedOptions ged;
};

int Synthesize(const SynthesizeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto sources = monitor::LoadSyntheticSources(DataDirectory(options.data));
  if (!sources.ok()) return Fail(sources.status());
  if (const Status written = monitor::WriteSyntheticGed(options.out, *sources, options.ged); !written.ok()) {
    return Fail(written);
  }
  fmt::print("{}: {} synthetic events in GED 23.1 layout, {}-{}, {} countries ({:.1f} s).\n", options.out,
             options.ged.rows, options.ged.first_year, options.ged.last_year, sources->country_weights.size(),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return kExitOk;
}

Command RegisterSynthesize(CLI::App& app, CommonOptions&) {
  CLI::App* command =
      app.add_subcommand("synthesize", "Write synthetic events (GED layout, labelled SYNTHETIC) for scale tests");
  auto options = std::make_shared<SynthesizeOptions>();
  command->add_option("--out", options->out, "CSV file to write")->required();
  command->add_option("--rows", options->ged.rows, "Events to write")->capture_default_str();
  command->add_option("--seed", options->ged.seed, "Random seed (the same seed writes the same file)")
      ->capture_default_str();
  command->add_option("--data", options->data, "Data folder with events/ and views/ (default: ../shared/data)");
  command->footer(
      "Example:\n  tocsin synthesize --rows 10000000 --out synthetic_ged.csv\n"
      "Countries follow their UCDP fatalities in the VIEWS features, types and fatalities are resampled from the\n"
      "real GED extracts, and events come in bursts within a province. Every id starts with syn- and every row\n"
      "says SYNTHETIC: these are not real events.");
  return {command, [options] { return Synthesize(*options); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(90, RegisterSynthesize);

}  // namespace tocsin::cli
