#include "tocsin/fetch/fetch_log.h"

#include "tocsin/core/time.h"

namespace tocsin::fetch {
namespace {

FetchRecord RecordOf(const store::Row& row) {
  FetchRecord record;
  record.url = row.Text(0);
  record.source = row.Text(1);
  record.path = row.Text(2);
  record.bytes = static_cast<std::uint64_t>(row.Integer(3));
  record.md5 = row.Text(4);
  record.sha256 = row.Text(5);
  record.fetched_at = row.Text(6);
  if (!row.IsNull(7)) record.imported_at = row.Text(7);
  return record;
}

}  // namespace

Result<std::optional<FetchRecord>> FindFetched(store::Store& store, const std::string& url) {
  std::optional<FetchRecord> found;
  const std::vector<store::Value> params = {url};
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    return transaction.Query(
        "SELECT url, source, path, bytes, md5, sha256, fetched_at, imported_at FROM fetched_files WHERE url "
        "= ?",
        params, [&](const store::Row& row) {
          found = RecordOf(row);
          return Status::Ok();
        });
  }));
  return found;
}

Status RecordFetched(store::Store& store, FetchRecord record, bool imported) {
  if (record.fetched_at.empty()) record.fetched_at = NowUtc();
  if (imported) record.imported_at = NowUtc();
  const std::vector<store::Value> params = {
      record.url,
      record.source,
      record.path,
      static_cast<std::int64_t>(record.bytes),
      record.md5,
      record.sha256,
      record.fetched_at,
      record.imported_at ? store::Value(*record.imported_at) : store::Value(std::monostate())};
  return store.Write([&](store::Transaction& transaction) {
    return transaction
        .Execute(
            "INSERT INTO fetched_files (url, source, path, bytes, md5, sha256, fetched_at, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET source = excluded.source, "
            "path = excluded.path, bytes = excluded.bytes, md5 = excluded.md5, sha256 = excluded.sha256, "
            "fetched_at = excluded.fetched_at, imported_at = excluded.imported_at",
            params)
        .status();
  });
}

Result<std::vector<FetchRecord>> ListFetched(store::Store& store, const std::string& source, int limit) {
  std::vector<FetchRecord> records;
  const std::vector<store::Value> params = {source, std::int64_t{limit}};
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    return transaction.Query(
        "SELECT url, source, path, bytes, md5, sha256, fetched_at, imported_at FROM fetched_files "
        "WHERE source = ? ORDER BY fetched_at DESC, url DESC LIMIT ?",
        params, [&](const store::Row& row) {
          records.push_back(RecordOf(row));
          return Status::Ok();
        });
  }));
  return records;
}

}  // namespace tocsin::fetch
