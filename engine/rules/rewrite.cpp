// The rewrite driver: phases in order, each a worklist over the graph to a fixed point.
#include "engine/core/error.hpp"
#include "engine/rules/expr_eval.hpp"
#include "engine/rules/matcher.hpp"
#include "engine/rules/node_queue.hpp"
#include "engine/rules/op_catalog.hpp"
#include "engine/rules/order.hpp"
#include "engine/rules/replacement.hpp"
#include "engine/rules/rules.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace mo::rules {
namespace {

class Driver {
public:
    Driver(Graph& g, const RewriteOptions& o, RewriteReport& r)
        : g_(g), opt_(o), report_(r), scope_(o.scope) {}

    void run_phase(Phase phase, const std::vector<const Rule*>& rules) {
        index_.clear();
        inner_.clear();
        bool any_rule = false;
        reach_ = 1;
        for (const Rule* r : rules) {
            const MatchNode& root = r->nodes[static_cast<std::size_t>(r->root)];
            for (const int k : root_programs(*r))
                for (const OpTypeId id : r->nodes[static_cast<std::size_t>(k)].type_ids) {
                    if (id >= index_.size()) index_.resize(id + 1);
                    if (std::find(index_[id].begin(), index_[id].end(), r) == index_[id].end())
                        index_[id].push_back(r);
                    any_rule = true;
                }
            reach_ = std::max(reach_, pattern_depth(*r, r->root));
            for (std::size_t k = 0; k < r->nodes.size(); ++k) {
                if (static_cast<int>(k) == r->root ||
                    std::find(root.alternatives.begin(), root.alternatives.end(),
                              static_cast<int>(k)) != root.alternatives.end())
                    continue;
                for (OpTypeId id : r->nodes[k].type_ids) {
                    if (id >= inner_.size()) inner_.resize(id + 1, 0);
                    inner_[id] = 1;
                }
            }
        }
        if (!any_rule) return;
        phase_ = phase;
        chains_.clear();
        chain_of_.clear();
        frozen_.clear();
        suspects_.clear();
        suspect_set_.clear();
        for (int round = 0;; ++round) {
            if (round == 64) {
                warn("rules of phase " + std::string(to_string(phase)) +
                     " did not reach a fixed point in 64 rounds");
                break;
            }
            // The first round visits every node. After each rewrite, the nodes whose match it could
            // have changed (those within pattern reach downstream of a node it touched) are tried
            // again at once; a later round is needed only for the rewrites whose neighbourhood was
            // too large to re-queue that way (their touched nodes wait in suspects_).
            if (round == 0) {
                // No node a rule of this phase is rooted at: a scan in creation order (cheaper
                // than the graph walk) settles it.
                bool any_root = false;
                g_.for_each_node([&](const Node& n) { any_root = any_root || rooted(n); });
                if (!any_root) break;
                // Nodes no rule is rooted at are skipped when popped: queue only the others.
                // Rules rooted at a Const (FP16 compression) see the constants in creation
                // order, whatever the walk: the nodes they build are then created in an order
                // that does not depend on how earlier phases rewired the graph.
                if (rooted_at_sources())
                    g_.for_each_node([&](const Node& n) {
                        if (n.input_count() == 0) push(const_cast<Node*>(&n));
                    });
                producers_first(g_, order_, order_state_);
                for (Node* n : order_) push(n);
            } else {
                if (suspects_.empty()) break;
                seed_from_suspects();
            }
            const std::size_t applied = run_round();
            dead_.clear();
            // What died this round (replaced roots, their exclusive producers, replacements that
            // were refused) is known: it is removed without walking the graph.
            // Removing them changes no match: the matcher already ignores dead nodes, and uses()
            // counts live consumers only.
            remove_dead();
            if (applied == 0) break;
        }
        suspects_.clear();
        suspect_set_.clear();
    }

    // Whether a rewrite since the last call left a node that constant folding would replace (a
    // new node or a new reader of a new constant, with every input a constant). Always false
    // when folding is off.
    bool take_fold_candidates() { return std::exchange(fold_candidates_, false); }

    // Adds the rewrites of each rule to the report's counts by name.
    void count_rewrites() {
        for (const auto& [rule, n] : fired_) report_.count_by_rule[rule->name] += n;
        fired_.clear();
    }

private:
    // A node whose inputs or consumers changed (or that was created) by the current rewrite.
    void suspect(Node* n) {
        if (n && touched_set_.insert(n)) touched_.push_back(n);
    }

    // Whether some pattern of the phase has a node of this type below its root.
    bool inner(const Node& n) const {
        return n.type_id() < inner_.size() && inner_[n.type_id()] != 0;
    }

    // Fills `region` with every live node less than `reach_` consumer steps below one of `seeds`
    // (those are the roots whose pattern can include a seed), breadth-first by distance, seeds
    // first in their order. Stops and returns false once the region exceeds `limit` nodes.
    // A pattern reaches from its root to a seed through matched nodes, whose types are those of
    // the phase's patterns: the walk goes on below a seed only through nodes of such a type.
    bool region_below(std::span<Node* const> seeds, std::vector<Node*>& region, std::size_t limit) {
        NodeSet& seen = seen_;
        seen.clear();
        region.clear();
        for (Node* n : seeds)
            if (n->alive() && !dead_.count(n) && seen.insert(n)) region.push_back(n);
        std::size_t level_begin = 0;
        for (std::size_t dist = 1; dist < reach_; ++dist) {
            const std::size_t level_end = region.size();
            for (std::size_t i = level_begin; i < level_end; ++i) {
                Node* n = region[i];
                if (dist > 1 && !inner(*n)) continue;
                for (std::size_t o = 0; o < n->output_count(); ++o)
                    for (const Input& c : n->consumers(o))
                        if (!dead_.count(c.node) && seen.insert(c.node)) region.push_back(c.node);
                if (region.size() > limit) return false;
            }
            level_begin = level_end;
        }
        return true;
    }

    // After a rewrite: the nodes whose match it could have changed are tried next. A very wide
    // neighbourhood (a node read by thousands) is left to the next round instead, which bounds
    // the cost of one rewrite.
    void requeue_touched() {
        constexpr std::size_t kMaxRegion = 256;
        if (opt_.fold_constants && !fold_candidates_)
            for (Node* n : touched_)
                if (n->alive() && !dead_.count(n) && fold_candidate(*n)) {
                    fold_candidates_ = true;
                    break;
                }
        if (region_below(touched_, region_, kMaxRegion)) {
            for (Node* n : region_) push_fresh(n);
        } else {
            for (Node* n : touched_)
                if (suspect_set_.insert(n)) suspects_.push_back(n);
        }
        touched_.clear();
        touched_set_.clear();
    }

    // Queues the region below the suspects left by the previous round. Removed suspects are
    // skipped: removal only takes nodes whose consumers all died, so it touches no live node's
    // inputs, and the producers of dead nodes were recorded as suspects when they died.
    void seed_from_suspects() {
        region_below(suspects_, region_, std::numeric_limits<std::size_t>::max());
        suspects_.clear();
        suspect_set_.clear();
        // Queued in that order: suspects in the order they were touched, then by distance.
        // Ordering the region producers first as well cost a cache miss per input edge, for a
        // round that rewrites little.
        for (Node* n : region_) push(n);
    }

    std::size_t run_round() {
        std::size_t applied = 0;
        std::vector<Binding> bindings;
        std::string why;
        while (!queue_.empty() || !fresh_.empty()) {
            // Nodes a rewrite touched go first: they sit where the rewrite was in the walk
            // order, and they are still in cache (queued at the end, each was a cache miss).
            Node* n = fresh_.empty() ? queue_.pop_front() : fresh_.pop_front();
            queued_.erase(n);
            if (!n->alive() || dead_.count(n)) continue;
            if (!rooted(*n) || (!frozen_.empty() && frozen_.count(n->name))) continue;
            if (!has_live_use(*n)) continue;
            for (const Rule* rule : index_[n->type_id()]) {
                why.clear();
                if (!match_rule(*rule, *n, bindings, &dead_, &why)) {
                    if (!why.empty() && opt_.log)
                        opt_.log(LogLevel::debug,
                                 "rule " + rule->name + " skipped at '" + n->name + "': " + why);
                    continue;
                }
                if (is_protected(*rule, bindings) || outside_scope(*rule, bindings)) continue;
                if (apply(*rule, *n, bindings)) {
                    ++applied;
                    // A large round removes what died as it goes, so that the nodes it creates
                    // reuse that memory (the first touch of new memory is what a million-node
                    // rewrite spent most on). Pointers to removed nodes may wait in the queues:
                    // one that comes to denote a new node only makes the driver try that node
                    // an extra time.
                    if (opt_.reuse_removed_nodes && dead_list_.size() >= kRemoveBatch)
                        remove_dead();
                    break;
                }
            }
        }
        return applied;
    }

    // Small enough that the nodes of a batch are still in cache when it is removed (8192 was
    // faster than 65536 on the million-node benchmark), large enough that remove_nodes' pass over
    // its flags (one byte per node id) is paid rarely.
    static constexpr std::size_t kRemoveBatch = 1 << 13;

    // Removes the nodes that died so far. They stay marked dead (by id) until the round ends.
    void remove_dead() {
        if (dead_list_.empty()) return;
        report_.removed += g_.remove_nodes(dead_list_, nullptr, opt_.reuse_removed_nodes);
        dead_list_.clear();
    }

    // Whether a rule of the phase is rooted at a Const or a Parameter.
    bool rooted_at_sources() const {
        auto rooted_at = [this](OpTypeId id) { return id < index_.size() && !index_[id].empty(); };
        return rooted_at(kConstType) || rooted_at(kParameterType);
    }

    // Whether a rule of the phase is rooted at the op type of `n`.
    bool rooted(const Node& n) const {
        return n.type_id() < index_.size() && !index_[n.type_id()].empty();
    }

    bool has_live_use(Node& n) const {
        if (n.type_id() == kResultType) return true;
        for (std::size_t i = 0; i < n.output_count(); ++i)
            if (live_uses(n.output(i), &dead_) > 0) return true;
        return false;
    }

    bool is_protected(const Rule& rule, const std::vector<Binding>& b) const {
        if (!opt_.protected_names || rule.phase == Phase::lower) return false;
        bool hit = false;
        for_each_matched_node(rule, b, [&](const Node& n) {
            hit = hit || std::regex_search(n.name, *opt_.protected_names);
        });
        return hit;
    }

    // Whether the match includes a node outside RewriteOptions::scope.
    bool outside_scope(const Rule& rule, const std::vector<Binding>& b) const {
        if (!scope_) return false;
        bool outside = false;
        for_each_matched_node(rule, b,
                              [&](const Node& n) { outside = outside || !scope_->count(n.id()); });
        return outside;
    }

    // Calls f(node) for every node the match bound: node slots and the elements of per-element
    // patterns (`cs... each Convolution(...)`).
    template <class F>
    static void for_each_matched_node(const Rule& rule, const std::vector<Binding>& b, F&& f) {
        for (std::size_t s = 0; s < rule.slots.size(); ++s) {
            if (!b[s].bound) continue;
            const SlotInfo& slot = rule.slots[s];
            if (slot.kind == SlotInfo::Kind::Node)
                f(*b[s].node);
            else if (slot.kind == SlotInfo::Kind::Variadic && slot.nodes)
                for (const Output& o : b[s].list) f(*o.node);
        }
    }

    // Queues `n` (when a rule of the phase is rooted at its type) at the end of the walk.
    void push(Node* n) { push_to(queue_, n); }
    // Queues `n` to be tried next: for nodes around a rewrite.
    void push_fresh(Node* n) { push_to(fresh_, n); }
    void push_to(NodeQueue& queue, Node* n) {
        if (rooted(*n) && !dead_.count(n) && queued_.insert(n)) queue.push_back(n);
    }

    void warn(const std::string& message) {
        report_.warnings.push_back(message);
        if (opt_.log) opt_.log(LogLevel::warning, message);
    }

    void discard(const std::vector<Node*>& created) {
        for (Node* c : created) kill(c);
    }

    // Marks `n` dead: matching ignores it now, and it is removed after the round.
    void kill(Node* n) {
        if (dead_.insert(n)) dead_list_.push_back(n);
    }

    // Marks `n` dead, then every producer whose consumers are all dead.
    void mark_dead(Node& n) {
        std::vector<Node*>& stack = dying_;
        stack.assign(1, &n);
        kill(&n);
        while (!stack.empty()) {
            Node* x = stack.back();
            stack.pop_back();
            for (const Output& in : x->inputs()) {
                Node* p = in.node;
                suspect(p);
                if (dead_.count(p) || p->type_id() == kParameterType) continue;
                bool all_dead = true;
                for (std::size_t i = 0; i < p->output_count() && all_dead; ++i)
                    all_dead = live_uses(p->output(i), &dead_) == 0;
                if (all_dead) {
                    kill(p);
                    stack.push_back(p);
                }
            }
        }
    }

    // `_name=r`: a node the rewrite replaced (r died) hands its friendly name and the names of
    // its outputs to the new node that continues it. A node still alive keeps them.
    void inherit_names(const std::vector<std::pair<Node*, Node*>>& heirs) {
        for (const auto& [heir, from] : heirs) {
            if (!dead_.count(from) || dead_.count(heir)) continue;
            heir->name = std::exchange(from->name, g_.unique_name(from->name, "/replaced"));
            for (std::size_t i = 0; i < from->output_count() && i < heir->output_count(); ++i)
                g_.move_names(from->output(i), heir->output(i));
        }
    }

    bool apply(const Rule& rule, Node& root, std::vector<Binding>& b) {
        // Outputs the replacement does not provide must be unused.
        for (std::size_t i = rule.replacement.size(); i < root.output_count(); ++i)
            if (live_uses(root.output(i), &dead_) > 0) return false;
        EvalContext ctx{rule, b, &dead_};
        created_.clear();
        ReplacementBuilder builder(g_, ctx, root, created_);
        std::vector<Output>& outs = outs_;
        outs.clear();
        try {
            for (std::size_t i = 0; i < rule.replacement.size() && i < root.output_count(); ++i) {
                const ElementType hint = root.output_type(i);
                Output o = builder.build(*rule.replacement[i], hint);
                const bool type_ok =
                    root.output_type(i) == ElementType::dynamic || o.type() == root.output_type(i);
                if (!type_ok || !compatible(o.shape(), root.output_shape(i)))
                    throw Error("the replacement of output " + std::to_string(i) + " is " +
                                std::string(to_string(o.type())) + o.shape().to_string() +
                                ", the original is " + std::string(to_string(root.output_type(i))) +
                                root.output_shape(i).to_string());
                outs.push_back(o);
            }
        } catch (const std::exception& e) {
            discard(builder.created);
            warn("rule " + rule.name + " (" + rule.loc.str() + ") could not rewrite " +
                 root.describe() + ": " + e.what());
            return false;
        }
        bool changed = false;
        for (std::size_t i = 0; i < outs.size(); ++i)
            changed = changed || outs[i] != root.output(i);
        if (!changed) {
            discard(builder.created);
            return false;
        }

        RuleApplication app{rule.name, root.name, {}};
        if (opt_.log)
            for_each_matched_node(rule, b, [&](const Node& n) { app.matched.push_back(n.name); });

        const std::string root_name = root.name;
        suspect(&root);
        for (Node* c : builder.created) {
            if (scope_) scope_->insert(c->id()); // what a rewrite in the scope builds is in it
            suspect(c);
            for (const Output& in : c->inputs()) suspect(in.node);
        }
        for (std::size_t i = 0; i < outs.size(); ++i) {
            if (outs[i] == root.output(i)) continue;
            for (const Input& c : root.consumers(i)) suspect(c.node);
            g_.replace_uses(root.output(i), outs[i]);
            g_.move_names(root.output(i), outs[i]);
            suspect(outs[i].node);
        }
        // The new node producing the first output takes the friendly name of the replaced one.
        const bool name_moved =
            !outs.empty() && std::find(builder.created.begin(), builder.created.end(),
                                       outs[0].node) != builder.created.end();
        if (name_moved) {
            outs[0].node->name = root_name;
            if (has_live_use(root))
                root.name = g_.unique_name(root_name, "/replaced"); // names stay unique
        }
        if (!has_live_use(root)) mark_dead(root);
        inherit_names(builder.heirs);

        if (opt_.log) {
            std::string m = "rule " + rule.name + " rewrote '" + root_name + "' (matched:";
            for (const auto& n : app.matched) m += " '" + n + "'";
            opt_.log(LogLevel::debug, m + ")");
        }
        ++fired_[&rule];
        report_.applications.push_back(std::move(app));

        History& history = history_of(root, name_moved ? outs[0].node : nullptr);
        history.last[history.count % history.last.size()] = &rule;
        ++history.count;
        if (history.count > opt_.max_rewrites_per_node) {
            frozen_.insert(root_name);
            std::set<std::string> involved;
            for (const Rule* r : history.last)
                if (r) involved.insert(r->name);
            std::string names;
            for (const auto& r : involved) names += (names.empty() ? "" : ", ") + r;
            warn("rules oscillate at '" + root_name + "': rewritten " +
                 std::to_string(history.count) + " times by " + names + "; stopped rewriting it");
        }

        requeue_touched();
        return true;
    }

    Graph& g_;
    const RewriteOptions& opt_;
    RewriteReport& report_;
    Phase phase_ = Phase::lower;
    std::vector<std::vector<const Rule*>> index_; // rules of the phase by root op type id
    std::vector<std::uint8_t> inner_;             // by op type id: see inner()
    bool fold_candidates_ = false;                // see take_fold_candidates()
    // Rewrites by rule, until count_rewrites() (a lookup by name per rewrite cost string
    // comparisons on million-node graphs).
    std::unordered_map<const Rule*, std::size_t> fired_;
    DeadSet dead_;
    std::vector<Node*> dead_list_; // dead_ in the order of death
    NodeQueue queue_;              // the walk of the round
    NodeQueue fresh_;              // around the last rewrites: tried before the walk goes on
    NodeSet queued_;
    // Rewrites of one friendly name, with the last few rules (for the oscillation report). The
    // name moves to the node that replaces the root, so the history does too: it is found by node
    // id (a vector lookup; a map keyed by name cost a hash and an allocation per rewrite).
    struct History {
        std::size_t count = 0;
        std::array<const Rule*, 4> last{};
    };
    // `heir`: the node that took the root's friendly name, if any.
    History& history_of(const Node& root, const Node* heir) {
        const auto need = static_cast<std::size_t>(g_.id_bound());
        if (chain_of_.size() < need) chain_of_.resize(need + need / 2, 0);
        std::uint32_t& chain = chain_of_[static_cast<std::size_t>(root.id())];
        if (chain == 0) {
            chains_.emplace_back();
            chain = static_cast<std::uint32_t>(chains_.size()); // 1-based: 0 is "none"
        }
        if (heir) chain_of_[static_cast<std::size_t>(heir->id())] = chain;
        return chains_[chain - 1];
    }
    std::vector<History> chains_;
    std::vector<std::uint32_t> chain_of_; // node id -> 1-based index into chains_
    std::size_t reach_ = 1;               // deepest pattern of the phase, in levels
    std::vector<Node*> touched_;          // by the current rewrite, in order
    NodeSet touched_set_;
    std::vector<Node*> suspects_; // left for the next round, in order
    NodeSet suspect_set_;
    // Scratch buffers reused by every round.
    std::vector<Node*> order_, region_, created_, dying_;
    std::vector<Output> outs_;
    std::vector<std::uint8_t> order_state_;
    NodeSet seen_;
    std::unordered_set<std::string> frozen_;
    std::optional<std::unordered_set<std::uint64_t>> scope_; // RewriteOptions::scope, growing
};

bool disabled(const Rule& r, const RewriteOptions& o) {
    if (o.disabled_tags.count(r.name)) return true;
    for (const auto& t : r.tags)
        if (o.disabled_tags.count(t)) return true;
    return false;
}

} // namespace

std::set<Phase> default_phases() {
    return {Phase::lower, Phase::cleanup, Phase::fusion};
}

std::set<Phase> all_phases() {
    return {std::begin(kPhases), std::end(kPhases)};
}

RewriteReport apply_rules(Graph& graph, const RuleSet& rules, const RewriteOptions& options) {
    RewriteReport report;
    Driver driver(graph, options, report);
    // Folding runs first, on the graph as read. After that, only a rewrite can make a node
    // foldable, and the driver says when one did: no pass over the whole graph otherwise.
    const bool any_folding_phase =
        std::any_of(options.phases.begin(), options.phases.end(), folds_constants);
    if (options.fold_constants && any_folding_phase) report.folded += fold_constants(graph);
    for (Phase phase : kPhases) {
        if (!options.phases.count(phase)) continue;
        std::vector<const Rule*> selected;
        for (const auto& r : rules.rules)
            if (r->phase == phase && !disabled(*r, options)) selected.push_back(r.get());
        // At a node, the rules rooted at its type are tried by benefit (highest first), then
        // by name: the order does not depend on the files' paths or their load order.
        std::sort(selected.begin(), selected.end(), [](const Rule* a, const Rule* b) {
            return a->benefit != b->benefit ? a->benefit > b->benefit : a->name < b->name;
        });
        driver.run_phase(phase, selected);
        // A replacement may build operations on constants only (a Gather of weights, say); once
        // folded they are Consts that further rules of the phase can match, so the phase runs
        // again. Bounded: each round needs a fold that did something.
        for (int round = 0; round < 8; ++round) {
            if (!driver.take_fold_candidates() || !folds_constants(phase)) break;
            const std::size_t folded = fold_constants(graph);
            report.folded += folded;
            if (folded == 0) break;
            driver.run_phase(phase, selected);
        }
    }
    driver.count_rewrites();
    return report;
}

} // namespace mo::rules
