// SQL is built only from constant text, and values travel as bound parameters.
// This test scans every source file under src/ for SQL text concatenated with
// anything that is not constant: a string literal, a kConstant, a policy
// fragment (`filter.sql`) or a compile-time column name (`columns.id`). It also
// refuses SQL formatted with fmt::format. Its own examples prove it can fail.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace tocsin::server {
namespace {

enum class Kind { kString, kIdentifier, kNumber, kPunctuation };

struct Token {
  Kind kind;
  std::string text;
  int line;
};

// Splits C++ source into tokens, dropping comments and preprocessor lines.
std::vector<Token> Tokenise(const std::string& source) {
  std::vector<Token> tokens;
  int line = 1;
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return k < source.size() ? source[k] : '\0'; };
  while (i < source.size()) {
    const char c = source[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if ((c == '/' && at(i + 1) == '/') ||
               (c == '#' && (tokens.empty() || tokens.back().line != line))) {
      while (i < source.size() && source[i] != '\n') ++i;  // a comment or a preprocessor line
    } else if (c == '/' && at(i + 1) == '*') {
      for (i += 2; i < source.size() && !(source[i] == '*' && at(i + 1) == '/'); ++i)
        line += source[i] == '\n';
      i += 2;
    } else if (c == 'R' && at(i + 1) == '"') {  // raw string R"delimiter(...)delimiter"
      const std::size_t open = source.find('(', i);
      const std::string end = ")" + source.substr(i + 2, open - i - 2) + "\"";
      const std::size_t close = source.find(end, open);
      const std::string text = source.substr(open + 1, close - open - 1);
      tokens.push_back({Kind::kString, "\"" + text + "\"", line});
      line += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
      i = close + end.size();
    } else if (c == '"' || c == '\'') {
      std::size_t k = i + 1;
      while (k < source.size() && source[k] != c) k += source[k] == '\\' ? 2 : 1;
      tokens.push_back({c == '"' ? Kind::kString : Kind::kNumber, source.substr(i, k + 1 - i), line});
      i = k + 1;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t k = i;
      while (k < source.size() && (std::isalnum(static_cast<unsigned char>(source[k])) || source[k] == '_'))
        ++k;
      tokens.push_back({Kind::kIdentifier, source.substr(i, k - i), line});
      i = k;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t k = i;
      while (k < source.size() && (std::isalnum(static_cast<unsigned char>(source[k])) || source[k] == '.'))
        ++k;
      tokens.push_back({Kind::kNumber, source.substr(i, k - i), line});
      i = k;
    } else {
      const std::string two = source.substr(i, 2);
      const bool pair = two == "::" || two == "->" || two == "+=" || two == "++" || two == "==" ||
                        two == "!=" || two == "<=" || two == ">=" || two == "&&" || two == "||";
      tokens.push_back({Kind::kPunctuation, pair ? two : std::string(1, c), line});
      i += pair ? 2 : 1;
    }
  }
  return tokens;
}

bool IsSqlLiteral(const Token& token) {
  static const std::regex kSql(
      R"(\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE|VALUES|ORDER BY|AND|OR|SET|JOIN|LIMIT)\b)");
  return token.kind == Kind::kString && std::regex_search(token.text, kSql);
}

// The tokens of one operand, from `begin` (inclusive) to `end` (exclusive).
std::string Text(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  std::string text;
  for (std::size_t k = begin; k < end; ++k) text += tokens[k].text;
  return text;
}

bool IsConstantOperand(const std::string& operand) {
  static const std::regex kConstant(
      R"(^("([^"\\]|\\.)*")+$|^k[A-Z]\w*$|^std::string(_view)?\((k[A-Z]\w*|"([^"\\]|\\.)*")\)$|^\w+\.sql$|^columns\.\w+$|^.*\?"[^"]*":"[^"]*"$)");
  return std::regex_match(operand, kConstant);
}

using Range = std::pair<std::size_t, std::size_t>;  // [begin, end) of tokens

// The index of the token that closes the bracket opened at `open`.
std::size_t Closing(const std::vector<Token>& tokens, std::size_t open) {
  int depth = 0;
  for (std::size_t k = open; k < tokens.size(); ++k) {
    if (tokens[k].text == "(" || tokens[k].text == "[" || tokens[k].text == "{") ++depth;
    if (tokens[k].text == ")" || tokens[k].text == "]" || tokens[k].text == "}") {
      if (--depth == 0) return k;
    }
  }
  return tokens.size();
}

// `range` split at top-level occurrences of `separator`.
std::vector<Range> Split(const std::vector<Token>& tokens, Range range, const std::string& separator) {
  std::vector<Range> parts;
  std::size_t begin = range.first;
  for (std::size_t k = range.first; k < range.second; ++k) {
    const std::string& t = tokens[k].text;
    if (t == "(" || t == "[" || t == "{") {
      k = Closing(tokens, k);
    } else if (t == separator) {
      parts.emplace_back(begin, k);
      begin = k + 1;
    }
  }
  parts.emplace_back(begin, range.second);
  return parts;
}

// Whether the expression `range` is SQL joined with something not constant.
// `into_sql`: the expression is appended to a string that holds SQL.
bool JoinsSqlWithValue(const std::vector<Token>& tokens, Range range, bool into_sql) {
  const std::vector<Range> operands = Split(tokens, range, "+");
  bool sql = into_sql;
  for (const Range& operand : operands) {
    for (std::size_t k = operand.first; k < operand.second; ++k) sql = sql || IsSqlLiteral(tokens[k]);
  }
  if (!sql || (operands.size() < 2 && !into_sql)) return false;
  for (const Range& operand : operands) {
    if (!IsConstantOperand(Text(tokens, operand.first, operand.second))) return true;
  }
  return false;
}

// Lines of `source` where SQL text meets a value that is not constant.
std::vector<int> FindStringBuiltSql(const std::string& source) {
  const std::vector<Token> tokens = Tokenise(source);
  std::set<int> lines;
  std::set<std::string> sql_variables = {"sql"};  // strings that hold SQL
  for (std::size_t k = 0; k + 2 < tokens.size(); ++k) {
    if (tokens[k].kind == Kind::kIdentifier && tokens[k + 1].text == "=" && IsSqlLiteral(tokens[k + 2])) {
      sql_variables.insert(tokens[k].text);
    }
  }
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string& t = tokens[k].text;
    if (t == "(") {
      const std::size_t close = Closing(tokens, k);
      const std::vector<Range> arguments = Split(tokens, {k + 1, close}, ",");
      const bool format = k > 0 && tokens[k - 1].text == "format" && IsSqlLiteral(tokens[k + 1]);
      const bool append = k > 1 && tokens[k - 1].text == "append" &&
                          (sql_variables.count(tokens[k - 3].text) > 0 || tokens[k - 2].text == ".");
      for (std::size_t a = 0; a < arguments.size(); ++a) {
        // fmt::format("... {} ...", value) puts the value into the SQL text.
        const bool formatted = format && a > 0;
        const bool into_sql = formatted || (append && sql_variables.count(tokens[k - 3].text) > 0);
        if (JoinsSqlWithValue(tokens, arguments[a], into_sql)) lines.insert(tokens[k].line);
      }
    } else if (t == "=" || t == "+=" || t == "return") {
      std::size_t end = k + 1;
      while (end < tokens.size() && tokens[end].text != ";") {
        end = tokens[end].text == "(" || tokens[end].text == "{" ? Closing(tokens, end) + 1 : end + 1;
      }
      const bool into_sql = t == "+=" && k > 0 && sql_variables.count(tokens[k - 1].text) > 0;
      if (JoinsSqlWithValue(tokens, {k + 1, end}, into_sql)) lines.insert(tokens[k].line);
    }
  }
  return {lines.begin(), lines.end()};
}

TEST(BoundSql, ScannerFlagsSqlBuiltFromValues) {
  EXPECT_FALSE(
      FindStringBuiltSql(R"(q.Query("SELECT * FROM u WHERE name = '" + name + "'", {}, f);)").empty());
  EXPECT_FALSE(
      FindStringBuiltSql(R"(std::string sql = "SELECT 1 FROM t WHERE id = "; sql += std::to_string(id);)")
          .empty());
  EXPECT_FALSE(FindStringBuiltSql(R"(auto sql = fmt::format("DELETE FROM t WHERE id = {}", id);)").empty());
  EXPECT_FALSE(
      FindStringBuiltSql(R"(std::string sql = "SELECT x FROM t WHERE "; sql.append(user_input);)").empty());
  EXPECT_FALSE(FindStringBuiltSql(R"(run("UPDATE t SET a = 1 WHERE b = " + std::to_string(b));)").empty());
  EXPECT_FALSE(
      FindStringBuiltSql(R"(run(std::string(kSelect) + " WHERE id = " + id + " ORDER BY id");)").empty());
}

TEST(BoundSql, ScannerAcceptsConstantTextAndPolicyFragments) {
  EXPECT_TRUE(
      FindStringBuiltSql(R"(q.Query(std::string(kSelect) + " WHERE " + filter.sql + " ORDER BY id", p, f);)")
          .empty());
  EXPECT_TRUE(
      FindStringBuiltSql(R"(std::string sql = "SELECT a FROM t WHERE k = ?"; sql += " AND model = ?";)")
          .empty());
  EXPECT_TRUE(FindStringBuiltSql(R"(f.sql.append(" AND ").append(columns.label).append(" <= ?");)").empty());
  EXPECT_TRUE(FindStringBuiltSql(R"(f.sql.append(i == 0 ? "?" : ", ?");)").empty());
  EXPECT_TRUE(FindStringBuiltSql(R"(error("no user " + name + " found");)").empty());
}

TEST(BoundSql, NoSourceBuildsSqlFromValues) {
  const char* root = std::getenv("TOCSIN_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "TOCSIN_SOURCE_DIR names the source tree";
  int files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::filesystem::path(root) / "src")) {
    const std::string name = entry.path().filename().string();
    const bool source = name.ends_with(".cc") || name.ends_with(".h");
    if (!entry.is_regular_file() || !source || name.ends_with("_test.cc")) continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ++files;
    for (int line : FindStringBuiltSql(text)) {
      ADD_FAILURE() << entry.path().string() << ":" << line
                    << ": SQL built from a value; bind it as a parameter";
    }
  }
  EXPECT_GT(files, 50);
}

}  // namespace
}  // namespace tocsin::server
