#pragma once
#include "engine/core/node.hpp"
#include "engine/core/node_arena.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mo {

// The model: nodes owned here; Parameters and Results in model order.
class Graph {
public:
    Graph() = default;
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;

    // Adds a node. Its OpDef is looked up in the registry by (type, opset); when found, arity is
    // checked and shape/type inference runs at once (errors name the node). Unknown types are
    // allowed (framework ops awaiting lowering): they get `output_count` dynamic outputs.
    Node& add(std::string type, int opset, std::vector<Output> inputs, Attributes attrs = {},
              std::string name = {}, std::size_t output_count = 1);
    // Shorthand for the newest registered version of an opset op.
    Node& add(std::string type, std::vector<Output> inputs, Attributes attrs = {},
              std::string name = {});
    Node& add_parameter(std::string name, ElementType type, PartialShape shape);
    Node& add_const(Tensor value, std::string name = {});
    Node& add_result(Output source, std::string name = {});

    const std::vector<Node*>& parameters() const { return parameters_; }
    const std::vector<Node*>& results() const { return results_; }
    // Live nodes in creation order.
    std::vector<Node*> nodes() const;
    std::size_t node_count() const { return live_count_; }
    // Every node id (live or removed) is below this bound: for flag vectors indexed by id.
    std::uint64_t id_bound() const { return next_id_; }
    // Calls f(const Node&) for each live node in creation order (no vector is built).
    template <class F> void for_each_node(F&& f) const {
        for (const Listed& e : nodes_)
            if (e.live()) f(*e.node);
    }

    // Points input `index` of `node` at `source`.
    void set_input(Node& node, std::size_t index, Output source);
    // Every consumer of `from` reads `to` instead (Results included).
    void replace_uses(Output from, Output to);
    // Moves tensor names from one port to another (used when a rewrite replaces an output).
    void move_names(Output from, Output to);
    // Removes a Parameter from the model inputs (after it was replaced by a constant, say).
    void remove_parameter(Node& parameter);
    // What a sweep changed (for incremental passes).
    struct SweepLog {
        std::vector<std::uint64_t> removed_ids; // removed nodes (not to be dereferenced)
        std::vector<Node*> lost_consumers;      // surviving nodes that lost a consumer
    };
    // Removes nodes that no Result depends on (Parameters are kept). Returns how many; appends
    // what changed to `log` when given.
    std::size_t sweep(SweepLog* log = nullptr);
    // Removes exactly `doomed` (for passes that know what died: no walk of the whole graph). Each
    // must be read only by nodes of the set, and none may be a Parameter or Result; when that
    // does not hold, nothing is removed that way and a full sweep() runs instead.
    // Removed nodes stay readable (alive() is false) unless `reuse` is set: then nodes created
    // later may take their memory, and a pointer kept to one of them may come to denote a new
    // node. The rule driver reuses the memory of what its rewrites replaced, so that a large
    // rewrite does not grow the process by a new node for every one it created.
    std::size_t remove_nodes(std::span<Node* const> doomed, SweepLog* log = nullptr,
                             bool reuse = false);

    // Whether every edge runs from an older node to a newer one, so that creation order lists
    // producers before consumers (true until an input is pointed at a newer node).
    bool creation_order_is_topological() const { return creation_order_topological_; }
    // Live nodes, producers before consumers, deterministic (by creation order among ready nodes).
    std::vector<Node*> topological_order() const;
    // `heir` takes the place of `from` in the order above (and so in the IR's layer order): a
    // node that replaces another in place (a constant compressed to f16) is listed where the
    // original was, as if it had been changed rather than replaced.
    void take_place(const Node& heir, const Node& from);
    // Re-runs inference on one node / all nodes in topological order.
    void infer(Node& node);
    void infer_all();

    // The value of `out` when it can be computed without the model inputs: a Const, a ShapeOf of a
    // static shape, or an op with a reference kernel whose inputs are all computable. Values
    // larger than `max_elements` are not computed (nullopt). Used by shape inference.
    std::optional<Tensor> constant_value(Output out, std::int64_t max_elements = 1 << 20) const;

    // A name not used by any node yet, based on `base` followed by `suffix` (given apart so that
    // callers need not build the concatenation first).
    std::string unique_name(std::string_view base, std::string_view suffix = {});

private:
    Node& create(std::string type, int opset, std::vector<Output> inputs, Attributes attrs,
                 std::string name, std::size_t output_count);
    void connect(Node& node, std::size_t index, Output source);
    void disconnect(Node& node, std::size_t index);

    Arena<Node> arena_; // owns every node ever created, removed ones included
    // An entry of the creation-order list. It goes stale when its node is removed, and stays so
    // when the node's memory is reused for a new node (which gets a new id and a new entry).
    struct Listed {
        Node* node;
        std::uint64_t id;
        bool live() const { return node->alive_ && node->id_ == id; }
    };
    // Nodes in creation order: the live ones, and stale entries since the last compaction.
    std::vector<Listed> nodes_;
    std::size_t removed_in_nodes_ = 0;
    void compact();           // drops stale entries from nodes_
    void compact_if_sparse(); // the same once they are half of it
    std::vector<Node*> parameters_;
    std::vector<Node*> results_;
    std::uint64_t next_id_ = 0;
    std::size_t live_count_ = 0;
    bool creation_order_topological_ = true;
    std::uint64_t name_counter_ = 0;
    // Node id -> the id whose place it takes in topological_order() (see take_place); a map
    // rather than a field because few nodes ever have one.
    std::unordered_map<std::uint64_t, std::uint64_t> place_of_;
    std::uint64_t place(const Node& n) const;
    // Scratch flags of sweep() and remove_nodes(), kept between calls: freeing a large buffer
    // each time makes glibc consolidate every small free chunk.
    std::vector<std::uint8_t> sweep_marks_;
    // Removed nodes whose memory new nodes take first (see remove_nodes).
    std::vector<Node*> reusable_;
};

} // namespace mo
