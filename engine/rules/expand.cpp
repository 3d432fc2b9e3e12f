// Inlining of the library's declarations into a rule's syntax tree, before it is compiled:
// a call of a named constraint becomes its body with the arguments in place of the parameters;
// a node pattern naming a pattern declaration becomes that pattern (its names renamed apart, its
// condition joined to the condition that governs the place of use); a test graph node gets the
// defaults of its op for the attributes it leaves out.
#include "engine/core/op_registry.hpp"
#include "engine/rules/library.hpp"
#include "engine/rules/op_catalog.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace mo::rules {
namespace {

ExprPtr clone(const Expr& e) {
    auto out = std::make_shared<Expr>(e);
    for (Arg& a : out->args)
        if (a.value) a.value = clone(*a.value);
    return out;
}

ExprPtr name_expr(const std::string& name, const Loc& loc) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Name;
    e->name = name;
    e->loc = loc;
    return e;
}

ExprPtr conjunction(ExprPtr a, ExprPtr b) {
    if (!a) return b;
    if (!b) return a;
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Binary;
    e->name = "and";
    e->loc = b->loc;
    e->args = {Arg{{}, std::move(a), {}}, Arg{{}, std::move(b), {}}};
    return e;
}

// A copy of `body` in which each parameter reads its argument. A parameter used as the base of
// an attribute or port (`p.kernel`, `p.1`) needs a name (or a list element `cs[0]`) there.
ExprPtr substitute(const Expr& body, const std::map<std::string, ExprPtr>& args,
                   const std::string& context) {
    const bool named = body.kind == ExprKind::Name || body.kind == ExprKind::Port ||
                       (body.kind == ExprKind::Member && body.args.empty());
    if (named) {
        if (auto it = args.find(body.name); it != args.end()) {
            const Expr& arg = *it->second;
            if (body.kind == ExprKind::Name) return clone(arg);
            auto out = std::make_shared<Expr>(body);
            if (arg.kind == ExprKind::Name) {
                out->name = arg.name;
            } else if (body.kind == ExprKind::Member && arg.kind == ExprKind::Index) {
                out->args = {Arg{{}, clone(arg), {}}}; // p.attr with p = cs[0]: cs[0].attr
            } else {
                fail_at(arg.loc, "'" + body.name + (body.kind == ExprKind::Port ? "." : ".") +
                                     (body.kind == ExprKind::Port ? std::to_string(body.int_value)
                                                                  : body.member) +
                                     "' needs a bound name here");
            }
            out->loc.context = context;
            return out;
        }
    }
    auto out = std::make_shared<Expr>(body);
    if (out->loc.context.empty()) out->loc.context = context;
    for (Arg& a : out->args)
        if (a.value) a.value = substitute(*a.value, args, context);
    return out;
}

class Expander {
public:
    explicit Expander(const Declarations& d) : d_(d) {}

    void rule(RuleDecl& r) {
        for (PatternStmt& s : r.match) {
            std::vector<std::string> path;
            pattern(s.pattern, s.name, &s.where, path);
            for (NodePattern& alt : s.alternatives) pattern(alt, s.name, nullptr, path);
            s.where = expr(s.where);
        }
        r.where = expr(r.where);
        for (LetStmt& l : r.lets) l.value = expr(l.value);
        for (ExprPtr& e : r.replacement) e = expr(e);
        for (RuleTestDecl& t : r.tests) {
            for (GraphStmt& s : t.input) defaults(s);
            for (GraphStmt& s : t.expect) defaults(s);
        }
    }

private:
    // Inlines constraint calls in `e` (in place where nothing is replaced).
    ExprPtr expr(const ExprPtr& e) {
        std::vector<std::string> path;
        return expr(e, path);
    }
    ExprPtr expr(const ExprPtr& e, std::vector<std::string>& path) {
        if (!e) return e;
        for (Arg& a : e->args)
            if (a.value) a.value = expr(a.value, path);
        if (e->kind != ExprKind::Call) return e;
        auto c = d_.constraints().find(e->name);
        if (c == d_.constraints().end()) return e;
        const ConstraintDecl& decl = c->second;
        if (e->args.size() != decl.params.size())
            fail_at(e->loc, "constraint " + decl.name + " takes " +
                                std::to_string(decl.params.size()) + " arguments, got " +
                                std::to_string(e->args.size()));
        if (std::find(path.begin(), path.end(), decl.name) != path.end())
            fail_at(e->loc, "constraint " + decl.name + " uses itself");
        std::map<std::string, ExprPtr> args;
        for (std::size_t i = 0; i < decl.params.size(); ++i) {
            if (!e->args[i].keyword.empty())
                fail_at(e->args[i].keyword_loc, "constraint arguments are positional");
            args.emplace(decl.params[i], e->args[i].value);
        }
        path.push_back(decl.name);
        ExprPtr inlined = expr(
            substitute(*decl.body, args, "in constraint " + decl.name + " used at " + e->loc.str()),
            path);
        path.pop_back();
        return inlined;
    }

    // Inlines the pattern declarations used in `p`, whose node is bound as `root` (empty when
    // anonymous). Their conditions join `*where` (null: no declaration may be used here).
    void pattern(NodePattern& p, const std::string& root, ExprPtr* where,
                 std::vector<std::string>& path) {
        if (const FragmentDecl* f = fragment_of(p)) {
            if (!where)
                fail_at(p.loc, "pattern " + f->name +
                                   " cannot be used in an alternative of a statement; write "
                                   "the alternatives out");
            if (std::find(path.begin(), path.end(), f->name) != path.end())
                fail_at(p.loc, "pattern " + f->name + " uses itself");
            ExprPtr condition;
            p = instantiate(*f, p, root, condition);
            path.push_back(f->name);
            pattern(p, root, where, path);
            path.pop_back();
            *where = conjunction(*where, condition);
            return;
        }
        for (PatArg& a : p.args) {
            if (!a.nested) continue;
            a.nested = std::make_shared<NodePattern>(*a.nested); // the tree may share it
            if (a.kind == PatArg::Kind::Each) {
                pattern(*a.nested, a.name, &a.where, path);
                a.where = expr(a.where);
                continue;
            }
            if (a.name.empty() && fragment_of(*a.nested)) a.name = hidden(a.nested->types[0]);
            pattern(*a.nested, a.name, where, path);
        }
    }

    const FragmentDecl* fragment_of(const NodePattern& p) const {
        for (std::size_t i = 0; i < p.types.size(); ++i) {
            auto f = d_.fragments().find(p.types[i]);
            if (f == d_.fragments().end()) continue;
            if (p.types.size() > 1)
                fail_at(p.type_locs[i], "pattern " + p.types[i] +
                                            " cannot be one of several op types (Relu | ...)");
            if (p.versions[i] >= 0)
                fail_at(p.type_locs[i], "pattern " + p.types[i] + " has no versions");
            return &f->second;
        }
        return nullptr;
    }

    std::string hidden(const std::string& base) { return base + "#" + std::to_string(++counter_); }

    // The body of `f` for one use: parameters become the operands written at the use, its node
    // is `root`, every other name it binds gets a fresh name; its condition goes to `condition`.
    NodePattern instantiate(const FragmentDecl& f, const NodePattern& use, std::string root,
                            ExprPtr& condition) {
        if (use.args.size() != f.params.size())
            fail_at(use.loc, "pattern " + f.name + " takes " + std::to_string(f.params.size()) +
                                 " operands, got " + std::to_string(use.args.size()));
        if (root.empty()) root = hidden(f.name);
        const std::string context = "in pattern " + f.name + " used at " + use.loc.str();
        std::map<std::string, PatArg> operand; // parameter -> what the use wrote
        std::map<std::string, std::string> rename{{f.root, root}};
        for (std::size_t i = 0; i < f.params.size(); ++i) {
            PatArg a = use.args[i];
            switch (a.kind) {
            case PatArg::Kind::Variadic:
            case PatArg::Kind::Each:
                fail_at(a.loc, "an operand of pattern " + f.name + " is one operand");
            case PatArg::Kind::Wildcard:
                a.kind = PatArg::Kind::Ref;
                a.name = hidden(f.name + "." + f.params[i]);
                break;
            case PatArg::Kind::Nested:
                if (a.name.empty()) a.name = hidden(f.name + "." + f.params[i]);
                break;
            default:
                break;
            }
            rename[f.params[i]] = a.name;
            operand.emplace(f.params[i], a);
        }
        std::set<std::string> internal;
        collect_internal(f.pattern, f, internal);
        for (const auto& name : internal) rename[name] = hidden(f.name + "." + name);

        std::map<std::string, ExprPtr> names;
        for (const auto& [from, to] : rename) names[from] = name_expr(to, use.loc);
        std::set<std::string> placed; // parameters already written once in the body
        NodePattern out = instantiate_node(f.pattern, operand, rename, names, placed, context);
        // A parameter the pattern does not place as an operand (it names one of the pattern's
        // nodes, or only its condition reads it) takes a name: a nested pattern or `: const`
        // written for it would be ignored.
        for (const auto& [param, a] : operand)
            if (!placed.count(param) &&
                (a.kind == PatArg::Kind::Nested || a.kind == PatArg::Kind::Const))
                fail_at(a.loc, "'" + param + "' of pattern " + f.name +
                                   " is not an operand of it; write a name here");
        out.loc = use.loc;
        condition = f.where ? substitute(*f.where, names, context) : nullptr;
        return out;
    }

    static void collect_internal(const NodePattern& p, const FragmentDecl& f,
                                 std::set<std::string>& out) {
        for (const PatArg& a : p.args) {
            const bool param =
                std::find(f.params.begin(), f.params.end(), a.name) != f.params.end();
            if (!a.name.empty() && a.kind != PatArg::Kind::Wildcard && !param && a.name != f.root)
                out.insert(a.name);
            if (a.nested) collect_internal(*a.nested, f, out);
        }
    }

    NodePattern instantiate_node(const NodePattern& body,
                                 const std::map<std::string, PatArg>& operand,
                                 const std::map<std::string, std::string>& rename,
                                 const std::map<std::string, ExprPtr>& names,
                                 std::set<std::string>& placed, const std::string& context) {
        NodePattern out = body;
        for (Loc& l : out.type_locs)
            if (l.context.empty()) l.context = context;
        for (PatArg& a : out.args) {
            if (a.loc.context.empty()) a.loc.context = context;
            if (auto use = operand.find(a.name);
                use != operand.end() &&
                (a.kind == PatArg::Kind::Ref || a.kind == PatArg::Kind::Const)) {
                const bool must_be_const = a.kind == PatArg::Kind::Const;
                const int port = a.port;
                if (placed.insert(a.name).second) {
                    a = use->second; // first place: what the use wrote (a nested pattern too)
                } else {
                    a.kind = PatArg::Kind::Ref;
                    a.name = use->second.name;
                }
                if (must_be_const) {
                    if (a.kind == PatArg::Kind::Nested)
                        fail_at(a.loc, "this operand of the pattern must be a constant");
                    a.kind = PatArg::Kind::Const;
                }
                if (port >= 0 || port == kElementPort) a.port = port;
                continue;
            }
            if (auto r = rename.find(a.name); r != rename.end()) a.name = r->second;
            if (a.nested)
                a.nested = std::make_shared<NodePattern>(
                    instantiate_node(*a.nested, operand, rename, names, placed, context));
            if (a.where) a.where = substitute(*a.where, names, context);
        }
        return out;
    }

    void defaults(GraphStmt& s) const {
        auto d = d_.defaults().find(s.op);
        if (d == d_.defaults().end()) return;
        const OpDef* def = latest_def(s.op);
        for (const Arg& a : s.args)
            if (a.keyword == "_opset" && a.value->kind == ExprKind::Int)
                def = op_registry().find(s.op, static_cast<int>(a.value->int_value));
        for (const Arg& given : d->second.attrs) {
            const bool written = std::any_of(s.args.begin(), s.args.end(), [&](const Arg& a) {
                return a.keyword == given.keyword;
            });
            if (written) continue;
            if (def && std::find(def->attributes.begin(), def->attributes.end(), given.keyword) ==
                           def->attributes.end())
                continue; // not an attribute of this version
            s.args.push_back(Arg{given.keyword, clone(*given.value), given.keyword_loc});
        }
    }

    const Declarations& d_;
    int counter_ = 0;
};

} // namespace

void Declarations::expand(RuleDecl& rule) const {
    if (empty()) return;
    Expander(*this).rule(rule);
}

} // namespace mo::rules
