// Where the acceptance tests find the shared public data.
#pragma once

#include <string>

namespace tocsin::testing {

// $TOCSIN_DATA_DIR, else <repository>/../shared/data (the repository from
// $TOCSIN_SOURCE_DIR, which CTest sets, else the working directory).
std::string DataDirectory();

// The EWP folder, or "" when it is absent (the caller then skips with a message).
std::string EwpDirectory();

#define TOCSIN_REQUIRE_EWP_DATA(directory)                                                              \
  const std::string directory = ::tocsin::testing::EwpDirectory();                                      \
  if (directory.empty()) {                                                                              \
    GTEST_SKIP() << "EWP data not found in " << ::tocsin::testing::DataDirectory()                      \
                 << "/ewp; set TOCSIN_DATA_DIR to the folder holding ewp/prepared2024predictors-2025-09-03.csv"; \
  }

}  // namespace tocsin::testing
