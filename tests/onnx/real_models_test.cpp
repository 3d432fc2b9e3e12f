// Real models from ONNX's test data (pytorch-converted, opset 6, initializers listed as inputs).
#include "frontends/onnx/onnx_frontend.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace mo;
namespace fe = mo::onnx_fe;

namespace {

const std::filesystem::path kConverted = "/usr/share/libonnx-testdata/data/pytorch-converted";

// Op type -> count over the live nodes, Parameters/Results/Consts left out.
std::map<std::string, int> histogram(const Graph& g) {
    std::map<std::string, int> h;
    for (const Node* n : g.nodes())
        if (n->type() != "Parameter" && n->type() != "Result" && n->type() != "Const")
            ++h[n->type()];
    return h;
}

std::unique_ptr<Graph> load_converted(const std::string& name) {
    auto g = fe::load_model(kConverted / name / "model.onnx");
    g->sweep(); // drop initializer copies made dead by a translation (reshaped weights)
    return g;
}

} // namespace

TEST_CASE("real models: pytorch-converted op histograms") {
    if (!std::filesystem::exists(kConverted)) return;
    using H = std::map<std::string, int>;
    CHECK(histogram(*load_converted("test_Conv2d")) == H{{"Add", 1}, {"Convolution", 1}});
    CHECK(histogram(*load_converted("test_Conv2d_no_bias")) == H{{"Convolution", 1}});
    CHECK(histogram(*load_converted("test_Conv2d_groups")) ==
          H{{"Add", 1}, {"GroupConvolution", 1}});
    CHECK(histogram(*load_converted("test_BatchNorm2d_eval")) == H{{"BatchNormInference", 1}});
    CHECK(histogram(*load_converted("test_Linear")) == H{{"Add", 1}, {"MatMul", 1}});
    CHECK(histogram(*load_converted("test_GLU")) ==
          H{{"Multiply", 1}, {"Sigmoid", 1}, {"Split", 1}});
    CHECK(histogram(*load_converted("test_PixelShuffle")) == H{{"Reshape", 2}, {"Transpose", 1}});
    CHECK(histogram(*load_converted("test_Softsign")) == H{{"Abs", 1}, {"Add", 1}, {"Divide", 1}});
    CHECK(histogram(*load_converted("test_MaxPool2d_stride_padding_dilation")) ==
          H{{"MaxPool", 1}});
    CHECK(histogram(*load_converted("test_ReflectionPad2d")) == H{{"Pad", 1}});
    CHECK(histogram(*load_converted("test_AvgPool1d")) ==
          H{{"AvgPool", 1}, {"Squeeze", 1}, {"Unsqueeze", 1}});
}

TEST_CASE("real models: initializers listed as graph inputs are constants, not Parameters") {
    if (!std::filesystem::exists(kConverted)) return;
    auto g = load_converted("test_Conv2d");
    REQUIRE(g->parameters().size() == 1);
    const Node& x = *g->parameters()[0];
    CHECK(x.output_type(0) == ElementType::f32);
    CHECK(x.output_shape(0).rank() == 4);
    REQUIRE(g->results().size() == 1);
}

TEST_CASE("real models: every pytorch-converted and pytorch-operator model loads or names its op") {
    for (const char* set : {"pytorch-converted", "pytorch-operator"}) {
        const std::filesystem::path root =
            std::filesystem::path("/usr/share/libonnx-testdata/data") / set;
        if (!std::filesystem::exists(root)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(root)) {
            const auto model = entry.path() / "model.onnx";
            if (!std::filesystem::exists(model)) continue;
            CAPTURE(model.string());
            try {
                auto g = fe::load_model(model);
                CHECK(!g->results().empty());
            } catch (const Error& e) {
                // Only an op outside the supported set is acceptable, reported as such.
                const std::string msg = e.what();
                CHECK_MESSAGE(msg.find("unsupported ONNX operation") != std::string::npos, msg);
            }
        }
    }
}
