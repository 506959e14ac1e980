// `tocsin monitor --gdelt`: follow GDELT 2.0's 15-minute update list until
// SIGTERM or SIGINT (the loop lives in fetch::GdeltFollower). monitor.cc adds
// these flags and hands over to FollowGdelt when --gdelt is given.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "command.h"
#include "tocsin/monitor/rules.h"

namespace tocsin::cli {

struct GdeltFollowFlags {
  bool follow = false;
  double interval_seconds = 900;  // GDELT publishes every 15 minutes
  std::string list_url;           // default: the sources file's [gdelt] update_list
  std::string sources;            // the sources file; default: tocsin-sources.toml beside the database
  std::string directory;          // default: DB.downloads
  double timeout_seconds = 60;
  std::string cameo;
};

// Adds --gdelt, --interval, --gdelt-url, --sources, --fetch-dir, --fetch-timeout and --gdelt-cameo to
// `command`.
void AddGdeltFollowFlags(CLI::App* command, GdeltFollowFlags& flags);

// Polls until SIGTERM/SIGINT, importing each new export once and running `rules`
// after each import. Returns the exit code (0 when stopped by a signal).
int FollowGdelt(const CommonOptions& common, const std::vector<monitor::Rule>& rules,
                const GdeltFollowFlags& flags);

}  // namespace tocsin::cli
