// A Store that keeps the caller's store for writes and spreads reads over extra
// connections to the same database, so that reads run in parallel with each
// other and beside the one writer (SQLite in WAL mode). A read that starts
// after a write committed sees it. In-memory databases cannot be shared between
// connections, so for them every call goes to the caller's store.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "tocsin/store/store.h"

namespace tocsin::server {

class PooledStore final : public store::Store {
 public:
  // Opens `readers` more connections to `primary`'s database. `primary` must
  // outlive the pool. Errors: those of Store::Open.
  static Result<std::unique_ptr<PooledStore>> Open(store::Store& primary, std::size_t readers);

  Status Write(const store::Work& work) override { return primary_.Write(work); }
  Status Read(const store::Work& work) override;
  int schema_version() override { return primary_.schema_version(); }
  std::string url() const override { return primary_.url(); }
  store::Dialect dialect() const override { return primary_.dialect(); }

 private:
  explicit PooledStore(store::Store& primary) : primary_(primary) {}

  struct Reader {
    std::unique_ptr<store::Store> store;
    std::mutex busy;
  };

  store::Store& primary_;
  std::vector<std::unique_ptr<Reader>> readers_;
};

}  // namespace tocsin::server
