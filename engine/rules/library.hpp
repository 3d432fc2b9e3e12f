#pragma once
// The declarations shared by every rule of the files loaded together: named constraints, named
// patterns (fragments) and test graph defaults. They are checked once, when the files load, and
// inlined into each rule's syntax tree before it is compiled: the compiled matcher programs do
// not know they existed (no cost when matching).
#include "engine/rules/ast.hpp"

#include <map>
#include <string>
#include <string_view>

namespace mo::rules {

class Declarations {
public:
    // Adds a file's declarations. A name already declared (constraints and patterns share one
    // namespace; defaults are per op type) is an error naming both places, unless it is the same
    // declaration (same place) seen again.
    void add(const ParsedFile& file);
    void merge(const Declarations& other);
    // Load-time checks of the bodies, once every file is added: a constraint reads only its
    // parameters and calls builtins or constraints, a pattern's ops and parameters are valid,
    // defaults name attributes of their op, and nothing refers to itself.
    void check() const;

    // Inlines, in place: calls of constraints (in every expression of the rule), node patterns
    // that name a pattern declaration, and the defaults of each test graph node's op.
    void expand(RuleDecl& rule) const;

    bool empty() const { return constraints_.empty() && fragments_.empty() && defaults_.empty(); }
    const std::map<std::string, ConstraintDecl, std::less<>>& constraints() const {
        return constraints_;
    }
    const std::map<std::string, FragmentDecl, std::less<>>& fragments() const { return fragments_; }
    const std::map<std::string, DefaultsDecl, std::less<>>& defaults() const { return defaults_; }

private:
    std::map<std::string, ConstraintDecl, std::less<>> constraints_;
    std::map<std::string, FragmentDecl, std::less<>> fragments_;
    std::map<std::string, DefaultsDecl, std::less<>> defaults_; // by op type
};

} // namespace mo::rules
