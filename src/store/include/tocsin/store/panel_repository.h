// Country-year panels and the countries table in the store.
#pragma once

#include <cstdint>
#include <optional>

#include "tocsin/core/country_registry.h"
#include "tocsin/core/panel.h"
#include "tocsin/store/store.h"

namespace tocsin::store {

// Writes every registry country to `countries` (insert or update). Idempotent.
Status SyncCountries(Store& store, const CountryRegistry& registry);

struct SavedPanel {
  std::int64_t dataset_id = 0;
  bool already_present = false;  // identical content (same SHA-256) was imported before
};

// Stores `panel` as a new dataset in one transaction, linking each row's COW code
// to its GW state through `registry`. Importing identical content again changes
// nothing and returns the existing dataset.
Result<SavedPanel> SavePanel(Store& store, const Panel& panel, const CountryRegistry& registry);

// Loads dataset `dataset_id`, or the most recently imported one. Errors:
// NotFound ("no panel imported yet; run `tocsin import panel FILE`").
Result<Panel> LoadPanel(Store& store, std::optional<std::int64_t> dataset_id = std::nullopt,
                        std::int64_t* loaded_id = nullptr);

}  // namespace tocsin::store
