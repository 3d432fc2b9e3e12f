#pragma once
// A compiled rule: the matcher program (pattern nodes reachable from the root through inputs),
// the conditions, the `let` steps and the replacement, with every name resolved to a slot.
#include "engine/core/graph.hpp"
#include "engine/rules/ast.hpp"
#include "engine/rules/rules.hpp"
#include "engine/rules/value.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace mo::rules {

inline constexpr Phase kPhases[] = {Phase::lower, Phase::cleanup, Phase::fusion, Phase::precision,
                                    Phase::legacy};
// Whether constants are folded in the phase: not in those that write the graph's final form,
// where folding would undo what they build (a Convert of an f16 constant is foldable).
constexpr bool folds_constants(Phase p) {
    return p != Phase::precision && p != Phase::legacy;
}
std::string_view to_string(Phase p);
using mo::to_string; // keep the core overloads visible next to the one above

// A Variadic slot holds a list of outputs: the remaining operands of a node (`xs...`) or, for a
// per-element pattern (`cs... each P`), what one name bound inside P is bound to for each element.
struct SlotInfo {
    enum class Kind { Operand, Node, Variadic, Let } kind = Kind::Operand;
    std::string name;      // empty for anonymous nested patterns
    bool is_const = false; // Operand, or Variadic of operands bound `: const` (a list of values)
    bool nodes = false;    // Variadic whose entries are produced by pattern nodes (`cs.strides`)
    int element = -1;      // Variadic of an `each` pattern: the per-element slot it collects
};

// One operand position of a pattern node.
struct MatchArg {
    enum class Kind { Wildcard, Operand, Node, Variadic, Each } kind = Kind::Wildcard;
    int slot = -1;
    int node = -1; // Kind::Node: index into Rule::nodes; Kind::Each: the element pattern
    int port = -1; // Kind::Node: the output port it must come from (-1: port 0; kElementPort)
    bool must_be_const = false;
    int each = -1; // Kind::Each: index into Rule::each
};

struct MatchNode {
    std::vector<std::string> types; // alternatives
    std::vector<OpTypeId> type_ids; // the same, interned (what matching compares)
    // Per type, the one opset version it matches (-1: any); empty when no type has a version.
    std::vector<int> versions;
    // Further node programs (indices into Rule::nodes, same slot) tried in order when this one
    // does not match: `bn = BatchNormInference@5(x, ...) | BatchNormInference@1(g, b, x, ...)`.
    std::vector<int> alternatives;
    std::vector<MatchArg> args; // the last one may be Variadic or Each
    int slot = -1;
    bool commutative = false; // two-operand Add/Multiply/...: try both operand orders
};

// A per-element pattern `cs... each P where C`: every remaining operand of the node must match P
// (element i takes the first way it matches: no backtracking into earlier elements). The slots
// bound inside P are per element; after each element they are appended to their list slots.
// The same structure serves `ds = readers(x) each P where C`, the readers of a bound value:
// there a reader that fails P or C is left out of the list instead of failing the match.
struct EachSpec {
    int source = -1;  // readers form: the Operand or Node slot whose readers are the elements
    int list = -1;    // the Variadic slot of the operands (`cs`) or of the matching readers
    MatchArg element; // Kind::Node: the element pattern, bound per element
    std::vector<int> locals;                  // slots bound inside P (unbound before each element)
    std::vector<std::pair<int, int>> collect; // (per-element slot, its list slot), named ones
    std::vector<ExprPtr> conditions;          // C, evaluated for every element (names per element)
};

// A node slot bound to element `index` of a list of nodes (`cs[0].attrs`; negative: from the end).
struct ElementAlias {
    int slot = -1;
    int list = -1;
    std::int64_t index = 0;
};

struct LetStep {
    int slot = -1; // -1 for a `where` check
    ExprPtr value;
};

struct Rule {
    std::string name;
    std::string doc;
    Phase phase = Phase::cleanup;
    std::vector<std::string> tags; // includes the phase name
    int benefit = 0;               // higher is tried first at a node; ties by name
    Loc loc;

    std::vector<SlotInfo> slots;
    std::vector<MatchNode> nodes;
    int root = 0; // index into nodes
    std::vector<ExprPtr> conditions;
    // The first ones read no `readers` list: they are checked before the readers are collected
    // (a cheap condition that fails spares the walk over the readers).
    std::size_t conditions_before_readers = 0;
    std::vector<LetStep> lets;
    std::vector<ExprPtr> replacement;  // one per output of the root
    std::vector<EachSpec> each;        // per-element patterns (MatchArg::each)
    std::vector<ElementAlias> aliases; // bound once every list is complete

    RuleDecl decl; // the source, for tests, listing and the JSON form
};

// Pattern levels from `node` down to the producers of its operands (root alone: 1); for a node
// with alternatives, the deepest of them.
std::size_t pattern_depth(const Rule& r, int node);
// The root's node program and its alternatives (indices into Rule::nodes): the op types a rule
// can be rooted at are theirs.
std::vector<int> root_programs(const Rule& r);

// What a slot holds during one match attempt.
struct Binding {
    bool bound = false;
    Node* node = nullptr;     // Node slots
    Output out;               // Operand slots
    std::vector<Output> list; // Variadic slots
    Value value;              // Let slots
};

// A set of nodes of one graph as flags indexed by node id: no allocation per element, and
// clear() costs what was inserted (the driver clears its sets every round on million-node graphs).
// Past a sixteenth of the flags, insertions are no longer listed and clear() zeroes them all:
// a set that is never cleared (the driver's queued set) keeps no list as long as its inserts.
class NodeSet {
public:
    bool count(const Node* n) const {
        const auto id = static_cast<std::size_t>(n->id());
        return id < flags_.size() && flags_[id];
    }
    // False when already present.
    bool insert(const Node* n) {
        const auto id = static_cast<std::size_t>(n->id());
        if (id >= flags_.size()) flags_.resize(std::max(id + 1, flags_.size() * 2), 0);
        if (flags_[id]) return false;
        flags_[id] = 1;
        if (!all_marked_) {
            if (marked_.size() < flags_.size() / 16)
                marked_.push_back(id);
            else
                all_marked_ = true;
        }
        ++size_;
        return true;
    }
    void erase(const Node* n) {
        if (!count(n)) return;
        flags_[static_cast<std::size_t>(n->id())] = 0;
        --size_;
    }
    bool empty() const { return size_ == 0; }
    void clear() {
        if (all_marked_)
            std::fill(flags_.begin(), flags_.end(), std::uint8_t{0});
        else
            for (std::size_t id : marked_) flags_[id] = 0;
        marked_.clear();
        all_marked_ = false;
        size_ = 0;
    }

private:
    std::vector<std::uint8_t> flags_;
    std::vector<std::size_t> marked_;
    bool all_marked_ = false; // marked_ stopped listing (see above)
    std::size_t size_ = 0;
};

// Nodes already replaced in the current pass (they stay in the graph until the sweep).
using DeadSet = NodeSet;

} // namespace mo::rules
