#pragma once

#include <string>

#include "tocsin/store/store.h"

namespace tocsin::store {

// The store as seen from inside an open write transaction: Read and Write run
// their work in that transaction, so that code written against Store becomes
// part of the caller's one commit (the live intake stores a batch's events and
// the alerts they raise with a single durable commit). A Write whose work fails
// is rolled back to where it began, a savepoint, and leaves the rest of the
// transaction as it was. Use it only inside the outer Store::Write callback,
// from its thread.
class TransactionStore final : public Store {
 public:
  TransactionStore(Store& store, Transaction& transaction) : store_(store), transaction_(transaction) {}

  Status Write(const Work& work) override;
  Status Read(const Work& work) override { return work(transaction_); }
  int schema_version() override;  // read in the transaction (the store's own would wait for it)
  std::string url() const override { return store_.url(); }
  Dialect dialect() const override { return transaction_.dialect(); }

 private:
  Store& store_;
  Transaction& transaction_;
};

}  // namespace tocsin::store
