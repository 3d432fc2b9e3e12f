#pragma once
// The ANTLR side of parsing rule text (internal to engine/rules): the lexer and parser objects of
// one parse, syntax errors thrown as mo::Error at file:line:col, and the two-stage parse of a whole
// file. parse.cpp walks the trees it returns.
#include "engine/rules/parse.hpp"

#include "RulesLexer.h"
#include "RulesParser.h"
#include "antlr4-runtime.h"

#include <cstddef>
#include <string_view>

namespace mo::rules {

// The location of (line, col) of a parse (1-based line, 0-based column, as ANTLR gives them) in
// the file the text comes from.
Loc make_loc(const SourceOrigin& o, std::size_t line, std::size_t col);

class ThrowingListener : public antlr4::BaseErrorListener {
public:
    explicit ThrowingListener(const SourceOrigin& o) : origin_(o) {}
    void syntaxError(antlr4::Recognizer*, antlr4::Token*, std::size_t line, std::size_t col,
                     const std::string& msg, std::exception_ptr) override;

private:
    const SourceOrigin& origin_;
};

// Owns the ANTLR objects of one parse. Fragments are parsed through `parser` directly.
struct AntlrSession {
    AntlrSession(std::string_view text, const SourceOrigin& o);
    // A whole file: SLL prediction first, full LL (with error reporting) only if it fails.
    mo_rules_grammar::RulesParser::RuleFileContext* rule_file();

    ThrowingListener listener;
    antlr4::ANTLRInputStream input;
    mo_rules_grammar::RulesLexer lexer;
    antlr4::CommonTokenStream tokens;
    mo_rules_grammar::RulesParser parser;
};

} // namespace mo::rules
