// tocsin audit export-head|verify: prove that the audit log is whole.
#include <fmt/format.h>

#include "command.h"
#include "tocsin/access/audit_log.h"

namespace tocsin::cli {
namespace {

struct AuditOptions {
  std::string head;  // SEQUENCE:HASH from export-head
};

Status ExportHead(store::Store& store) {
  return store.Read([](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const access::AuditHead head, access::ReadAuditHead(transaction));
    fmt::print("{}\n", head.ToString());
    return Status::Ok();
  });
}

Status Verify(store::Store& store, const AuditOptions& options) {
  std::optional<access::AuditHead> expected;
  if (!options.head.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(expected, access::AuditHead::Parse(options.head));
  }
  return store.Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto verified, access::VerifyAuditChain(transaction, expected));
    fmt::print("Audit log intact: {} entries, head {}{}.\n", verified.entries, verified.head.ToString(),
               expected ? fmt::format(", includes the exported head {}", expected->sequence)
                        : " (give --head to also rule out truncation)");
    return Status::Ok();
  });
}

Command RegisterAudit(CLI::App& app, CommonOptions& options) {
  CLI::App* group = app.add_subcommand("audit", "Check the hash-chained audit log (export-head, verify)");
  group->require_subcommand(1);
  AddDbOption(group, options);
  auto audit = std::make_shared<AuditOptions>();
  CLI::App* export_head = group->add_subcommand("export-head", "Print the last entry as SEQUENCE:HASH");
  export_head->footer(
      "Keep the printed head somewhere the server cannot write (a ticket, a signed mail):\n"
      "`tocsin audit verify --head HEAD` later proves nothing up to it was changed or removed.");
  CLI::App* verify = group->add_subcommand("verify", "Recompute the hash chain and report the first break");
  verify->add_option("--head", audit->head, "A head printed earlier by export-head");
  verify->footer(
      "Example:\n  tocsin audit verify --head \"$(cat audit-head.txt)\"\n"
      "Exit 0: intact. Exit 1: the message names the first entry that was edited, deleted or reordered,\n"
      "or says the log was cut off before the given head.\n"
      "It checks the log's own entries, not the tables they describe: a change written into the database\n"
      "file directly, without Tocsin, leaves no entry to check (see docs/security.md, Audit).");
  for (CLI::App* command : {export_head, verify}) AddDbOption(command, options);
  return {group, [&options, audit, export_head] {
            auto store = OpenStore(options);
            if (!store.ok()) return Fail(store.status());
            const Status status = export_head->parsed() ? ExportHead(**store) : Verify(**store, *audit);
            return status.ok() ? static_cast<int>(kExitOk) : Fail(status);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(71, RegisterAudit);

}  // namespace tocsin::cli
