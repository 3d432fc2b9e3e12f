#include "cli/conversion_steps.hpp"
#include "engine/core/error.hpp"
#include "engine/transforms/preprocessing.hpp"
#include "helpers.hpp"

using namespace mo;
using namespace mo::test;

namespace {
// img[1,3,1,2] -> Relu "r" -> Result: the output shows exactly what the model receives
// (inputs chosen positive so that Relu is the identity).
struct ImageModel {
    Graph g;
    Node* img;
    Node* relu;
    ImageModel(PartialShape shape = PartialShape({1, 3, 1, 2})) {
        img = &g.add_parameter("img", ElementType::f32, shape);
        relu = &g.add("Relu", 1, {img->output(0)}, {}, "r");
        relu->port(0).names = {"seen"};
        g.add_result(relu->output(0), "r/sink");
    }
    Tensor run(const Tensor& input) { return outputs_of(g, {{"img", input}}).at("seen"); }
};

// Channel c holds (10c + 100, 10c + 200) so every value tells its channel.
Tensor image() {
    return f32({1, 3, 1, 2}, {100, 200, 110, 210, 120, 220});
}
} // namespace

TEST_CASE("--mean_values subtracts per channel, right after the Parameter") {
    ImageModel m;
    cli::apply_preprocessing(m.g, args({"--mean_values", "[1,2,3]"}));
    CHECK(m.relu->input(0).node->type() == "Add"); // Add(x, -mean): the form the rules fuse
    CHECK(m.relu->input(0).node->input(0).node == m.img);
    const Node& mean = m.relu->input(0).node->producer(1);
    CHECK(mean.value.shape() == Shape{1, 3, 1, 1});
    CHECK(mean.value.to_doubles() == std::vector<double>{-1, -2, -3});
    check_close(m.run(image()), {99, 199, 108, 208, 117, 217});
}

TEST_CASE("mean first, then scale (divide); --scale divides every input") {
    SUBCASE("per channel") {
        ImageModel m;
        cli::apply_preprocessing(
            m.g, args({"--mean_values", "img[100,110,120]", "--scale_values", "img[2,5,10]"}));
        check_close(m.run(image()), {0, 50, 0, 20, 0, 10});
    }
    SUBCASE("global") {
        ImageModel m;
        cli::apply_preprocessing(m.g, args({"--scale", "4"}));
        check_close(m.run(image()), {25, 50, 27.5, 52.5, 30, 55});
    }
}

TEST_CASE(
    "--reverse_input_channels: the model sees channels reversed, means in the model's order") {
    ImageModel m;
    cli::apply_preprocessing(m.g, args({"--reverse_input_channels", "--mean_values", "[1,2,3]"}));
    // The IR input receives BGR: channel 0 of the model is input channel 2, minus mean[0].
    check_close(m.run(image()), {120 - 1, 220 - 1, 110 - 2, 210 - 2, 100 - 3, 200 - 3});
    CHECK(count_type(m.g, "Gather") == 1);
}

TEST_CASE("--reverse_input_channels: only 3-channel inputs; none at all is an error") {
    SUBCASE("a 4-channel image is rejected") {
        ImageModel m(PartialShape({1, 4, 1, 1}));
        CHECK_THROWS_WITH_AS(
            cli::apply_preprocessing(m.g, args({"--reverse_input_channels"})),
            doctest::Contains("--reverse_input_channels: no model input has 3 channels on axis "
                              "1 ('img' [1,4,1,1])"),
            Error);
    }
    SUBCASE("a dynamic channel dimension is not reversed either") {
        ImageModel m(PartialShape({1, -1, 2, 2}));
        CHECK_THROWS_WITH_AS(cli::apply_preprocessing(m.g, args({"--reverse_input_channels"})),
                             doctest::Contains("no model input has 3 channels"), Error);
    }
    SUBCASE("next to an image input, other inputs are left alone") {
        ImageModel m;
        Node& info = m.g.add_parameter("info", ElementType::f32, PartialShape({1, 4}));
        Node& r = m.g.add("Relu", 1, {info.output(0)}, {}, "info_relu");
        r.port(0).names = {"info_seen"};
        m.g.add_result(r.output(0));
        cli::apply_preprocessing(m.g, args({"--reverse_input_channels"}));
        CHECK(count_type(m.g, "Gather") == 1);
        auto out = outputs_of(m.g, {{"img", image()}, {"info", f32({1, 4}, {1, 2, 3, 4})}});
        check_close(out.at("seen"), {120, 220, 110, 210, 100, 200});
        check_close(out.at("info_seen"), {1, 2, 3, 4});
    }
}

TEST_CASE("several inputs: values in --input order, or by name") {
    Graph g;
    Node& a = g.add_parameter("a", ElementType::f32, PartialShape({1, 2}));
    Node& b = g.add_parameter("b", ElementType::f32, PartialShape({1, 2}));
    Node& ra = g.add("Relu", 1, {a.output(0)}, {}, "ra");
    ra.port(0).names = {"ra"};
    Node& rb = g.add("Relu", 1, {b.output(0)}, {}, "rb");
    rb.port(0).names = {"rb"};
    g.add_result(ra.output(0));
    g.add_result(rb.output(0));
    SUBCASE("in --input order") {
        cli::apply_preprocessing(g, args({"--input", "b,a", "--mean_values", "[1,2],[3,4]"}));
        auto out = outputs_of(g, {{"a", f32({1, 2}, {10, 10})}, {"b", f32({1, 2}, {10, 10})}});
        check_close(out.at("rb"), {9, 8});
        check_close(out.at("ra"), {7, 6});
    }
    SUBCASE("by name") {
        cli::apply_preprocessing(g, args({"--scale_values", "b[2,5]"}));
        auto out = outputs_of(g, {{"a", f32({1, 2}, {10, 10})}, {"b", f32({1, 2}, {10, 10})}});
        check_close(out.at("ra"), {10, 10});
        check_close(out.at("rb"), {5, 2});
    }
    SUBCASE("an unknown name") {
        CHECK_THROWS_WITH_AS(cli::apply_preprocessing(g, args({"--mean_values", "c[1,2]"})),
                             doctest::Contains("'c' is not a model input"), Error);
    }
    SUBCASE("too many lists") {
        CHECK_THROWS_WITH_AS(
            cli::apply_preprocessing(g, args({"--mean_values", "[1,2],[3,4],[5,6]"})),
            doctest::Contains("3 value lists for 2 inputs"), Error);
    }
}

TEST_CASE("preprocessing errors") {
    ImageModel m;
    CHECK_THROWS_WITH_AS(cli::apply_preprocessing(m.g, args({"--mean_values", "[1,2]"})),
                         doctest::Contains("2 values given for input 'img', which has 3 channels"),
                         Error);
    CHECK_THROWS_WITH_AS(cli::apply_preprocessing(m.g, args({"--scale_values", "[1,0,1]"})),
                         doctest::Contains("non-zero"), Error);
    CHECK_THROWS_WITH_AS(cli::apply_preprocessing(m.g, args({"--mean_values", "[1,a,3]"})),
                         doctest::Contains("'a' is not a number"), Error);
    CHECK_THROWS_WITH_AS(cli::apply_preprocessing(m.g, args({"--scale", "zero"})),
                         doctest::Contains("--scale must be a non-zero number"), Error);
    Graph g;
    Node& u = g.add_parameter("u", ElementType::u8, PartialShape({1, 3, 1, 1}));
    g.add_result(u.output(0));
    CHECK_THROWS_WITH_AS(cli::apply_preprocessing(g, args({"--mean_values", "[1,2,3]"})),
                         doctest::Contains("input 'u' has element type u8"), Error);
}

TEST_CASE("preprocessing of a cut input, found by its --input name") {
    ConvModel m;
    cli::apply_cuts_and_shapes(m.g, args({"--input", "0:conv", "--output", "logits"}));
    cli::apply_preprocessing(m.g, args({"--input", "0:conv", "--mean_values", "0:conv[1,1,1]"}));
    auto out = outputs_of(m.g, {{"conv/placeholder_port_0", ramp({1, 3, 2, 2}, 1.0f, -4.0f)}});
    // After the mean the convolution sees the values of the cut tests' sample (-5..6).
    check_close(out.at("logits"), {7, 10, 13, 16, 12, 12, 12, 12});
}
