#include "pooled_store.h"

#include <atomic>

namespace tocsin::server {

Result<std::unique_ptr<PooledStore>> PooledStore::Open(store::Store& primary, std::size_t readers) {
  std::unique_ptr<PooledStore> pool(new PooledStore(primary));
  if (primary.url() == "sqlite::memory:") return pool;
  for (std::size_t i = 0; i < readers; ++i) {
    TOCSIN_ASSIGN_OR_RETURN(auto store, store::Store::Open(primary.url()));
    auto reader = std::make_unique<Reader>();
    reader->store = std::move(store);
    pool->readers_.push_back(std::move(reader));
  }
  return pool;
}

Status PooledStore::Read(const store::Work& work) {
  if (readers_.empty()) return primary_.Read(work);
  // Take the first idle connection; if all are busy, queue on one of them.
  static std::atomic<std::size_t> next = 0;
  const std::size_t start = next.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < readers_.size(); ++i) {
    Reader& reader = *readers_[(start + i) % readers_.size()];
    std::unique_lock lock(reader.busy, std::try_to_lock);
    if (lock.owns_lock()) return reader.store->Read(work);
  }
  Reader& reader = *readers_[start % readers_.size()];
  std::lock_guard lock(reader.busy);
  return reader.store->Read(work);
}

}  // namespace tocsin::server
