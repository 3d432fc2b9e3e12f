// Loading rule files (DSL or JSON form) into a RuleSet, and writing the JSON form.
#include "engine/core/error.hpp"
#include "engine/rules/compile.hpp"
#include "engine/rules/library.hpp"
#include "engine/rules/parse.hpp"
#include "engine/rules/rules.hpp"
#include "engine/rules/test_graph.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <cctype>
#include <set>
#include <sstream>

namespace mo::rules {
namespace {

using json = nlohmann::json;

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

SourceOrigin origin_at(std::string_view text, std::size_t offset, const std::string& file) {
    SourceOrigin o{file, 1, 1};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++o.line;
            o.col = 1;
        } else {
            ++o.col;
        }
    }
    return o;
}

// The JSON form: every field that holds code holds a fragment of the DSL, parsed by the same
// parser; errors point into the JSON file at the fragment's string.
class JsonLoader {
public:
    JsonLoader(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

    ParsedFile run() {
        json doc;
        try {
            doc = json::parse(text_);
        } catch (const json::parse_error& e) {
            const SourceOrigin o = origin_at(text_, e.byte > 0 ? e.byte - 1 : 0, file_);
            fail_at(Loc{file_, o.line, o.col}, std::string("invalid JSON: ") + e.what());
        }
        const json* list = &doc;
        ParsedFile out;
        if (doc.is_object() && doc.contains("rules")) {
            list = &doc["rules"];
            for (const auto& text : strings_field(doc, "declarations", Loc{file_, 1, 1}, false)) {
                ParsedFile one = parse_declaration(text, where(text));
                for (auto& c : one.constraints) out.constraints.push_back(std::move(c));
                for (auto& f : one.fragments) out.fragments.push_back(std::move(f));
                for (auto& d : one.defaults) out.defaults.push_back(std::move(d));
            }
        }
        if (list->is_array()) {
            for (const auto& r : *list) out.rules.push_back(rule(r));
        } else if (list->is_object()) {
            out.rules.push_back(rule(*list));
        } else {
            fail_at(Loc{file_, 1, 1},
                    "expected {\"rules\": [...]}, a list of rules or one rule object");
        }
        return out;
    }

private:
    // Where a string value appears in the file (its first occurrence).
    SourceOrigin where(const std::string& value) const {
        const std::string quoted = json(value).dump();
        const auto pos = text_.find(quoted);
        if (pos == std::string_view::npos) return {file_, 1, 1};
        return origin_at(text_, pos + 1, file_);
    }
    Loc loc_of(const std::string& value) const {
        const auto o = where(value);
        return {file_, o.line, o.col};
    }

    std::string string_field(const json& obj, const char* key, const Loc& loc,
                             bool required = true) const {
        if (!obj.contains(key)) {
            if (required) fail_at(loc, std::string("missing key \"") + key + "\"");
            return {};
        }
        if (!obj[key].is_string()) fail_at(loc, std::string("\"") + key + "\" must be a string");
        return obj[key].get<std::string>();
    }

    std::vector<std::string> strings_field(const json& obj, const char* key, const Loc& loc,
                                           bool required) const {
        std::vector<std::string> out;
        if (!obj.contains(key)) {
            if (required) fail_at(loc, std::string("missing key \"") + key + "\"");
            return out;
        }
        const json& v = obj[key];
        if (v.is_string()) return {v.get<std::string>()};
        if (!v.is_array()) fail_at(loc, std::string("\"") + key + "\" must be a list of strings");
        for (const auto& e : v) {
            if (!e.is_string())
                fail_at(loc, std::string("\"") + key + "\" must be a list of strings");
            out.push_back(e.get<std::string>());
        }
        return out;
    }

    RuleDecl rule(const json& r) {
        if (!r.is_object()) fail_at(Loc{file_, 1, 1}, "a rule must be a JSON object");
        Loc loc{file_, 1, 1};
        if (r.contains("name") && r["name"].is_string()) loc = loc_of(r["name"].get<std::string>());
        static const std::set<std::string> kKeys = {"name",    "phase", "tags",  "benefit",
                                                    "doc",     "match", "where", "let",
                                                    "replace", "with",  "tests"};
        for (const auto& [k, v] : r.items())
            if (!kKeys.count(k)) fail_at(loc, "unknown key \"" + k + "\" in a rule");
        RuleDecl d;
        d.loc = loc;
        d.name = string_field(r, "name", loc);
        d.phase = string_field(r, "phase", loc);
        d.phase_loc = loc_of(d.phase);
        d.tags = strings_field(r, "tags", loc, false);
        if (r.contains("benefit")) {
            if (!r["benefit"].is_number_integer()) fail_at(loc, "\"benefit\" must be an integer");
            d.benefit = r["benefit"].get<int>();
        }
        d.doc = string_field(r, "doc", loc, false);
        for (const auto& s : strings_field(r, "match", loc, true))
            d.match.push_back(parse_pattern_stmt(s, where(s)));
        if (r.contains("where")) {
            d.where_text = string_field(r, "where", loc);
            d.where = parse_expr(d.where_text, where(d.where_text));
        }
        for (const auto& s : strings_field(r, "let", loc, false))
            d.lets.push_back(parse_let_stmt(s, where(s)));
        d.replaced = string_field(r, "replace", loc);
        d.replaced_loc = loc_of(d.replaced);
        for (const auto& s : strings_field(r, "with", loc, true)) {
            auto parts = parse_replacement(s, where(s), &d.replacement_text);
            d.replacement.insert(d.replacement.end(), parts.begin(), parts.end());
        }
        if (r.contains("tests")) {
            if (!r["tests"].is_array()) fail_at(loc, "\"tests\" must be a list");
            for (const auto& t : r["tests"]) d.tests.push_back(test(t, loc));
        }
        return d;
    }

    RuleTestDecl test(const json& t, const Loc& rule_loc) {
        if (!t.is_object()) fail_at(rule_loc, "a test must be a JSON object");
        RuleTestDecl d;
        d.name = string_field(t, "name", rule_loc);
        d.loc = loc_of(d.name);
        for (const auto& s : strings_field(t, "input", d.loc, true))
            d.input.push_back(parse_graph_stmt(s, where(s)));
        if (t.contains("expect")) {
            d.has_expect = true;
            if (t["expect"].is_string() && t["expect"].get<std::string>() == "unchanged") {
                d.expect_unchanged = true;
            } else {
                for (const auto& s : strings_field(t, "expect", d.loc, true))
                    d.expect.push_back(parse_graph_stmt(s, where(s)));
            }
        }
        return d;
    }

    std::string_view text_;
    std::string file_;
};

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error("cannot read rule file " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool is_rule_file(const std::filesystem::path& p) {
    const std::string name = p.filename().string();
    return ends_with(name, ".rules") || ends_with(name, ".rules.json");
}

} // namespace

void RuleSet::merge(const RuleSet& other) {
    if (other.declarations && other.declarations != declarations) {
        auto merged = std::make_shared<Declarations>();
        if (declarations) merged->merge(*declarations);
        merged->merge(*other.declarations);
        declarations = std::move(merged);
    }
    for (const auto& r : other.rules) {
        if (auto existing = find(r->name))
            fail_at(r->loc, "rule '" + r->name + "' is already defined at " + existing->loc.str());
        rules.push_back(r);
    }
}

std::shared_ptr<const Rule> RuleSet::find(std::string_view name) const {
    for (const auto& r : rules)
        if (r->name == name) return r;
    return nullptr;
}

namespace {

ParsedFile parse_source(std::string_view text, const std::string& file) {
    return ends_with(file, ".json") ? JsonLoader(text, file).run()
                                    : parse_rule_source(text, SourceOrigin{file, 1, 1});
}

// Compiles the rules of `files` with `declarations` (already holding every file's).
RuleSet compile_files(std::vector<ParsedFile>& files,
                      std::shared_ptr<const Declarations> declarations) {
    RuleSet set;
    set.declarations = declarations;
    for (ParsedFile& file : files) {
        for (auto& d : file.rules) {
            declarations->expand(d);
            for (const auto& t : d.tests) {
                check_test_graph(t.input);
                check_test_graph(t.expect);
            }
            RuleSet one;
            one.rules.push_back(std::make_shared<const Rule>(compile_rule(std::move(d))));
            set.merge(one);
        }
    }
    return set;
}

// Whether a rule file may hold declarations (constraint, pattern, defaults): a statement starts
// with its keyword at the beginning of a line. Parsing is most of mo's start-up, so library files
// read only for their declarations are skipped when they have none; a false positive (the word
// at the start of a doc string's line) only costs a parse.
bool may_declare(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, end - at);
        line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
        for (std::string_view keyword : {"constraint", "pattern", "defaults"})
            if (line.starts_with(keyword) &&
                (line.size() == keyword.size() ||
                 !std::isalnum(static_cast<unsigned char>(line[keyword.size()]))))
                return true;
        at = end + 1;
    }
    return false;
}

RuleSet load_parsed(std::vector<ParsedFile>& files, Declarations declarations) {
    for (const ParsedFile& f : files) declarations.add(f);
    declarations.check();
    return compile_files(files, std::make_shared<const Declarations>(std::move(declarations)));
}

} // namespace

RuleSet load_rule_sources(std::span<const RuleSource> sources) {
    std::vector<ParsedFile> files;
    for (const RuleSource& s : sources) files.push_back(parse_source(s.text, s.file_name));
    return load_parsed(files, {});
}

RuleSet load_rule_text(std::string_view text, std::string_view file_name) {
    const RuleSource source{text, std::string(file_name)};
    return load_rule_sources(std::span<const RuleSource>(&source, 1));
}

RuleSet load_rule_files(std::span<const std::filesystem::path> paths) {
    std::vector<std::filesystem::path> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::filesystem::path> found;
            for (const auto& e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file() && is_rule_file(e.path())) found.push_back(e.path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (std::filesystem::exists(p, ec)) {
            files.push_back(p);
        } else {
            throw Error("rule file or directory not found: " + p.string());
        }
    }
    std::vector<ParsedFile> parsed;
    for (const auto& f : files) parsed.push_back(parse_source(read_file(f), f.string()));
    // The library's declarations are visible to every file: those of library files not loaded
    // here are read too (their rules are not compiled).
    Declarations declarations;
    std::error_code ec; // a path that cannot be resolved compares as written
    const auto canonical = [&ec](const std::filesystem::path& p) {
        auto c = std::filesystem::weakly_canonical(p, ec);
        return ec ? p : c;
    };
    std::set<std::filesystem::path> loaded;
    for (const auto& f : files) loaded.insert(canonical(f));
    const auto library = default_rules_dir();
    if (std::filesystem::is_directory(library, ec)) {
        std::vector<std::filesystem::path> found;
        for (const auto& e : std::filesystem::recursive_directory_iterator(library))
            if (e.is_regular_file() && is_rule_file(e.path()) && !loaded.count(canonical(e.path())))
                found.push_back(e.path());
        std::sort(found.begin(), found.end());
        for (const auto& f : found) {
            const std::string text = read_file(f);
            if (may_declare(text)) declarations.add(parse_source(text, f.string()));
        }
    }
    return load_parsed(parsed, std::move(declarations));
}

std::filesystem::path default_rules_dir() {
    if (const char* env = std::getenv("MO_RULES_DIR"); env && *env) return env;
#ifdef MO_DEFAULT_RULES_DIR
    return MO_DEFAULT_RULES_DIR;
#else
    return "rules";
#endif
}

std::string rules_to_json(const RuleSet& rules) {
    json list = json::array();
    for (const auto& r : rules.rules) {
        const RuleDecl& d = r->decl;
        json j;
        j["name"] = d.name;
        j["phase"] = d.phase;
        if (!d.tags.empty()) j["tags"] = d.tags;
        if (d.benefit != 0) j["benefit"] = d.benefit;
        if (!d.doc.empty()) j["doc"] = d.doc;
        json match = json::array();
        for (const auto& s : d.match) match.push_back(s.text);
        j["match"] = match;
        if (d.where) j["where"] = d.where_text;
        if (!d.lets.empty()) {
            json lets = json::array();
            for (const auto& l : d.lets) lets.push_back(l.text);
            j["let"] = lets;
        }
        j["replace"] = d.replaced;
        if (d.replacement_text.size() == 1)
            j["with"] = d.replacement_text.front();
        else
            j["with"] = d.replacement_text;
        json tests = json::array();
        for (const auto& t : d.tests) {
            json jt;
            jt["name"] = t.name;
            json input = json::array();
            for (const auto& s : t.input) input.push_back(s.text);
            jt["input"] = input;
            if (t.expect_unchanged) {
                jt["expect"] = "unchanged";
            } else if (t.has_expect) {
                json expect = json::array();
                for (const auto& s : t.expect) expect.push_back(s.text);
                jt["expect"] = expect;
            }
            tests.push_back(jt);
        }
        if (!tests.empty()) j["tests"] = tests;
        list.push_back(j);
    }
    json out = json::object();
    if (rules.declarations && !rules.declarations->empty()) {
        json decls = json::array();
        for (const auto& [name, c] : rules.declarations->constraints()) decls.push_back(c.text);
        for (const auto& [name, f] : rules.declarations->fragments()) decls.push_back(f.text);
        for (const auto& [op, d] : rules.declarations->defaults()) decls.push_back(d.text);
        out["declarations"] = decls;
    }
    out["rules"] = list;
    return out.dump(2) + "\n";
}

} // namespace mo::rules
