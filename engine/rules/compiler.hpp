#pragma once
// The rule compiler's state while it turns one RuleDecl into a Rule (internal to engine/rules).
// Its work is split by job: compile.cpp drives it and owns slots and conditions,
// compile_pattern.cpp builds the matcher program from the `match` block, compile_expr.cpp
// resolves names and checks every expression (conditions, `let`, the replacement).
#include "engine/rules/op_catalog.hpp"
#include "engine/rules/rule.hpp"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mo::rules::detail {

// Where an expression stands, which decides what it may be.
enum class Use {
    Value, // a value: numbers, lists, constants, attributes
    Any,   // a value or a graph reference (shape(), rank() describe either)
    Graph, // a bound operand or node
    Build  // in the replacement: may also create operations
};

class Compiler {
public:
    explicit Compiler(RuleDecl& d) : d_(d) {}
    Rule run();

private:
    // Slots and conditions (compile.cpp).
    SlotInfo& slot_info(int slot) { return r_.slots[static_cast<std::size_t>(slot)]; }
    int new_slot(const std::string& name, SlotInfo::Kind kind, const Loc& loc);
    // The list slot `name` refers to, or -1.
    int list_slot(const std::string& name) const;
    // The `where` of an `each` pattern sees the names bound inside it as single values.
    void check_element_condition(std::size_t index);
    // Conditions that read no `readers` list first (stable), and how many they are.
    void order_conditions();
    static bool reads_any(const Expr& e, const std::set<int>& slots);
    void add_condition(const ExprPtr& e);

    // Patterns to matcher nodes (compile_pattern.cpp).
    int build_stmt(std::size_t index, const Loc& use_loc);
    void build_alternatives(const PatternStmt& s, int first);
    int build_node(const NodePattern& p, int slot);
    MatchArg build_arg(const PatArg& a);
    // `xs... each P where C`: P is compiled once with its own slots (bound per element); then
    // each name bound in P becomes, outside P, a list with one entry per element.
    MatchArg build_each(const PatArg& a);
    // `ds = readers(x) each P where C`: the same per-element compilation; the elements are the
    // readers of x, which must be bound by the pattern (an operand, or a node: all its outputs).
    void build_readers(const PatternStmt& s);
    // Compiles P of an `each` or `readers` form into a new EachSpec and returns its index.
    int build_element_pattern(const std::string& name, const Loc& loc, const NodePattern& pattern,
                              const ExprPtr& where);

    // Names and expressions (compile_expr.cpp).
    void resolve_name(Expr& e);
    int node_slot(const Expr& e, const std::string& base);
    // The op types a node slot (or a list of nodes) can have (for attribute checks).
    std::vector<std::string> types_of_slot(int slot) const;
    // Why a list binding cannot stand where one operand or node is needed.
    [[noreturn]] void fail_list(const Expr& e, const std::string& wanted);
    // The list a `cs[i]` expression indexes (-1 when its base is not a list binding).
    int indexed_list(Expr& index);
    // `cs.attr` (a list of attributes) or `cs[i].attr` (one element's attribute).
    void check_list_member(Expr& e, int list);
    void check_member_attribute(const Expr& e);
    // `cs[k].attrs` in a new node: a hidden node slot bound to element k once the list is known.
    void bind_element_alias(Expr& v);
    void check(Expr& e, Use use);
    void check_call(Expr& e, Use use);
    static std::string text_of(const Expr& v);
    // same_shape(a, b) compares two operands, same_shape(xs) the entries of one list binding.
    void check_same_shape_call(const Expr& e);
    // attr(n, "name"): n must be a node pattern; a literal name must be an attribute of its op.
    void check_attr_call(const Expr& e);
    // `Const(value, _name=..., _place=n)` in a replacement.
    void check_const_call(Expr& e);
    // The keywords every new node takes: `_name` (a matched node it continues, or a string) and
    // `_place` (a matched node whose place in the node order it takes).
    void check_naming_keyword(Arg& a);

    RuleDecl& d_;
    Rule r_;
    std::map<std::string, int> scope_;
    std::map<std::string, std::size_t> stmt_of_;
    std::vector<int> stmt_node_;
    std::map<int, int> slot_node_; // node slot -> index into Rule::nodes
    int each_ = -1;                // the `each` pattern being built (its slots are per element)
    bool readers_ = false;         // that pattern is a `readers(...)` statement
    std::vector<std::vector<std::pair<std::string, int>>> each_names_; // per spec: name, slot
    std::vector<ExprPtr> each_where_;                                  // per spec
    // While the alternatives of a statement are built: the names the first one bound, which the
    // others bind again (to the same slots).
    std::set<std::string> reusable_;
};

} // namespace mo::rules::detail
