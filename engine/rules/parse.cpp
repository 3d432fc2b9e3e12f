// Walks the ANTLR parse tree of grammar/Rules.g4 into the syntax tree of ast.hpp.
#include "engine/rules/parse.hpp"

#include "engine/core/error.hpp"
#include "engine/rules/antlr_session.hpp"

#include <charconv>

namespace mo::rules {

void fail_at(const Loc& loc, const std::string& message) {
    throw Error(loc.str() + ": " + message + (loc.context.empty() ? "" : " (" + loc.context + ")"));
}

namespace {

using P = mo_rules_grammar::RulesParser;

std::string unquote(const std::string& s) {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size()) {
            const char c = s[++i];
            out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
            out += s[i];
        }
    }
    return out;
}

Arg positional(ExprPtr value) {
    Arg a;
    a.value = std::move(value);
    return a;
}

// Converts one parse tree; keeps the origin for locations.
class Builder {
public:
    explicit Builder(const SourceOrigin& o) : origin_(o) {}

    Loc loc(antlr4::Token* t) const {
        return make_loc(origin_, t->getLine(), t->getCharPositionInLine());
    }
    Loc loc(antlr4::ParserRuleContext* c) const { return loc(c->getStart()); }
    Loc loc(antlr4::tree::TerminalNode* n) const { return loc(n->getSymbol()); }

    static std::string text(antlr4::ParserRuleContext* c) {
        auto* stream = c->getStart()->getInputStream();
        return stream->getText(
            antlr4::misc::Interval(c->getStart()->getStartIndex(), c->getStop()->getStopIndex()));
    }

    RuleDecl rule(P::RuleDeclContext* c) {
        RuleDecl r;
        r.loc = loc(c->name);
        r.name = c->name->getText();
        r.phase = c->phase->getText();
        r.phase_loc = loc(c->phase);
        if (c->benefit) {
            r.benefit = static_cast<int>(to_int(c->benefit->INT()));
            if (c->benefit->getStart()->getText() == "-") r.benefit = -r.benefit;
        }
        if (c->tagList())
            for (auto* id : c->tagList()->ID()) r.tags.push_back(id->getText());
        for (antlr4::Token* part : c->docs)
            r.doc += (r.doc.empty() ? "" : " ") + unquote(part->getText());
        for (auto* s : c->matchBlock()->patternStmt()) r.match.push_back(pattern_stmt(s));
        if (c->whereBlock()) {
            r.where = expr(c->whereBlock()->expr());
            r.where_text = text(c->whereBlock()->expr());
        }
        if (c->letBlock())
            for (auto* s : c->letBlock()->letStmt()) r.lets.push_back(let_stmt(s));
        auto* rep = c->replaceBlock();
        r.replaced = rep->ID()->getText();
        r.replaced_loc = loc(rep->ID());
        r.replacement = replacement(rep->replacement(), &r.replacement_text);
        for (auto* t : c->testDecl()) r.tests.push_back(test(t));
        return r;
    }

    PatternStmt pattern_stmt(P::PatternStmtContext* c) {
        PatternStmt s;
        s.text = text(c);
        if (auto* r = dynamic_cast<P::ReadersStmtContext*>(c)) {
            s.loc = loc(r->ID(0));
            s.name = r->ID(0)->getText();
            s.readers_of = r->source->getText();
            s.readers_loc = loc(r->source);
            s.pattern = node_pattern(r->readerPattern()->nodePattern());
            if (r->readerPattern()->expr()) s.where = expr(r->readerPattern()->expr());
            return s;
        }
        auto* n = dynamic_cast<P::NodeStmtContext*>(c);
        s.loc = loc(n->ID());
        s.name = n->ID()->getText();
        const auto patterns = n->nodePattern();
        s.pattern = node_pattern(patterns.front());
        for (std::size_t i = 1; i < patterns.size(); ++i)
            s.alternatives.push_back(node_pattern(patterns[i]));
        if (n->expr()) s.where = expr(n->expr());
        return s;
    }

    std::vector<std::string> params(P::ParamListContext* c, std::vector<Loc>& locs) {
        std::vector<std::string> out;
        if (!c) return out;
        for (auto* id : c->ID()) {
            out.push_back(id->getText());
            locs.push_back(loc(id));
        }
        return out;
    }

    ConstraintDecl constraint(P::ConstraintDeclContext* c) {
        ConstraintDecl d;
        d.loc = loc(c->name);
        d.name = c->name->getText();
        d.params = params(c->paramList(), d.param_locs);
        d.body = expr(c->expr());
        d.text = text(c);
        return d;
    }

    FragmentDecl fragment(P::FragmentDeclContext* c) {
        FragmentDecl d;
        d.loc = loc(c->name);
        d.name = c->name->getText();
        d.params = params(c->paramList(), d.param_locs);
        d.root = c->root->getText();
        d.pattern = node_pattern(c->nodePattern());
        if (c->expr()) d.where = expr(c->expr());
        d.text = text(c);
        return d;
    }

    DefaultsDecl defaults(P::DefaultsDeclContext* c) {
        DefaultsDecl d;
        d.loc = loc(c->opName());
        d.op = c->opName()->getText();
        for (auto* a : c->arg()) d.attrs.push_back(arg(a));
        d.text = text(c);
        return d;
    }

    // One declaration of a file (or of a JSON "declarations" entry) into `out`.
    void top_decl(antlr4::ParserRuleContext* c, ParsedFile& out) {
        if (auto* k = dynamic_cast<P::ConstraintDeclContext*>(c))
            out.constraints.push_back(constraint(k));
        else if (auto* f = dynamic_cast<P::FragmentDeclContext*>(c))
            out.fragments.push_back(fragment(f));
        else if (auto* d = dynamic_cast<P::DefaultsDeclContext*>(c))
            out.defaults.push_back(defaults(d));
        else if (auto* r = dynamic_cast<P::RuleDeclContext*>(c))
            out.rules.push_back(rule(r));
    }

    NodePattern node_pattern(P::NodePatternContext* c) {
        NodePattern n;
        n.loc = loc(c);
        for (auto* v : c->opAlt()->versionedOp()) {
            n.types.push_back(v->opName()->getText());
            n.type_locs.push_back(loc(v));
            n.versions.push_back(v->version ? static_cast<int>(to_int(v->INT())) : -1);
        }
        for (auto* a : c->patArg()) n.args.push_back(pat_arg(a));
        return n;
    }

    PatArg pat_arg(P::PatArgContext* c) {
        PatArg a;
        a.loc = loc(c);
        if (auto* e = dynamic_cast<P::EachArgContext*>(c)) {
            a.kind = PatArg::Kind::Each;
            a.name = e->ID()->getText();
            a.nested = std::make_shared<NodePattern>(node_pattern(e->nodePattern()));
            if (e->expr()) a.where = expr(e->expr());
        } else if (auto* v = dynamic_cast<P::VariadicArgContext*>(c)) {
            a.kind = PatArg::Kind::Variadic;
            a.name = v->ID()->getText();
        } else if (auto* k = dynamic_cast<P::ConstArgContext*>(c)) {
            a.kind = PatArg::Kind::Const;
            a.name = k->ID()->getText();
        } else if (auto* b = dynamic_cast<P::BoundNestedArgContext*>(c)) {
            a.kind = PatArg::Kind::Nested;
            a.name = b->ID()->getText();
            a.nested = std::make_shared<NodePattern>(node_pattern(b->nodePattern()));
        } else if (auto* n = dynamic_cast<P::NestedArgContext*>(c)) {
            a.kind = PatArg::Kind::Nested;
            a.nested = std::make_shared<NodePattern>(node_pattern(n->nodePattern()));
        } else if (auto* er = dynamic_cast<P::ElementRefArgContext*>(c)) {
            a.kind = PatArg::Kind::Ref;
            a.name = er->ID()->getText();
            a.port = kElementPort;
        } else if (auto* r = dynamic_cast<P::RefArgContext*>(c)) {
            a.name = r->ID()->getText();
            a.kind = a.name == "_" ? PatArg::Kind::Wildcard : PatArg::Kind::Ref;
            if (r->INT()) a.port = to_int(r->INT());
        }
        return a;
    }

    LetStmt let_stmt(P::LetStmtContext* c) {
        LetStmt s;
        s.loc = loc(c);
        s.text = text(c);
        if (auto* a = dynamic_cast<P::LetAssignContext*>(c)) {
            s.name = a->ID()->getText();
            s.value = expr(a->expr());
        } else if (auto* k = dynamic_cast<P::LetCheckContext*>(c)) {
            s.value = expr(k->expr());
        }
        return s;
    }

    std::vector<ExprPtr> replacement(P::ReplacementContext* c, std::vector<std::string>* texts) {
        std::vector<ExprPtr> out;
        std::vector<P::ExprContext*> parts;
        if (auto* t = dynamic_cast<P::TupleReplacementContext*>(c))
            parts = t->expr();
        else if (auto* s = dynamic_cast<P::SingleReplacementContext*>(c))
            parts = {s->expr()};
        for (auto* e : parts) {
            out.push_back(expr(e));
            if (texts) texts->push_back(text(e));
        }
        return out;
    }

    RuleTestDecl test(P::TestDeclContext* c) {
        RuleTestDecl t;
        t.loc = loc(c);
        t.name = unquote(c->STRING()->getText());
        for (auto* s : c->graphBlock()->graphStmt()) t.input.push_back(graph_stmt(s));
        if (auto* e = c->expectClause()) {
            t.has_expect = true;
            if (auto* g = dynamic_cast<P::ExpectGraphContext*>(e)) {
                for (auto* s : g->graphBlock()->graphStmt()) t.expect.push_back(graph_stmt(s));
            } else {
                t.expect_unchanged = true;
            }
        }
        return t;
    }

    GraphStmt graph_stmt(P::GraphStmtContext* c) {
        GraphStmt s;
        s.loc = loc(c);
        if (c->ID()) s.name = c->ID()->getText();
        s.op = c->opName()->getText();
        s.op_loc = loc(c->opName());
        for (auto* a : c->arg()) s.args.push_back(arg(a));
        s.text = text(c);
        return s;
    }

    Arg arg(P::ArgContext* c) {
        Arg a;
        if (auto* k = c->argKey()) {
            a.keyword = k->STRING() ? unquote(k->getText()) : k->getText();
            a.keyword_loc = loc(k);
        }
        a.value = expr(c->expr());
        return a;
    }

    std::int64_t to_int(antlr4::tree::TerminalNode* n) const {
        const std::string s = n->getText();
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc()) fail_at(loc(n), "integer out of range: " + s);
        return v;
    }

    ExprPtr make(ExprKind kind, const Loc& l) {
        auto e = std::make_shared<Expr>();
        e->kind = kind;
        e->loc = l;
        return e;
    }

    ExprPtr binary(const std::string& op, P::ExprContext* a, P::ExprContext* b, const Loc& l) {
        auto e = make(ExprKind::Binary, l);
        e->name = op;
        e->args = {positional(expr(a)), positional(expr(b))};
        return e;
    }

    ExprPtr expr(P::ExprContext* c) {
        const Loc l = loc(c);
        if (auto* p = dynamic_cast<P::ParenExprContext*>(c)) return expr(p->expr());
        if (auto* k = dynamic_cast<P::CallExprContext*>(c)) {
            auto e = make(ExprKind::Call, loc(k->opName()));
            e->name = k->opName()->getText();
            for (auto* a : k->arg()) e->args.push_back(arg(a));
            return e;
        }
        if (auto* x = dynamic_cast<P::IndexExprContext*>(c)) {
            auto e = make(ExprKind::Index, loc(x->expr(1)));
            e->args = {positional(expr(x->expr(0))), positional(expr(x->expr(1)))};
            return e;
        }
        if (auto* m = dynamic_cast<P::ElementMemberExprContext*>(c)) {
            // `cs[0].strides`: an attribute of one element of a list of nodes.
            auto index = make(ExprKind::Index, loc(m->expr(1)));
            index->args = {positional(expr(m->expr(0))), positional(expr(m->expr(1)))};
            auto e = make(ExprKind::Member, l);
            e->member = m->ID()->getText();
            e->args = {positional(index)};
            return e;
        }
        if (auto* p = dynamic_cast<P::PortExprContext*>(c)) {
            auto e = make(ExprKind::Port, l);
            e->name = p->ID()->getText();
            e->int_value = to_int(p->INT());
            return e;
        }
        if (auto* m = dynamic_cast<P::MemberExprContext*>(c)) {
            auto e = make(ExprKind::Member, l);
            e->name = m->ID(0)->getText();
            e->member = m->ID(1)->getText();
            return e;
        }
        if (auto* n = dynamic_cast<P::NegExprContext*>(c)) {
            auto inner = expr(n->expr());
            // Fold negative literals so that `[-1, 1]` is a plain list of ints.
            if (inner->kind == ExprKind::Int) {
                inner->int_value = -inner->int_value;
                inner->loc = l;
                return inner;
            }
            if (inner->kind == ExprKind::Float) {
                inner->float_value = -inner->float_value;
                inner->loc = l;
                return inner;
            }
            auto e = make(ExprKind::Unary, l);
            e->name = "-";
            e->args = {positional(inner)};
            return e;
        }
        if (auto* n = dynamic_cast<P::NotExprContext*>(c)) {
            auto e = make(ExprKind::Unary, l);
            e->name = "not";
            e->args = {positional(expr(n->expr()))};
            return e;
        }
        if (auto* m = dynamic_cast<P::MulExprContext*>(c))
            return binary(m->op->getText(), m->expr(0), m->expr(1), loc(m->op));
        if (auto* a = dynamic_cast<P::AddExprContext*>(c))
            return binary(a->op->getText(), a->expr(0), a->expr(1), loc(a->op));
        if (auto* k = dynamic_cast<P::CmpExprContext*>(c))
            return binary(k->op->getText(), k->expr(0), k->expr(1), loc(k->op));
        if (auto* i = dynamic_cast<P::InExprContext*>(c))
            return binary("in", i->expr(0), i->expr(1), l);
        if (auto* a = dynamic_cast<P::AndExprContext*>(c))
            return binary("and", a->expr(0), a->expr(1), l);
        if (auto* o = dynamic_cast<P::OrExprContext*>(c))
            return binary("or", o->expr(0), o->expr(1), l);
        if (auto* li = dynamic_cast<P::ListExprContext*>(c)) {
            auto e = make(ExprKind::List, l);
            for (auto* x : li->expr()) e->args.push_back(positional(expr(x)));
            return e;
        }
        if (auto* i = dynamic_cast<P::IntExprContext*>(c)) {
            auto e = make(ExprKind::Int, l);
            e->int_value = to_int(i->INT());
            return e;
        }
        if (auto* f = dynamic_cast<P::FloatExprContext*>(c)) {
            auto e = make(ExprKind::Float, l);
            e->float_value = std::stod(f->FLOAT()->getText());
            return e;
        }
        if (auto* s = dynamic_cast<P::StringExprContext*>(c)) {
            auto e = make(ExprKind::String, l);
            e->name = unquote(s->STRING()->getText());
            return e;
        }
        if (dynamic_cast<P::BoolExprContext*>(c)) {
            auto e = make(ExprKind::Bool, l);
            e->bool_value = c->getText() == "true";
            return e;
        }
        if (auto* n = dynamic_cast<P::NameExprContext*>(c)) {
            auto e = make(ExprKind::Name, l);
            e->name = n->ID()->getText();
            return e;
        }
        fail_at(l, "unsupported expression");
    }

private:
    const SourceOrigin& origin_;
};

} // namespace

ParsedFile parse_rule_source(std::string_view text, const SourceOrigin& origin) {
    AntlrSession p(text, origin);
    auto* tree = p.rule_file();
    Builder b(origin);
    ParsedFile out;
    for (auto* d : tree->topDecl())
        b.top_decl(dynamic_cast<antlr4::ParserRuleContext*>(d->children.front()), out);
    return out;
}

std::vector<RuleDecl> parse_rule_file(std::string_view text, const SourceOrigin& origin) {
    return parse_rule_source(text, origin).rules;
}

ParsedFile parse_declaration(std::string_view text, const SourceOrigin& origin) {
    AntlrSession p(text, origin);
    auto* entry = p.parser.topDeclEntry();
    ParsedFile out;
    Builder(origin).top_decl(dynamic_cast<antlr4::ParserRuleContext*>(entry->children.front()),
                             out);
    return out;
}

PatternStmt parse_pattern_stmt(std::string_view text, const SourceOrigin& origin) {
    AntlrSession p(text, origin);
    return Builder(origin).pattern_stmt(p.parser.patternStmtEntry()->patternStmt());
}

ExprPtr parse_expr(std::string_view text, const SourceOrigin& origin) {
    AntlrSession p(text, origin);
    return Builder(origin).expr(p.parser.exprEntry()->expr());
}

LetStmt parse_let_stmt(std::string_view text, const SourceOrigin& origin) {
    AntlrSession p(text, origin);
    return Builder(origin).let_stmt(p.parser.letStmtEntry()->letStmt());
}

std::vector<ExprPtr> parse_replacement(std::string_view text, const SourceOrigin& origin,
                                       std::vector<std::string>* texts) {
    AntlrSession p(text, origin);
    return Builder(origin).replacement(p.parser.replacementEntry()->replacement(), texts);
}

GraphStmt parse_graph_stmt(std::string_view text, const SourceOrigin& origin) {
    AntlrSession p(text, origin);
    return Builder(origin).graph_stmt(p.parser.graphStmtEntry()->graphStmt());
}

} // namespace mo::rules
