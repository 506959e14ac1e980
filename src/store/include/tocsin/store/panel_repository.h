// Country-year panels and the countries table in the store.
#pragma once

#include <cstdint>
#include <functional>
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

// Called inside the transaction that stores a new dataset (not for content
// already stored), for the audit entry that must commit with it.
using PanelWrittenHook = std::function<Status(Transaction&, const SavedPanel&)>;

// Stores `panel` as a new dataset in one transaction, linking each row's COW code
// to its GW state through `registry`. Importing identical content again changes
// nothing and returns the existing dataset. An error of `on_written` rolls the
// dataset back.
Result<SavedPanel> SavePanel(Store& store, const Panel& panel, const CountryRegistry& registry,
                             const PanelWrittenHook& on_written = {});

// Loads dataset `dataset_id`, or the most recently imported one. Errors:
// NotFound ("no panel imported yet; run `tocsin import panel FILE`").
Result<Panel> LoadPanel(Store& store, std::optional<std::int64_t> dataset_id = std::nullopt,
                        std::int64_t* loaded_id = nullptr);

}  // namespace tocsin::store
