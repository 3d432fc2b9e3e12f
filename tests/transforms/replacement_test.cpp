#include "cli/commands.hpp"
#include "cli/conversion_steps.hpp"
#include "engine/core/error.hpp"
#include "engine/replacement/apply.hpp"
#include "engine/replacement/config.hpp"
#include "engine/replacement/match.hpp"
#include "engine/rules/rules.hpp"
#include "engine/transforms/name_lookup.hpp"
#include "frontends/registry.hpp"
#include "helpers.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace mo;
using namespace mo::test;
using replacement::parse_replacement_config;

namespace {

Node& reshape(Graph& g, Output x, std::vector<std::int64_t> shape, const std::string& name) {
    Node& s = g.add_const(
        Tensor::from_vector<std::int64_t>({static_cast<std::int64_t>(shape.size())}, shape),
        name + "_shape");
    Attributes a;
    a.set("special_zero", false);
    return g.add("Reshape", 1, {x, s.output(0)}, a, name);
}

// A detection-style model: two heads (box deltas loc[1,8], class logits conf[1,6]) and a
// post-processing block "post/..." that decodes boxes with constant priors and normalises scores.
//   loc  -> post/reshape_loc[1,2,4] -> post/boxes = Add(., post/anchor[2,2,4] =
//   Reshape(post/priors)) -> Result conf -> post/reshape_conf[1,2,3] -> post/scores = Softmax(axis
//   2) -> Result
struct DetectionModel {
    Graph g;
    DetectionModel() {
        Node& loc = g.add_parameter("loc", ElementType::f32, PartialShape({1, 8}));
        Node& conf = g.add_parameter("conf", ElementType::f32, PartialShape({1, 6}));
        Node& rl = reshape(g, loc.output(0), {1, 2, 4}, "post/reshape_loc");
        Node& priors = g.add_const(ramp({1, 2, 8}, 0.05f), "post/priors");
        Node& anchor = reshape(g, priors.output(0), {2, 2, 4}, "post/anchor");
        Node& boxes = g.add("Add", 1, {rl.output(0), anchor.output(0)}, {}, "post/boxes");
        boxes.port(0).names = {"detection_boxes"};
        Node& rc = reshape(g, conf.output(0), {1, 2, 3}, "post/reshape_conf");
        Attributes axis;
        axis.set("axis", 2);
        Node& scores = g.add("Softmax", 1, {rc.output(0)}, axis, "post/scores");
        scores.port(0).names = {"detection_scores"};
        g.add_result(boxes.output(0), "boxes");
        g.add_result(scores.output(0), "scores");
    }
};

constexpr const char* kDetectionConfig = R"json([
  {
    "id": "SSDPostprocessor",
    "match_kind": "points",
    "include_inputs_to_sub_graph": true,
    "include_outputs_to_sub_graph": true,
    "instances": {
      "start_points": ["post/reshape_loc", "post/reshape_conf"],
      "end_points": ["post/boxes", "post/scores"]
    },
    "custom_attributes": {
      "num_classes": 3, "background_label_id": 0, "top_k": 10, "keep_top_k": [10],
      "code_type": "caffe.PriorBoxParameter.CENTER_SIZE", "share_location": true,
      "nms_threshold": 0.45, "confidence_threshold": 0.01, "normalized": true,
      "variance_encoded_in_target": false
    },
    "replacement": {
      "op": "DetectionOutput", "version": 1,
      "attributes": "$custom_attributes",
      "inputs": [0, 1, {"node": "post/priors$", "output": 0}],
      "outputs": [0, null]
    }
  }
])json";

std::string error_of(const std::string& json) {
    try {
        parse_replacement_config(json, "replacement config x.json");
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("points matching follows the MO's traversal") {
    DetectionModel m;
    auto entries = parse_replacement_config(kDetectionConfig, "cfg");
    auto matches = replacement::match_entry(m.g, entries.at(0));
    REQUIRE(matches.size() == 1);
    std::vector<std::string> names;
    for (Node* n : matches[0].nodes) names.push_back(n->name);
    std::sort(names.begin(), names.end());
    // Forward from the starts to the ends, then backward: the shape constants and the priors.
    CHECK(names == std::vector<std::string>{"post/anchor", "post/anchor_shape", "post/boxes",
                                            "post/priors", "post/reshape_conf",
                                            "post/reshape_conf_shape", "post/reshape_loc",
                                            "post/reshape_loc_shape", "post/scores"});
    REQUIRE(matches[0].inputs.size() == 2);
    CHECK(matches[0].inputs[0].node->name == "loc");
    CHECK(matches[0].inputs[1].node->name == "conf");
    REQUIRE(matches[0].outputs.size() == 2);
    CHECK(matches[0].outputs[0].node->name == "post/boxes");
    CHECK(matches[0].outputs[1].node->name == "post/scores");
}

TEST_CASE("a points match becomes one DetectionOutput") {
    DetectionModel m;
    CHECK(replacement::apply_replacements(m.g, parse_replacement_config(kDetectionConfig, "cfg")) ==
          1);
    REQUIRE(m.g.results().size() == 1); // the scores output was dropped with null
    Node& det = *m.g.results()[0]->input(0).node;
    CHECK(det.type() == "DetectionOutput");
    CHECK(det.name == "post/boxes"); // the replaced output's layer name
    CHECK(det.port(0).names == std::vector<std::string>{"detection_boxes"});
    CHECK(det.output_shape(0) == PartialShape({1, 1, 10, 7})); // [1, 1, N * keep_top_k, 7]
    CHECK(det.attrs.get_int("num_classes") == 3);
    CHECK(det.attrs.get_ints("keep_top_k") == std::vector<std::int64_t>{10});
    CHECK(det.attrs.get_string("code_type") == "caffe.PriorBoxParameter.CENTER_SIZE");
    CHECK(det.input(0).node->name == "loc");
    CHECK(det.input(1).node->name == "conf");
    CHECK(det.input(2).node->name == "post/priors");
    CHECK(det.input(2).shape() == PartialShape({1, 2, 8}));
    CHECK(count_type(m.g, "Softmax") == 0);
    CHECK(count_type(m.g, "Reshape") == 0);
    CHECK(m.g.node_count() == 5); // loc, conf, priors, DetectionOutput, Result
}

TEST_CASE("the MO's inputs/outputs keys set the sub-graph's port order") {
    DetectionModel m;
    std::string cfg = kDetectionConfig;
    const std::string order =
        R"("inputs": [[{"node": "reshape_conf$", "port": 0}], [{"node": "reshape_loc$", "port": 0}]],
    "replacement")";
    cfg.replace(cfg.find("\"replacement\""), std::string("\"replacement\"").size(), order);
    cfg.replace(cfg.find("[0, 1, {"), 6, "[1, 0,");
    replacement::apply_replacements(m.g, parse_replacement_config(cfg, "cfg"));
    Node& det = *m.g.results()[0]->input(0).node;
    CHECK(det.input(0).node->name == "loc");
    CHECK(det.input(1).node->name == "conf");
}

TEST_CASE("DetectionOutput shape inference follows the spec") {
    // A fresh model per replacement: the scope "pri" would otherwise also match the priors that
    // an earlier DetectionOutput reads and re-wire that one.
    auto output_shape = [](const std::string& attrs) {
        Graph g;
        Node& loc = g.add_parameter("loc", ElementType::f32, PartialShape({2, 8}));
        Node& conf = g.add_parameter("conf", ElementType::f32, PartialShape({2, 6}));
        g.add_const(ramp({1, 2, 8}), "pri");
        g.add_result(loc.output(0));
        g.add_result(conf.output(0));
        const std::string cfg =
            R"([{"id": "d", "match_kind": "scope", "instances": ["pri"],
            "replacement": {"op": "DetectionOutput", "version": 1, "attributes": )" +
            attrs +
            R"(, "inputs": [{"node": "^loc$", "output": 0}, {"node": "^conf$", "output": 0}, {"node": "^pri$", "output": 0}]}}])";
        auto entries = parse_replacement_config(cfg, "cfg");
        auto m = replacement::match_entry(g, entries[0]);
        REQUIRE(m.size() == 1);
        replacement::replace_match(g, entries[0], m[0]);
        std::vector<PartialShape> shapes;
        for (Node* n : g.nodes())
            if (n->type() == "DetectionOutput") shapes.push_back(n->output_shape(0));
        REQUIRE(shapes.size() == 1);
        return shapes[0];
    };
    // keep_top_k[0] > 0: [1, 1, N * keep_top_k, 7] with N = 2
    CHECK(
        output_shape(
            R"({"num_classes": 3, "keep_top_k": [5], "nms_threshold": 0.5, "normalized": true})") ==
        PartialShape({1, 1, 10, 7}));
    // keep_top_k -1, top_k > 0: [1, 1, N * top_k * num_classes, 7]
    CHECK(
        output_shape(
            R"({"num_classes": 3, "keep_top_k": [-1], "top_k": 4, "nms_threshold": 0.5, "normalized": true})") ==
        PartialShape({1, 1, 24, 7}));
    // neither: [1, 1, N * num_classes * num_prior_boxes, 7] (2 priors of 4 values)
    CHECK(
        output_shape(
            R"({"num_classes": 3, "keep_top_k": [-1], "nms_threshold": 0.5, "normalized": true})") ==
        PartialShape({1, 1, 12, 7}));
    // Inconsistent heads: conf must hold priors * num_classes values.
    CHECK_THROWS_WITH_AS(
        output_shape(
            R"({"num_classes": 4, "keep_top_k": [5], "nms_threshold": 0.5, "normalized": true})"),
        doctest::Contains("class predictions' second dimension 6 should be 8"), Error);
}

TEST_CASE("a replaced output that the replacement still reads keeps its name; no duplicates") {
    // The scope matches the constant "pri", which the new op reads: "pri" survives, so the new
    // op must not take its layer name.
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& c = g.add_const(f32({2}, {1, 2}), "pri");
    Node& add = g.add("Add", 1, {x.output(0), c.output(0)}, {}, "add");
    g.add_result(add.output(0));
    auto entries = parse_replacement_config(
        R"([{"id": "r", "match_kind": "scope", "instances": ["pri"],
            "replacement": {"op": "Relu", "inputs": [{"node": "^pri$", "output": 0}]}}])",
        "cfg");
    replacement::apply_replacements(g, entries);
    std::vector<std::string> names;
    for (Node* n : g.nodes()) names.push_back(n->name);
    std::sort(names.begin(), names.end());
    CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
    CHECK(add.producer(1).type() == "Relu");
    check_close(outputs_of(g, {{"x", f32({2}, {-5, 5})}}).begin()->second, {-4, 7});
}

TEST_CASE("scope matching: a Swish written as x * sigmoid(x) becomes Swish; numbers unchanged") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, 4}));
    Node& sig = g.add("Sigmoid", 1, {x.output(0)}, {}, "act1/sigmoid");
    Node& mul = g.add("Multiply", 1, {x.output(0), sig.output(0)}, {}, "act1/mul");
    mul.port(0).names = {"act1"};
    Node& sig2 = g.add("Sigmoid", 1, {mul.output(0)}, {}, "act2/sigmoid");
    Node& mul2 = g.add("Multiply", 1, {mul.output(0), sig2.output(0)}, {}, "act2/mul");
    mul2.port(0).names = {"y"};
    g.add_result(mul2.output(0), "y/sink");
    const Tensor input = f32({1, 4}, {-2, -0.5f, 0.5f, 3});
    const Tensor before = outputs_of(g, {{"x", input}}).at("y");

    auto entries = parse_replacement_config(R"([{"id": "Swish", "match_kind": "scope",
        "instances": ["act1/", ".*2/"], "replacement": {"op": "Swish", "version": 4}}])",
                                            "cfg");
    CHECK(replacement::apply_replacements(g, entries) == 2);
    CHECK(count_type(g, "Swish") == 2);
    CHECK(count_type(g, "Sigmoid") == 0);
    // The second block was matched after the first was replaced: it reads the new Swish.
    Node& last = *g.results()[0]->input(0).node;
    CHECK(last.name == "act2/mul");
    CHECK(last.input(0).node->type() == "Swish");
    CHECK(last.input(0).node->port(0).names == std::vector<std::string>{"act1"});
    const Tensor after = outputs_of(g, {{"x", input}}).at("y");
    std::vector<double> expected;
    for (auto v : before.to_doubles()) expected.push_back(v);
    check_close(after, expected, 1e-5);
}

TEST_CASE("a small sub-graph replacement with constants and named nodes") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({3}));
    // norm/ computes (x - 1) * 2 with its own constants.
    Node& one = g.add_const(f32({1}, {1}), "norm/one");
    Node& sub = g.add("Subtract", 1, {x.output(0), one.output(0)}, {}, "norm/sub");
    Node& two = g.add_const(f32({1}, {2}), "norm/two");
    Node& mul = g.add("Multiply", 1, {sub.output(0), two.output(0)}, {}, "norm/mul");
    g.add_result(g.add("Relu", 1, {mul.output(0)}, {}, "relu").output(0), "out");
    auto entries =
        parse_replacement_config(R"([{"id": "Norm", "match_kind": "scope", "instances": ["norm/"],
        "custom_attributes": {"factor": 2.0},
        "replacement": {"nodes": [
            {"name": "scale", "op": "Multiply", "inputs": [0, {"const": [2.0], "type": "f32"}]},
            {"name": "shift", "op": "Add", "inputs": ["scale", {"const": -2.0, "type": "f32"}]}],
          "outputs": ["shift:0"]}}])",
                                 "cfg");
    replacement::apply_replacements(g, entries);
    CHECK(count_type(g, "Subtract") == 0);
    CHECK(count_type(g, "Add") == 1);
    auto out = outputs_of(g, {{"x", f32({3}, {0, 2, 5})}});
    check_close(out.begin()->second, {0, 2, 8}); // relu(2x - 2)
}

TEST_CASE("config errors name the entry, the id and the key") {
    CHECK(
        error_of(
            R"([{"id": "ok", "match_kind": "scope", "instances": ["a"], "replacement": {"op": "Relu"}},
                       {"id": "foo", "match_kind": "scopes"}])") ==
        "replacement config x.json: entry 2 (id 'foo'): key 'match_kind': expected scope, points "
        "or general, got 'scopes'");
    CHECK(error_of(R"([{"match_kind": "scope"}])") ==
          "replacement config x.json: entry 1: key 'id': missing");
    CHECK(error_of(R"({"id": "x"})").find("expected a list of entries") != std::string::npos);
    CHECK(error_of(R"([{"id": "x",)").find("not valid JSON") != std::string::npos);
    CHECK(
        error_of(
            R"([{"id": "a", "match_kind": "scope", "instances": ["("], "replacement": {"op": "Relu"}}])")
            .find("key 'instances': '(' is not a valid regular expression") != std::string::npos);
    CHECK(error_of(R"([{"id": "a", "match_kind": "scope", "instances": ["x"]}])")
              .find("(id 'a'): key 'replacement': missing") != std::string::npos);
    CHECK(error_of(R"([{"id": "a", "match_kind": "points", "instances": {"start_points": ["s"]},
                        "replacement": {"op": "Relu"}}])")
              .find("key 'instances.end_points': missing") != std::string::npos);
    CHECK(error_of(R"([{"id": "a", "match_kind": "scope", "instances": ["x"], "replacement":
                        {"op": "DetectionOutput", "version": 1, "attributes": {"num_clases": 2}}}])")
              .find("key 'replacement.attributes.num_clases': DetectionOutput-1 has no attribute "
                    "'num_clases'") != std::string::npos);
    CHECK(error_of(R"([{"id": "a", "match_kind": "scope", "instances": ["x"], "replacement":
                        {"op": "DetectionOutput", "attributes": {"num_classes": "$custom_attributes.b"}}}])")
              .find("custom_attributes has no key 'b'") != std::string::npos);
    CHECK(
        error_of(
            R"([{"id": "a", "match_kind": "scope", "instances": ["x"], "replacement": {"op": "NoSuchOp"}}])")
            .find("key 'replacement.op': unknown operation NoSuchOp-1") != std::string::npos);
    CHECK(error_of(R"([{"id": "a", "match_kind": "scope", "instances": ["x"], "replacement":
                        {"nodes": [{"name": "p", "op": "Relu", "inputs": ["q"]}]}}])")
              .find("'q' is not a node defined earlier") != std::string::npos);
    CHECK(
        error_of(
            R"([{"id": "a", "match_kind": "scope", "instances": ["x"], "match_knd": 1, "replacement": {"op": "Relu"}}])")
            .find("key 'match_knd': unknown key") != std::string::npos);
    CHECK(error_of(R"([{"id": "a", "match_kind": "scope", "instances": ["x"], "replacement":
                        {"op": "Relu", "version": 1, "attributes": {"alpha": 1}}}])")
              .find("Relu-1 has no attribute 'alpha' (it has: none)") != std::string::npos);
    CHECK(error_of(R"([{"id": "g", "match_kind": "general", "replacement": {"op": "Relu"}}])")
              .find("a 'general' entry has no matched sub-graph") != std::string::npos);
}

TEST_CASE("matching errors") {
    DetectionModel m;
    SUBCASE("an end point that the start points do not reach") {
        auto e = parse_replacement_config(R"([{"id": "p", "match_kind": "points",
            "instances": {"start_points": ["post/reshape_loc"], "end_points": ["post/boxes", "post/scores"]},
            "replacement": {"op": "Relu"}}])",
                                          "cfg");
        CHECK_THROWS_WITH_AS(replacement::apply_replacements(m.g, e),
                             doctest::Contains("cfg: entry 1 (id 'p'): key 'instances.end_points': "
                                               "'post/scores' is not reachable"),
                             Error);
    }
    SUBCASE("a start point that does not exist") {
        auto e = parse_replacement_config(R"([{"id": "p", "match_kind": "points",
            "instances": {"start_points": ["post/reshape_lco"], "end_points": ["post/boxes"]},
            "replacement": {"op": "Relu"}}])",
                                          "cfg");
        CHECK_THROWS_WITH_AS(
            replacement::apply_replacements(m.g, e),
            doctest::Contains(
                "no node named 'post/reshape_lco' (close matches: 'post/reshape_loc'"),
            Error);
    }
    SUBCASE("no scope matches") {
        auto e = parse_replacement_config(
            R"([{"id": "s", "match_kind": "scope", "instances": ["nothing/"], "replacement": {"op": "Relu"}}])",
            "cfg");
        CHECK_THROWS_WITH_AS(replacement::apply_replacements(m.g, e),
                             doctest::Contains("no node name starts with"), Error);
    }
    SUBCASE("more outputs than the op has") {
        auto e = parse_replacement_config(
            R"([{"id": "s", "match_kind": "scope", "instances": ["post/"], "replacement": {"op": "Relu", "inputs": [0]}}])",
            "cfg");
        CHECK_THROWS_WITH_AS(replacement::apply_replacements(m.g, e),
                             doctest::Contains("the sub-graph has 2 outputs used outside"), Error);
    }
    SUBCASE("a rule needs the rules engine, which the conversion step passes") {
        auto e = parse_replacement_config(
            R"([{"id": "s", "match_kind": "scope", "instances": ["post/"], "replacement": {"rule": "FuseIt"}}])",
            "cfg");
        CHECK_THROWS_WITH_AS(replacement::apply_replacements(m.g, e),
                             doctest::Contains("needs the rules engine"), Error);
    }
}

TEST_CASE("points matching refuses to pull a model input into the sub-graph") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& y = g.add_parameter("y", ElementType::f32, PartialShape({2}));
    Node& s = g.add("Relu", 1, {x.output(0)}, {}, "s/start");
    Node& a = g.add("Add", 1, {s.output(0), y.output(0)}, {}, "s/add");
    Node& e = g.add("Relu", 1, {a.output(0)}, {}, "s/end");
    g.add_result(e.output(0));
    auto entries = parse_replacement_config(R"([{"id": "p", "match_kind": "points",
        "instances": {"start_points": ["s/start"], "end_points": ["s/end"]}, "replacement": {"op": "Relu"}}])",
                                            "cfg");
    CHECK_THROWS_WITH_AS(replacement::apply_replacements(g, entries),
                         doctest::Contains("reaches model input 'y'"), Error);
}

TEST_CASE("--replacement-config through the conversion step, and the shipped example") {
    const std::string dir = std::string(MO_SOURCE_DIR) + "/examples/replacement/";
    auto g = frontends::read_model({.model = dir + "ssd_tiny.onnx"});
    CHECK(count_type(*g, "Exp") == 1);
    cli::apply_replacement_config(
        *g, args({"--transformations_config", dir + "ssd_postprocessing.json"}));
    REQUIRE(g->results().size() == 1);
    const Node& det = *g->results()[0]->input(0).node;
    CHECK(det.type() == "DetectionOutput");
    CHECK(det.output_shape(0) == PartialShape({1, 1, 10, 7}));
    // The whole decoding block is gone; the backbone and heads stay.
    CHECK(count_type(*g, "Exp") == 0);
    CHECK(count_type(*g, "StridedSlice") == 0);
    CHECK(count_type(*g, "Convolution") == 5);
    CHECK_THROWS_WITH_AS(
        cli::apply_replacement_config(*g, args({"--replacement-config", "/no/such.json"})),
        doctest::Contains("cannot open"), Error);
}

TEST_CASE("the shipped scope example: Swish blocks and a normalisation from custom_attributes") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, 3}));
    Node& half = g.add_const(f32({1}, {0.5f}), "norm/half");
    Node& scaled = g.add("Multiply", 1, {x.output(0), half.output(0)}, {}, "norm/mul");
    Node& minus = g.add_const(f32({1}, {0.5f}), "norm/minus");
    Node& norm = g.add("Subtract", 1, {scaled.output(0), minus.output(0)}, {}, "norm/sub");
    Node& s1 = g.add("Sigmoid", 1, {norm.output(0)}, {}, "act1/sigmoid");
    Node& m1 = g.add("Multiply", 1, {norm.output(0), s1.output(0)}, {}, "act1/mul");
    Node& s2 = g.add("Sigmoid", 1, {m1.output(0)}, {}, "act2/sigmoid");
    Node& m2 = g.add("Multiply", 1, {m1.output(0), s2.output(0)}, {}, "act2/mul");
    m2.port(0).names = {"y"};
    g.add_result(m2.output(0));
    const Tensor input = f32({1, 3}, {-3, 1, 4});
    const Tensor before = outputs_of(g, {{"x", input}}).at("y");
    cli::apply_replacement_config(
        g, args({"--replacement-config",
                 std::string(MO_SOURCE_DIR) + "/examples/replacement/swish_scope.json"}));
    CHECK(count_type(g, "Swish") == 2);
    CHECK(count_type(g, "Subtract") == 0);
    CHECK(count_type(g, "Add") == 1);
    check_close(outputs_of(g, {{"x", input}}).at("y"), before.to_doubles(), 1e-5);
}

TEST_CASE(
    "include_inputs_to_sub_graph / include_outputs_to_sub_graph false keep the ends outside") {
    // x -> a (Relu) -> b (Sigmoid) -> c (Relu) -> Result; points a .. c.
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& a = g.add("Relu", 1, {x.output(0)}, {}, "a");
    Node& b = g.add("Sigmoid", 1, {a.output(0)}, {}, "b");
    Node& c = g.add("Relu", 1, {b.output(0)}, {}, "c");
    g.add_result(c.output(0));
    auto names_of = [&](bool in, bool out) {
        const std::string cfg = std::string(R"([{"id": "p", "match_kind": "points",
            "include_inputs_to_sub_graph": )") +
                                (in ? "true" : "false") + R"(, "include_outputs_to_sub_graph": )" +
                                (out ? "true" : "false") + R"(,
            "instances": {"start_points": ["a"], "end_points": ["c"]}, "replacement": {"op": "Relu"}}])";
        auto m = replacement::match_entry(g, parse_replacement_config(cfg, "cfg").at(0)).at(0);
        std::vector<std::string> names;
        for (Node* n : m.nodes) names.push_back(n->name);
        return names;
    };
    CHECK(names_of(true, true) == std::vector<std::string>{"a", "b", "c"});
    CHECK(names_of(false, true) == std::vector<std::string>{"b", "c"});
    CHECK(names_of(true, false) == std::vector<std::string>{"a", "b"});
    CHECK(names_of(false, false) == std::vector<std::string>{"b"});
    // With both false the sub-graph reads a's output and feeds c.
    auto entries = parse_replacement_config(R"([{"id": "p", "match_kind": "points",
        "include_inputs_to_sub_graph": false, "include_outputs_to_sub_graph": false,
        "instances": {"start_points": ["a"], "end_points": ["c"]},
        "replacement": {"op": "Tanh"}}])",
                                            "cfg");
    replacement::apply_replacements(g, entries);
    CHECK(c.producer(0).type() == "Tanh");
    CHECK(c.producer(0).producer(0).name == "a");
}

TEST_CASE("a rule run on a scope leaves the same pattern outside the scope alone") {
    // Two identical x * sigmoid(x) blocks; the config names the first. No node is renamed.
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, 4}));
    Node& s1 = g.add("Sigmoid", 1, {x.output(0)}, {}, "act1/sigmoid");
    Node& m1 = g.add("Multiply", 1, {x.output(0), s1.output(0)}, {}, "act1/mul");
    Node& s2 = g.add("Sigmoid", 1, {m1.output(0)}, {}, "act2/sigmoid");
    Node& m2 = g.add("Multiply", 1, {m1.output(0), s2.output(0)}, {}, "act2/mul");
    m2.port(0).names = {"y"};
    g.add_result(m2.output(0), "y/sink");
    const Tensor input = f32({1, 4}, {-2, -0.5f, 0.5f, 3});
    const Tensor before = outputs_of(g, {{"x", input}}).at("y");

    const rules::RuleSet library =
        rules::load_rule_files(std::vector<std::filesystem::path>{rules::default_rules_dir()});
    auto entries = parse_replacement_config(R"([{"id": "One", "match_kind": "scope",
        "instances": ["act1/"], "replacement": {"rule": "SwishFromSigmoid"}}])",
                                            "cfg");
    replacement::RuleRunner runner = [&library](Graph& graph, const std::string& name,
                                                const std::vector<Node*>* scope) {
        rules::RewriteOptions options;
        options.fold_constants = false;
        if (scope) {
            options.scope.emplace();
            for (const Node* n : *scope) options.scope->insert(n->id());
        }
        rules::RuleSet one;
        one.rules.push_back(library.find(name));
        return rules::apply_rules(graph, one, options).fired(name);
    };
    CHECK(replacement::apply_replacements(g, entries, runner) == 1);
    CHECK(count_type(g, "Swish") == 1);
    CHECK(count_type(g, "Sigmoid") == 1);
    Node& last = *g.results()[0]->input(0).node;
    CHECK(last.name == "act2/mul");
    CHECK(last.type() == "Multiply");
    CHECK(last.input(0).node->type() == "Swish");
    CHECK(last.input(0).node->name == "act1/mul");
    for (const Node* n : g.nodes()) CHECK(n->name.find("mo-outside") == std::string::npos);
    check_close(outputs_of(g, {{"x", input}}).at("y"), before.to_doubles(), 1e-5);

    // The same through the conversion step, which passes the library.
    Graph h;
    Node& hx = h.add_parameter("x", ElementType::f32, PartialShape({1, 4}));
    Node& hs1 = h.add("Sigmoid", 1, {hx.output(0)}, {}, "act1/sigmoid");
    Node& hm1 = h.add("Multiply", 1, {hx.output(0), hs1.output(0)}, {}, "act1/mul");
    Node& hs2 = h.add("Sigmoid", 1, {hm1.output(0)}, {}, "act2/sigmoid");
    Node& hm2 = h.add("Multiply", 1, {hm1.output(0), hs2.output(0)}, {}, "act2/mul");
    h.add_result(hm2.output(0), "y/sink");
    const std::filesystem::path cfg =
        std::filesystem::temp_directory_path() / "mo_replacement_scope_test.json";
    std::ofstream(cfg) << R"([{"id": "Two", "match_kind": "scope",
        "instances": ["act2/"], "replacement": {"rule": "SwishFromSigmoid"}}])";
    cli::apply_replacement_config(h, args({"--replacement-config", cfg.string()}), &library);
    std::filesystem::remove(cfg);
    CHECK(count_type(h, "Swish") == 1);
    CHECK(h.results()[0]->input(0).node->type() == "Swish");
    CHECK(h.results()[0]->input(0).node->input(0).node->type() == "Multiply");
}
