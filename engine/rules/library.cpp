// Declarations shared across rule files: registration (one namespace, duplicates reported with
// both places) and the load-time checks of their bodies. Inlining is in expand.cpp.
#include "engine/rules/library.hpp"

#include "engine/rules/builtins.hpp"
#include "engine/rules/op_catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

namespace mo::rules {
namespace {

// The same declaration read twice (a library file loaded directly and as part of the library,
// under two spellings of its path) is not a redefinition.
bool same_place(const Loc& a, const Loc& b) {
    if (a.line != b.line || a.col != b.col) return false;
    if (a.file == b.file) return true;
    std::error_code ec;
    return std::filesystem::equivalent(a.file, b.file, ec);
}

template <typename Decl>
void add_unique(std::map<std::string, Decl, std::less<>>& into, const std::string& key,
                const Decl& decl, std::string_view what) {
    auto [it, inserted] = into.emplace(key, decl);
    if (!inserted && !same_place(it->second.loc, decl.loc))
        fail_at(decl.loc,
                std::string(what) + " '" + key + "' is already defined at " + it->second.loc.str());
}

void check_params(const std::vector<std::string>& params, const std::vector<Loc>& locs) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (!seen.insert(params[i]).second)
            fail_at(locs[i], "parameter '" + params[i] + "' is listed twice");
        if (element_type_from_string(params[i]))
            fail_at(locs[i], "'" + params[i] + "' is an element type name");
    }
}

// A constraint or pattern name must not hide an operation or a builtin function.
void check_declared_name(const std::string& name, const Loc& loc) {
    if (find_builtin(name)) fail_at(loc, "'" + name + "' is a builtin function");
    if (summary(name) || is_framework_op(name)) fail_at(loc, "'" + name + "' is an operation");
}

// The names bound by a node pattern (operands and nodes), nested patterns included.
void bound_names(const NodePattern& p, std::set<std::string>& out) {
    for (const PatArg& a : p.args) {
        if (!a.name.empty() && a.kind != PatArg::Kind::Wildcard) out.insert(a.name);
        if (a.nested) bound_names(*a.nested, out);
    }
}

// The constraints (and patterns) a declaration refers to, for the cycle check.
void called_names(const Expr& e, std::set<std::string>& out) {
    if (e.kind == ExprKind::Call) out.insert(e.name);
    for (const Arg& a : e.args)
        if (a.value) called_names(*a.value, out);
}
void used_fragments(const NodePattern& p, std::set<std::string>& out) {
    for (const auto& t : p.types) out.insert(t);
    for (const PatArg& a : p.args) {
        if (a.nested) used_fragments(*a.nested, out);
        if (a.where) called_names(*a.where, out);
    }
}

// A name a declaration reads that it does not bind: only element types (f32, ...) are allowed.
void check_free_name(const std::string& name, const Loc& loc) {
    if (element_type_from_string(name)) return;
    fail_at(loc, "unknown name '" + name +
                     "': a constraint or pattern sees only its parameters and the names its "
                     "pattern binds");
}

} // namespace

void Declarations::add(const ParsedFile& file) {
    for (const auto& c : file.constraints) {
        if (auto f = fragments_.find(c.name); f != fragments_.end())
            fail_at(c.loc, "'" + c.name + "' is already defined at " + f->second.loc.str() +
                               " (a pattern)");
        add_unique(constraints_, c.name, c, "constraint");
    }
    for (const auto& f : file.fragments) {
        if (auto c = constraints_.find(f.name); c != constraints_.end())
            fail_at(f.loc, "'" + f.name + "' is already defined at " + c->second.loc.str() +
                               " (a constraint)");
        add_unique(fragments_, f.name, f, "pattern");
    }
    for (const auto& d : file.defaults) add_unique(defaults_, d.op, d, "defaults of");
}

void Declarations::merge(const Declarations& other) {
    ParsedFile all;
    for (const auto& [name, c] : other.constraints_) all.constraints.push_back(c);
    for (const auto& [name, f] : other.fragments_) all.fragments.push_back(f);
    for (const auto& [op, d] : other.defaults_) all.defaults.push_back(d);
    add(all);
}

void Declarations::check() const {
    // Every name an expression reads must be in `visible`; every call a builtin, a constraint
    // with the right number of arguments, or (in a pattern's node list) an op or pattern.
    auto check_expr = [&](auto&& self, const Expr& e,
                          const std::set<std::string>& visible) -> void {
        switch (e.kind) {
        case ExprKind::Name:
        case ExprKind::Port:
            if (!visible.count(e.name)) check_free_name(e.name, e.loc);
            break;
        case ExprKind::Member:
            if (e.args.empty() && !visible.count(e.name)) check_free_name(e.name, e.loc);
            break;
        case ExprKind::Call:
            if (auto c = constraints_.find(e.name); c != constraints_.end()) {
                if (e.args.size() != c->second.params.size())
                    fail_at(e.loc, "constraint " + e.name + " takes " +
                                       std::to_string(c->second.params.size()) +
                                       " arguments, got " + std::to_string(e.args.size()));
            } else if (!find_builtin(e.name)) {
                fail_at(e.loc, "unknown constraint or function '" + e.name + "'");
            }
            break;
        default:
            break;
        }
        for (const Arg& a : e.args)
            if (a.value) self(self, *a.value, visible);
    };

    for (const auto& [name, c] : constraints_) {
        check_declared_name(name, c.loc);
        check_params(c.params, c.param_locs);
        const std::set<std::string> visible(c.params.begin(), c.params.end());
        check_expr(check_expr, *c.body, visible);
    }
    for (const auto& [name, f] : fragments_) {
        check_declared_name(name, f.loc);
        check_params(f.params, f.param_locs);
        if (std::find(f.params.begin(), f.params.end(), f.root) != f.params.end())
            fail_at(f.loc, "the pattern's node '" + f.root + "' is also a parameter");
        for (std::size_t i = 0; i < f.pattern.types.size(); ++i)
            if (!fragments_.count(f.pattern.types[i]))
                check_op_type(f.pattern.types[i], f.pattern.type_locs[i]);
        std::set<std::string> visible(f.params.begin(), f.params.end());
        visible.insert(f.root);
        bound_names(f.pattern, visible);
        if (f.where) check_expr(check_expr, *f.where, visible);
        for (const PatArg& a : f.pattern.args)
            if (a.where) check_expr(check_expr, *a.where, visible);
    }
    for (const auto& [op, d] : defaults_) {
        check_op_type(op, d.loc);
        for (const Arg& a : d.attrs) {
            if (a.keyword.empty()) fail_at(a.value->loc, "defaults are written attr=value");
            if (!op_has_attribute(op, a.keyword))
                fail_at(a.keyword_loc, "unknown attribute '" + a.keyword + "' of " + op);
            check_expr(check_expr, *a.value, {});
        }
    }

    // No declaration may use itself, directly or through others.
    std::map<std::string, std::set<std::string>> uses;
    for (const auto& [name, c] : constraints_) called_names(*c.body, uses[name]);
    for (const auto& [name, f] : fragments_) {
        used_fragments(f.pattern, uses[name]);
        if (f.where) called_names(*f.where, uses[name]);
    }
    std::map<std::string, int> state; // 1: on the path, 2: done
    auto visit = [&](auto&& self, const std::string& name, std::vector<std::string>& path) -> void {
        if (state[name] == 2 || !uses.count(name)) return;
        if (state[name] == 1) {
            std::string chain;
            for (auto it = std::find(path.begin(), path.end(), name); it != path.end(); ++it)
                chain += *it + " -> ";
            const Loc& at =
                constraints_.count(name) ? constraints_.at(name).loc : fragments_.at(name).loc;
            fail_at(at, "'" + name + "' uses itself: " + chain + name);
        }
        state[name] = 1;
        path.push_back(name);
        for (const auto& used : uses[name]) self(self, used, path);
        path.pop_back();
        state[name] = 2;
    };
    for (const auto& [name, used] : uses) {
        std::vector<std::string> path;
        visit(visit, name, path);
    }
}

} // namespace mo::rules
