#include "tocsin/store/transaction_store.h"

#include "migrator.h"

namespace tocsin::store {

Status TransactionStore::Write(const Work& work) {
  TOCSIN_RETURN_IF_ERROR(transaction_.Execute("SAVEPOINT nested_write").status());
  Status status = work(transaction_);
  if (status.ok()) return transaction_.Execute("RELEASE nested_write").status();
  // Undo the work's changes, then end the savepoint; the outer transaction
  // goes on. The work's error is the one worth reporting.
  (void)transaction_.Execute("ROLLBACK TO nested_write");
  (void)transaction_.Execute("RELEASE nested_write");
  return status;
}

int TransactionStore::schema_version() {
  int version = 0;
  (void)ReadSchemaVersion(transaction_, &version);
  return version;
}

}  // namespace tocsin::store
