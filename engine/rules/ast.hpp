#pragma once
// The syntax tree of rule files, annotated in place by the compiler (compile.cpp) with what each
// name refers to. Both the DSL parser and the JSON loader produce this tree.
#include "engine/core/element_type.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mo::rules {

// A position in a rule file (1-based line and column).
struct Loc {
    std::string file;
    int line = 0;
    int col = 0;
    // Set on the nodes of an inlined constraint or pattern: "in constraint X used at f:l:c",
    // added to errors about them.
    std::string context;
    std::string str() const {
        return file + ":" + std::to_string(line) + ":" + std::to_string(col);
    }
};

// Throws mo::Error "file:line:col: message" (then the location's context, if any).
[[noreturn]] void fail_at(const Loc& loc, const std::string& message);

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;

// A call argument, positional (keyword empty) or `keyword=value`.
struct Arg {
    std::string keyword;
    ExprPtr value;
    Loc keyword_loc; // where the keyword is written (errors about the attribute point there)
};

enum class ExprKind {
    Int,
    Float,
    String,
    Bool,
    List,
    Name,
    Port,
    Member,
    Index,
    Call,
    Unary,
    Binary
};

// What a name resolves to (set by the compiler).
enum class RefKind { None, Operand, Node, Variadic, Let, DType, Function, Op };

struct Expr {
    ExprKind kind = ExprKind::Int;
    Loc loc;
    std::int64_t int_value = 0; // Int; Port: the port index
    double float_value = 0;     // Float
    bool bool_value = false;    // Bool
    std::string name; // Name/Port/Member: the identifier; Call: callee; String: text; Unary/Binary:
                      // operator
    std::string member; // Member: the attribute name
    // Call arguments; List elements; Unary/Binary/Index operands; Member of one element of a
    // list (`cs[0].strides`): the Index expression `cs[0]` (then `name` is the list's name).
    std::vector<Arg> args;

    // Resolution (compiler).
    RefKind ref = RefKind::None;
    int slot = -1;                            // binding slot of Name/Port/Member base
    ElementType dtype = ElementType::dynamic; // RefKind::DType
    int function = -1;                        // RefKind::Function: index into the builtin table
    std::vector<std::string> node_types;      // Member base: the op types the node may have
};

// `name.#` in a pattern: the output whose number is the position of the element being matched.
inline constexpr int kElementPort = -2;

// One operand position of a node pattern.
struct PatArg {
    enum class Kind { Ref, Const, Variadic, Each, Nested, Wildcard } kind = Kind::Ref;
    Loc loc;
    std::string name; // bound name (Ref/Const/Variadic/Each; Nested when written `name: Op(...)`)
    int port = -1;    // Ref written `name.port` (kElementPort for `name.#`)
    // Nested: the pattern; Each: the pattern every remaining operand must match.
    std::shared_ptr<struct NodePattern> nested;
    ExprPtr where; // Each: the condition every element must satisfy (may be null)
};

struct NodePattern {
    Loc loc;
    std::vector<std::string> types; // alternatives
    std::vector<Loc> type_locs;
    std::vector<int> versions; // per type: the one opset version matched (`MaxPool@1`), or -1
    std::vector<PatArg> args;
};

// `name = P where C`, or `name = readers(source) each P where C`: the readers of a bound value
// that match P and satisfy C (a list; C filters, it does not fail the rule).
struct PatternStmt {
    Loc loc;
    std::string name;
    NodePattern pattern;
    // Further whole node patterns the node may match instead (`A(x, y) | B(y, x)`), tried in
    // order after `pattern`; each binds the same names.
    std::vector<NodePattern> alternatives;
    ExprPtr where;          // may be null
    std::string readers_of; // the `readers(...)` form: the bound name whose readers are matched
    Loc readers_loc;
    std::string text; // source text (for the JSON form)
};

struct LetStmt {
    Loc loc;
    std::string name; // empty for a `where` check
    ExprPtr value;
    std::string text;
};

// A statement of a test graph: `name = Op(args)` or `Result(x)`.
struct GraphStmt {
    Loc loc;
    std::string name;
    std::string op;
    Loc op_loc;
    std::vector<Arg> args;
    std::string text;
};

struct RuleTestDecl {
    Loc loc;
    std::string name;
    std::vector<GraphStmt> input;
    bool expect_unchanged = false;
    bool has_expect = false;
    std::vector<GraphStmt> expect;
};

struct RuleDecl {
    Loc loc;
    std::string name;
    std::string phase;
    Loc phase_loc;
    std::vector<std::string> tags;
    int benefit = 0; // higher is tried first at a node (then by name)
    std::string doc;
    std::vector<PatternStmt> match;
    ExprPtr where; // may be null
    std::string where_text;
    std::vector<LetStmt> lets;
    std::string replaced; // the bound node the replacement takes the place of
    Loc replaced_loc;
    std::vector<ExprPtr> replacement; // one per output of the replaced node
    std::vector<std::string> replacement_text;
    std::vector<RuleTestDecl> tests;
};

// Declarations shared by every rule of the files loaded together (library.hpp checks and
// expands them).

// `constraint NAME(p, ...) = EXPR`: a named condition, inlined where it is called.
struct ConstraintDecl {
    Loc loc;
    std::string name;
    std::vector<std::string> params;
    std::vector<Loc> param_locs;
    ExprPtr body;
    std::string text; // the whole declaration (for the JSON form)
};

// `pattern NAME(p, ...) = root: P where C`: a named node pattern, inlined where a node pattern
// names it (`ps = readers(r) each NAME(r)`, `Relu(NAME(x))`). `root` names the matched node in P
// and C; the parameters stand for the operands (or nodes) written at the use.
struct FragmentDecl {
    Loc loc;
    std::string name;
    std::vector<std::string> params;
    std::vector<Loc> param_locs;
    std::string root;
    NodePattern pattern;
    ExprPtr where; // may be null
    std::string text;
};

// `defaults Op(attr=value, ...)`: attribute values a test graph node of that op may leave out.
struct DefaultsDecl {
    Loc loc;
    std::string op;
    std::vector<Arg> attrs;
    std::string text;
};

// Everything one file declares, in file order per kind.
struct ParsedFile {
    std::vector<RuleDecl> rules;
    std::vector<ConstraintDecl> constraints;
    std::vector<FragmentDecl> fragments;
    std::vector<DefaultsDecl> defaults;
};

} // namespace mo::rules
