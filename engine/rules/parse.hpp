#pragma once
// Text of the rules DSL -> syntax tree (ast.hpp). Syntax errors throw mo::Error "file:line:col:
// ...".
#include "engine/rules/ast.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mo::rules {

// Where a piece of text starts in its file (fragments of a JSON rule start inside a string).
struct SourceOrigin {
    std::string file;
    int line = 1;
    int col = 1;
};

// A whole file: rules and declarations (constraints, patterns, defaults).
ParsedFile parse_rule_source(std::string_view text, const SourceOrigin& origin);
// The rules of a file (its declarations are dropped).
std::vector<RuleDecl> parse_rule_file(std::string_view text, const SourceOrigin& origin);

// Fragments, used by the JSON form.
PatternStmt parse_pattern_stmt(std::string_view text, const SourceOrigin& origin);
ExprPtr parse_expr(std::string_view text, const SourceOrigin& origin);
LetStmt parse_let_stmt(std::string_view text, const SourceOrigin& origin);
std::vector<ExprPtr> parse_replacement(std::string_view text, const SourceOrigin& origin,
                                       std::vector<std::string>* texts);
GraphStmt parse_graph_stmt(std::string_view text, const SourceOrigin& origin);
// One `constraint`, `pattern` or `defaults` declaration (the JSON form's "declarations").
ParsedFile parse_declaration(std::string_view text, const SourceOrigin& origin);

} // namespace mo::rules
