#include "engine/rules/antlr_session.hpp"

#include <memory>
#include <string>

namespace mo::rules {

Loc make_loc(const SourceOrigin& o, std::size_t line, std::size_t col) {
    Loc l;
    l.file = o.file;
    l.line = o.line + static_cast<int>(line) - 1;
    l.col = (line == 1 ? o.col : 1) + static_cast<int>(col);
    return l;
}

void ThrowingListener::syntaxError(antlr4::Recognizer*, antlr4::Token*, std::size_t line,
                                   std::size_t col, const std::string& msg, std::exception_ptr) {
    fail_at(make_loc(origin_, line, col), "syntax error: " + msg);
}

AntlrSession::AntlrSession(std::string_view text, const SourceOrigin& o)
    : listener(o), input(std::string(text)), lexer(&input), tokens(&lexer), parser(&tokens) {
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
}

mo_rules_grammar::RulesParser::RuleFileContext* AntlrSession::rule_file() {
    // Two-stage parse: SLL prediction (fast) that bails out at the first problem, then full LL
    // with error reporting only if needed. Both give the same tree for valid input; the library
    // is parsed on every conversion, so this is most of the rules' loading time.
    auto* interpreter = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    interpreter->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    try {
        return parser.ruleFile();
    } catch (const antlr4::ParseCancellationException&) {
        parser.reset();
        parser.addErrorListener(&listener);
        parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
        interpreter->setPredictionMode(antlr4::atn::PredictionMode::LL);
        return parser.ruleFile();
    }
}

} // namespace mo::rules
