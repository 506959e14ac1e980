#include "assess_scores.h"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "tocsin/access/user_repository.h"
#include "tocsin/core/csv_reader.h"

namespace tocsin::cli {

Result<judge::Confidence> ConfidenceFlag(const std::string& text, const std::string& where) {
  const auto confidence = judge::ParseConfidence(text);
  if (!confidence)
    return InvalidArgumentError(fmt::format("{}: confidence '{}' is not low, medium or high", where, text));
  return *confidence;
}

Result<std::vector<judge::Evidence>> EvidenceList(const std::vector<std::string>& texts,
                                                  const std::string& where) {
  std::vector<judge::Evidence> evidence;
  for (const std::string& text : texts) {
    auto parsed = judge::ParseEvidence(text);
    if (!parsed.ok()) return InvalidArgumentError(fmt::format("{}: {}", where, parsed.status().message()));
    evidence.push_back(*std::move(parsed));
  }
  return evidence;
}

Result<std::vector<judge::ScoreEntry>> ScoresFromFile(store::Transaction& transaction,
                                                      const std::string& path) {
  TOCSIN_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(path, {.missing_values = {}}));
  TOCSIN_ASSIGN_OR_RETURN(const auto columns,
                          reader.Columns({"analyst", "indicator", "score", "confidence"}));
  const auto evidence_column = reader.Column("evidence");
  const auto note_column = reader.Column("note");
  std::vector<judge::ScoreEntry> entries;
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (analyst, indicator) -> line
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(const bool more, reader.Next());
    if (!more) break;
    const std::string where = reader.Location(columns[0]);
    // One score per analyst and indicator: a second would silently replace the first.
    const auto [first, added] =
        seen.emplace(std::pair{std::string(reader.Field(columns[0])), std::string(reader.Field(columns[1]))},
                     reader.line());
    if (!added) {
      return InvalidArgumentError(fmt::format("{}:{}: {} scores indicator {} again (first at line {})", path,
                                              reader.line(), first->first.first, first->first.second,
                                              first->second));
    }
    auto user = access::FindUserByName(transaction, std::string(reader.Field(columns[0])));
    if (!user.ok()) return NotFoundError(fmt::format("{}: {}", where, user.status().message()));
    judge::ScoreEntry entry{.analyst = user->id,
                            .indicator = std::string(reader.Field(columns[1])),
                            .source = fmt::format("{}:{}", path, reader.line())};
    // The Framework's scale, 0 (absent) to 3 (strong), checked here to name the line.
    TOCSIN_ASSIGN_OR_RETURN(entry.score, reader.IntegerIn(columns[2], 0, 3));
    TOCSIN_ASSIGN_OR_RETURN(
        entry.confidence, ConfidenceFlag(std::string(reader.Field(columns[3])), reader.Location(columns[3])));
    if (evidence_column.ok()) {
      std::vector<std::string> texts;
      std::string_view field = reader.Field(*evidence_column);
      while (!field.empty()) {
        const std::size_t space = field.find(' ');
        if (space != 0) texts.emplace_back(field.substr(0, space));
        field = space == std::string_view::npos ? "" : field.substr(space + 1);
      }
      TOCSIN_ASSIGN_OR_RETURN(entry.evidence, EvidenceList(texts, reader.Location(*evidence_column)));
    }
    if (note_column.ok()) entry.note = std::string(reader.Field(*note_column));
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace tocsin::cli
