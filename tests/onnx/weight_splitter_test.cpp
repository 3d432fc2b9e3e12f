// The weight splitter keeps initializer bytes out of protobuf's parse; the result must be the
// same model with the same weights.
#include "engine/core/graph.hpp"
#include "frontends/onnx/onnx_frontend.hpp"
#include "frontends/onnx/weight_splitter.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

#include <cstring>

using namespace mo;
namespace fe = mo::onnx_fe;

namespace {

onnx::TensorProto float_tensor(const std::string& name, const std::vector<float>& values,
                               bool raw) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(onnx::TensorProto_DataType_FLOAT);
    t.add_dims(static_cast<std::int64_t>(values.size()));
    if (raw)
        t.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()),
                                   values.size() * sizeof(float)));
    else
        for (float v : values) t.add_float_data(v);
    return t;
}

std::vector<float> ramp(std::size_t n, float start) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = start + 0.5f * static_cast<float>(i);
    return v;
}

// y = ((x + big) + typed) + tiny, with a name whose odd length puts the raw bytes off alignment.
onnx::ModelProto three_initializer_model() {
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.add_opset_import()->set_version(13);
    auto* g = m.mutable_graph();
    g->set_name("g");
    *g->add_initializer() = float_tensor("big_weights_", ramp(1000, -3.0f), true);
    *g->add_initializer() = float_tensor("small", ramp(1000, 1.0f), false);
    *g->add_initializer() = float_tensor("tiny", {7.0f}, true); // raw, but too small to split
    auto* in = g->add_input();
    in->set_name("x");
    in->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto_DataType_FLOAT);
    in->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(1000);
    const char* names[][3] = {{"x", "big_weights_", "a"}, {"a", "small", "b"}, {"b", "tiny", "y"}};
    for (auto& n : names) {
        auto* node = g->add_node();
        node->set_op_type("Add");
        node->add_input(n[0]);
        node->add_input(n[1]);
        node->add_output(n[2]);
    }
    auto* out = g->add_output();
    out->set_name("y");
    out->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto_DataType_FLOAT);
    return m;
}

std::span<const std::byte> as_bytes(const std::string& s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

} // namespace

TEST_CASE("weight splitter: the skeleton is the model without large raw_data, spans point at it") {
    const onnx::ModelProto model = three_initializer_model();
    const std::string file = model.SerializeAsString();
    const auto split = fe::split_initializer_data(as_bytes(file));
    REQUIRE(split.has_value());
    REQUIRE(split->initializer_raw_data.size() == 3);
    REQUIRE(split->initializer_raw_data[0].has_value());
    CHECK_FALSE(split->initializer_raw_data[1].has_value()); // typed float_data stays in place
    CHECK_FALSE(split->initializer_raw_data[2].has_value()); // 4 raw bytes stay in place

    const auto span = *split->initializer_raw_data[0];
    CHECK(span.size() == 4000);
    CHECK(std::memcmp(span.data(), model.graph().initializer(0).raw_data().data(), 4000) == 0);
    CHECK(span.data() >= as_bytes(file).data()); // inside the file's bytes, not a copy
    CHECK(span.data() + span.size() <= as_bytes(file).data() + file.size());

    onnx::ModelProto skeleton;
    REQUIRE(skeleton.ParseFromString(split->skeleton));
    onnx::ModelProto expected = model;
    expected.mutable_graph()->mutable_initializer(0)->clear_raw_data();
    CHECK(skeleton.SerializeAsString() == expected.SerializeAsString());
    CHECK(split->skeleton.size() < 10000);
}

TEST_CASE("weight splitter: truncated or foreign bytes are left to protobuf") {
    const std::string file = three_initializer_model().SerializeAsString();
    CHECK_FALSE(fe::split_initializer_data(as_bytes(file.substr(0, file.size() - 7))).has_value());
    const std::string junk = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff";
    CHECK_FALSE(fe::split_initializer_data(as_bytes(junk)).has_value());
    // A model with no graph field is not split either (the reader then reports the missing graph).
    CHECK_FALSE(fe::split_initializer_data(as_bytes(std::string("\x08\x07", 2))).has_value());
}

TEST_CASE("weight splitter: a model loaded through the split path has the file's weights") {
    test::TempDir dir;
    const onnx::ModelProto model = three_initializer_model();
    test::write_file(dir / "m.onnx", model.SerializeAsString());
    const auto graph = fe::load_model(dir / "m.onnx");
    std::size_t checked = 0;
    for (const Node* n : graph->nodes()) {
        if (!n->is_const() || n->value.size() != 1000) continue;
        const auto values = n->value.data<float>();
        const float start = values[0];
        CHECK((start == -3.0f || start == 1.0f));
        const auto expected = ramp(1000, start);
        CHECK(std::equal(values.begin(), values.end(), expected.begin()));
        ++checked;
    }
    CHECK(checked == 2);
}
