// tocsin option list|add: the catalogue of preventive options.
#include <fmt/format.h>

#include "command.h"
#include "respond_context.h"
#include "tocsin/respond/json.h"

namespace tocsin::cli {
namespace {

struct OptionFlags {
  RespondFlags flags;
  std::string category, name, description, label = "public";
  std::vector<std::string> owner_kinds;
  int lead_days = 0;
};

Command RegisterOption(CLI::App& app, CommonOptions& common) {
  CLI::App* group = app.add_subcommand("option", "The catalogue of preventive options: list, add");
  group->require_subcommand(1);
  auto options = std::make_shared<OptionFlags>();
  group->footer(
      "Categories: diplomatic, economic, legal (and accountability), security, humanitarian, communication.\n"
      "Example:\n  tocsin option list --as cora --category legal\n"
      "  tocsin option add --as cora --category diplomatic --name 'Elders council' --description '...' "
      "--owner-kind NGO --lead-days 10");
  CLI::App* list = group->add_subcommand("list", "List the options you may see");
  list->add_option("--category", options->category, "Only this category");
  CLI::App* add = group->add_subcommand("add", "Add an option of your organisation");
  add->add_option("--category", options->category, "Its category")->required();
  add->add_option("--name", options->name, "Its name")->required();
  add->add_option("--description", options->description, "What it is and how it prevents harm")->required();
  add->add_option("--owner-kind", options->owner_kinds, "A kind of organisation that owns it; repeat")->required();
  add->add_option("--lead-days", options->lead_days, "Typical days from decision to effect")->required();
  add->add_option("--label", options->label, "Its label")->capture_default_str();
  for (CLI::App* command : {list, add}) {
    AddDbOption(command, common);
    AddRespondFlags(command, options->flags);
  }
  return {group, [&common, options, list, add] {
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            std::optional<respond::OptionCategory> category;
            if (!options->category.empty()) {
              category = respond::ParseOptionCategory(options->category);
              if (!category) {
                return Fail(InvalidArgumentError(
                    fmt::format("unknown category '{}': use diplomatic, economic, legal, security, humanitarian or "
                                "communication",
                                options->category)));
              }
            }
            return Finish(RunAs(**store, options->flags, add->parsed(),
                                [&](store::Transaction& transaction, const respond::Context& context) -> Status {
              if (list->parsed()) {
                TOCSIN_ASSIGN_OR_RETURN(const auto found, respond::ListOptions(transaction, context, category));
                if (options->flags.json) {
                  nlohmann::json out = nlohmann::json::array();
                  for (const auto& option : found) out.push_back(respond::ToJson(option));
                  fmt::print("{}\n", out.dump(2));
                  return Status::Ok();
                }
                for (const auto& option : found) {
                  fmt::print("{:>3}  {:<24} {:<48} {:>4} days  {}\n", option.id,
                             respond::OptionCategoryTitle(option.category), option.name, option.lead_time_days,
                             fmt::join(option.owner_kinds, ", "));
                }
                fmt::print("{} options.\n", found.size());
                return Status::Ok();
              }
              TOCSIN_ASSIGN_OR_RETURN(const access::Clearance label, LabelFlag(options->label));
              respond::Option option{.category = *category,
                                     .name = options->name,
                                     .description = options->description,
                                     .owner_kinds = options->owner_kinds,
                                     .lead_time_days = options->lead_days,
                                     .label = label};
              TOCSIN_ASSIGN_OR_RETURN(const auto added,
                                      respond::AddOption(transaction, context, option, options->flags.reason));
              fmt::print("Added option {}: {}.\n", added.id, added.name);
              return Status::Ok();
            }));
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(67, RegisterOption);

}  // namespace tocsin::cli
