#include "unique_name.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

namespace tocsin::access {

Status RefuseTakenName(store::Transaction& transaction, std::string_view find_sql, std::string_view what,
                       const std::string& name) {
  std::optional<std::string> taken;
  const std::vector<store::Value> key = {name};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(find_sql, key, [&](const store::Row& row) {
    taken = row.Text(0);
    return Status::Ok();
  }));
  if (!taken) return Status::Ok();
  return AlreadyExistsError(*taken == name
                                ? fmt::format("{} '{}' already exists", what, name)
                                : fmt::format("{} '{}' already exists as '{}' (names ignore case)", what, name, *taken));
}

}  // namespace tocsin::access
