#include "acceptance/data_directory.h"

#include <cstdlib>
#include <filesystem>

namespace tocsin::testing {

std::string DataDirectory() {
  if (const char* data = std::getenv("TOCSIN_DATA_DIR"); data != nullptr && *data != '\0') return data;
  const char* source = std::getenv("TOCSIN_SOURCE_DIR");
  const std::filesystem::path root = source != nullptr ? source : std::filesystem::current_path().string();
  return (root / ".." / "shared" / "data").lexically_normal().string();
}

std::string EwpDirectory() {
  const std::filesystem::path ewp = std::filesystem::path(DataDirectory()) / "ewp";
  if (!std::filesystem::exists(ewp / "prepared2024predictors-2025-09-03.csv")) return "";
  return ewp.string();
}

}  // namespace tocsin::testing
