#include "engine/rules/test_graph.hpp"

#include "engine/core/error.hpp"
#include "engine/rules/expr_eval.hpp"
#include "engine/rules/op_catalog.hpp"
#include "engine/rules/value.hpp"

#include <cmath>
#include <random>
#include <unordered_map>

namespace mo::rules {
namespace {

// Literal arguments: numbers, strings, booleans, lists, element type names, `random`.
Value literal(const Expr& e) {
    if (auto v = scalar_literal(e)) return *std::move(v);
    switch (e.kind) {
    case ExprKind::List: {
        ValueList out;
        for (const auto& a : e.args) out.push_back(literal(*a.value));
        return out;
    }
    case ExprKind::Name:
        if (auto t = element_type_from_string(e.name)) return *t;
        break;
    default:
        break;
    }
    fail_at(e.loc, "expected a literal value here");
}

bool is_random(const Expr& e) {
    return (e.kind == ExprKind::Name || e.kind == ExprKind::Call) && e.name == "random";
}

bool is_ref(const Expr& e) {
    return e.kind == ExprKind::Name || e.kind == ExprKind::Port;
}

std::size_t port_of(const Expr& e) {
    return e.kind == ExprKind::Port ? static_cast<std::size_t>(e.int_value) : 0;
}

// Output counts of framework ops: one more than the highest port read.
std::map<std::string, std::size_t> framework_outputs(const std::vector<GraphStmt>& stmts) {
    std::map<std::string, std::size_t> n;
    for (const auto& s : stmts)
        for (const auto& a : s.args)
            if (a.keyword.empty() && a.value->kind == ExprKind::Port)
                n[a.value->name] =
                    std::max(n[a.value->name], static_cast<std::size_t>(a.value->int_value) + 1);
    return n;
}

class GraphBuilder {
public:
    GraphBuilder(TestGraph& tg, std::uint64_t seed) : tg_(tg), rng_(seed) {}

    void run(const std::vector<GraphStmt>& stmts) {
        const auto outputs = framework_outputs(stmts);
        for (const auto& s : stmts) {
            try {
                Node* n = statement(s, outputs);
                if (!s.name.empty()) nodes_[s.name] = n;
            } catch (const Error& e) {
                const std::string what = e.what();
                if (what.rfind(s.loc.file + ":", 0) == 0) throw;
                fail_at(s.loc, what);
            } catch (const ValueError& e) {
                fail_at(s.loc, e.what());
            }
        }
    }

private:
    Output ref(const Expr& e) {
        if (!is_ref(e)) fail_at(e.loc, "expected the name of a node defined above");
        auto it = nodes_.find(e.name);
        if (it == nodes_.end()) fail_at(e.loc, "unknown node '" + e.name + "'");
        const std::size_t port = port_of(e);
        if (port >= it->second->output_count())
            fail_at(e.loc, "'" + e.name + "' has no output " + std::to_string(port));
        return it->second->output(port);
    }

    Tensor random_tensor(ElementType type, const Shape& shape, double lo, double hi) {
        Tensor t(type == ElementType::f16 || type == ElementType::bf16 ? ElementType::f32 : type,
                 shape);
        std::uniform_real_distribution<double> dist(lo, hi);
        for (std::int64_t i = 0; i < t.size(); ++i) {
            double v = dist(rng_);
            if (!is_floating(type)) v = std::round(v);
            set_value_from_double(t, i, v);
        }
        return t.type() == type ? t : t.cast(type);
    }

    Node* statement(const GraphStmt& s, const std::map<std::string, std::size_t>& outputs) {
        Graph& g = *tg_.graph;
        std::vector<const Expr*> pos;
        std::map<std::string, const Expr*> kw;
        for (const auto& a : s.args) {
            if (a.keyword.empty())
                pos.push_back(a.value.get());
            else
                kw[a.keyword] = a.value.get();
        }
        const std::string name = s.name.empty() ? g.unique_name(s.op) : s.name;
        if (s.op == "Result") {
            if (pos.size() != 1) fail_at(s.loc, "Result takes one input");
            return &g.add_result(ref(*pos[0]), name);
        }
        if (s.op == "Parameter") {
            if (pos.size() != 2) fail_at(s.loc, "Parameter(dtype, [dims]) expected");
            const ElementType t = as_dtype(literal(*pos[0]));
            Node& p = g.add_parameter(name, t, PartialShape(as_ints(literal(*pos[1]))));
            p.port(0).names.push_back(name);
            double lo = -1, hi = 1;
            if (kw.count("low")) lo = as_double(literal(*kw["low"]));
            if (kw.count("high")) hi = as_double(literal(*kw["high"]));
            tg_.input_ranges[name] = {lo, hi};
            return &p;
        }
        if (s.op == "Const") return constant(s, pos, name);
        // Any other op: inputs by name, attributes by keyword.
        std::vector<Output> inputs;
        for (const Expr* e : pos) inputs.push_back(ref(*e));
        Attributes attrs;
        int opset = -1;
        for (const auto& [k, v] : kw) {
            if (k == "_opset")
                opset = static_cast<int>(as_int(literal(*v)));
            else
                attrs.set(k, to_attribute(literal(*v)));
        }
        if (is_framework_op(s.op)) {
            auto it = outputs.find(name);
            const std::size_t count = it == outputs.end() ? 1 : it->second;
            Node& n = g.add(s.op, 0, std::move(inputs), std::move(attrs), name, count);
            // Framework ops have no inference: their outputs look like their first input.
            if (n.input_count() > 0)
                for (std::size_t i = 0; i < count; ++i)
                    n.set_output(i, n.input_type(0), n.input_shape(0));
            return &n;
        }
        const OpDef* def = opset >= 0 ? op_registry().find(s.op, opset) : latest_def(s.op);
        if (!def)
            fail_at(s.op_loc, "unknown operation '" + s.op + "'" +
                                  (opset >= 0 ? " version " + std::to_string(opset) : ""));
        return &g.add(s.op, def->opset, std::move(inputs), std::move(attrs), name);
    }

    Node* constant(const GraphStmt& s, const std::vector<const Expr*>& pos,
                   const std::string& name) {
        Graph& g = *tg_.graph;
        if (pos.size() == 1) { // Const([1, 2, 3]): type from the literals
            return &g.add_const(as_tensor(literal(*pos[0])), name);
        }
        if (pos.size() < 2 || pos.size() > 3) fail_at(s.loc, "Const(dtype, [dims], data) expected");
        const ElementType t = as_dtype(literal(*pos[0]));
        const Shape shape = as_ints(literal(*pos[1]));
        if (pos.size() == 2) {
            Node& c = g.add_const(Tensor(t, shape), name);
            tg_.any_value.insert(&c);
            return &c;
        }
        const Expr& data = *pos[2];
        if (is_random(data)) {
            double lo = -1, hi = 1;
            if (data.kind == ExprKind::Call) {
                if (data.args.size() != 2) fail_at(data.loc, "random(low, high) expected");
                lo = as_double(literal(*data.args[0].value));
                hi = as_double(literal(*data.args[1].value));
            }
            return &g.add_const(random_tensor(t, shape, lo, hi), name);
        }
        const Value v = literal(data);
        Tensor values = as_tensor(v, t);
        if (values.size() == 1 && element_count(shape) != 1) { // a single number fills
            Tensor filled(values.type(), shape);
            for (std::int64_t i = 0; i < filled.size(); ++i)
                set_value_from_double(filled, i, values.value_as_double(0));
            values = filled;
        }
        if (values.size() != element_count(shape))
            fail_at(data.loc, "Const data has " + std::to_string(values.size()) +
                                  " values, the shape " + to_string(shape) + " needs " +
                                  std::to_string(element_count(shape)));
        return &g.add_const(values.reshaped(shape), name);
    }

    TestGraph& tg_;
    std::mt19937_64 rng_;
    std::unordered_map<std::string, Node*> nodes_;
};

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-6 + 1e-5 * std::abs(b) || (std::isnan(a) && std::isnan(b));
}

bool attr_equal(const AttrValue& a, const AttrValue& b) {
    if (auto* ta = std::get_if<Tensor>(&a)) {
        auto* tb = std::get_if<Tensor>(&b);
        return tb && ta->equals(*tb);
    }
    // Numbers compare across int/float representations with a tolerance.
    const Value va = from_attribute(a), vb = from_attribute(b);
    if (va.is_number() && vb.is_number()) return close(as_double(va), as_double(vb));
    if (va.is_list() && vb.is_list()) {
        if (va.list().size() != vb.list().size()) return false;
        for (std::size_t i = 0; i < va.list().size(); ++i) {
            const auto &x = va.list()[i], &y = vb.list()[i];
            if (x.is_number() && y.is_number()) {
                if (!close(as_double(x), as_double(y))) return false;
            } else if (!values_equal(x, y)) {
                return false;
            }
        }
        return true;
    }
    return values_equal(va, vb);
}

class Comparer {
public:
    Comparer(const TestGraph& e) : expected_(e) {}

    std::optional<std::string> outputs(Output e, Output a, const std::string& path) {
        if (e.index != a.index)
            return path + ": expected output " + std::to_string(e.index) + " of " + e.node->type() +
                   ", got output " + std::to_string(a.index) + " of " + a.node->type();
        return nodes(*e.node, *a.node, path);
    }

    std::optional<std::string> nodes(const Node& e, const Node& a, const std::string& path) {
        if (auto it = map_.find(&e); it != map_.end()) {
            if (it->second == &a) return std::nullopt;
            return path + ": expected the same node as " + it->second->describe() + ", got " +
                   a.describe();
        }
        const std::string here = path + " <- " + e.type();
        if (e.type() != a.type()) return path + ": expected " + e.type() + ", got " + a.describe();
        if (e.type() == "Parameter" && e.name != a.name)
            return here + ": expected Parameter '" + e.name + "', got '" + a.name + "'";
        if (e.is_const()) {
            if (e.value.type() != a.value.type() || e.value.shape() != a.value.shape())
                return here + ": expected " + std::string(to_string(e.value.type())) +
                       to_string(e.value.shape()) + ", got " +
                       std::string(to_string(a.value.type())) + to_string(a.value.shape());
            if (!expected_.any_value.count(&e))
                for (std::int64_t i = 0; i < e.value.size(); ++i)
                    if (!close(a.value.value_as_double(i), e.value.value_as_double(i)))
                        return here + ": value [" + std::to_string(i) + "] expected " +
                               std::to_string(e.value.value_as_double(i)) + ", got " +
                               std::to_string(a.value.value_as_double(i));
        }
        for (const auto& [k, v] : e.attrs) {
            const AttrValue* av = a.attrs.find(k);
            if (!av) return here + ": attribute '" + k + "' is missing";
            if (!attr_equal(v, *av))
                return here + ": attribute '" + k + "' expected " + format_attribute(v) + ", got " +
                       format_attribute(*av);
        }
        for (const auto& [k, v] : a.attrs)
            if (!e.attrs.has(k))
                return here + ": unexpected attribute " + k + "=" + format_attribute(v);
        if (e.input_count() != a.input_count())
            return here + ": expected " + std::to_string(e.input_count()) + " inputs, got " +
                   std::to_string(a.input_count());
        map_[&e] = &a;
        for (std::size_t i = 0; i < e.input_count(); ++i)
            if (auto diff = outputs(e.input(i), a.input(i), here + " input " + std::to_string(i)))
                return diff;
        return std::nullopt;
    }

private:
    const TestGraph& expected_;
    std::unordered_map<const Node*, const Node*> map_;
};

} // namespace

void check_test_graph(const std::vector<GraphStmt>& stmts) {
    std::set<std::string> defined;
    for (const auto& s : stmts) {
        if (s.op != "Parameter" && s.op != "Const" && s.op != "Result") {
            check_op_type(s.op, s.op_loc);
            for (const auto& a : s.args)
                if (!a.keyword.empty() && a.keyword != "_opset" &&
                    !op_has_attribute(s.op, a.keyword))
                    fail_at(a.keyword_loc, "unknown attribute '" + a.keyword + "' of " + s.op);
            for (const auto& a : s.args)
                if (a.keyword.empty() && (!is_ref(*a.value) || !defined.count(a.value->name)))
                    fail_at(a.value->loc, is_ref(*a.value)
                                              ? "unknown node '" + a.value->name + "'"
                                              : "inputs are names of nodes defined above");
        } else if (s.op == "Result") {
            for (const auto& a : s.args)
                if (!is_ref(*a.value) || !defined.count(a.value->name))
                    fail_at(a.value->loc, "Result reads a node defined above");
        }
        if (!s.name.empty()) {
            if (!defined.insert(s.name).second) fail_at(s.loc, "'" + s.name + "' is defined twice");
        }
    }
}

TestGraph build_test_graph(const std::vector<GraphStmt>& stmts, std::uint64_t seed) {
    TestGraph tg;
    GraphBuilder(tg, seed).run(stmts);
    return tg;
}

std::optional<std::string> compare_graphs(const TestGraph& expected, const Graph& actual) {
    const auto& er = expected.graph->results();
    const auto& ar = actual.results();
    if (er.size() != ar.size())
        return "expected " + std::to_string(er.size()) + " results, got " +
               std::to_string(ar.size());
    Comparer c(expected);
    // Paths start at what each Result reads: "Result 0: expected Sigmoid, got Relu 'r'".
    for (std::size_t i = 0; i < er.size(); ++i) {
        if (er[i]->input_count() != 1 || ar[i]->input_count() != 1)
            return "malformed Result " + std::to_string(i);
        if (auto d = c.outputs(er[i]->input(0), ar[i]->input(0), "Result " + std::to_string(i)))
            return d;
    }
    if (expected.graph->node_count() != actual.node_count())
        return "expected " + std::to_string(expected.graph->node_count()) + " nodes, got " +
               std::to_string(actual.node_count());
    return std::nullopt;
}

} // namespace mo::rules
