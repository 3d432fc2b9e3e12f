#pragma once
// Builds small ONNX models in tests with the protobuf API and writes them to temporary files.
#include "engine/core/graph.hpp"

#include <onnx/onnx_pb.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace mo::test {

// A fresh temporary directory, removed with its content on destruction.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("mo_onnx_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline onnx::AttributeProto attr_int(const std::string& name, std::int64_t v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto_AttributeType_INT);
    a.set_i(v);
    return a;
}
inline onnx::AttributeProto attr_float(const std::string& name, float v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto_AttributeType_FLOAT);
    a.set_f(v);
    return a;
}
inline onnx::AttributeProto attr_string(const std::string& name, const std::string& v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto_AttributeType_STRING);
    a.set_s(v);
    return a;
}
inline onnx::AttributeProto attr_ints(const std::string& name, const std::vector<std::int64_t>& v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto_AttributeType_INTS);
    for (auto x : v) a.add_ints(x);
    return a;
}
inline onnx::AttributeProto attr_floats(const std::string& name, const std::vector<float>& v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto_AttributeType_FLOATS);
    for (auto x : v) a.add_floats(x);
    return a;
}
inline onnx::AttributeProto attr_strings(const std::string& name,
                                         const std::vector<std::string>& v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto_AttributeType_STRINGS);
    for (const auto& x : v) a.add_strings(x);
    return a;
}
inline onnx::AttributeProto attr_tensor(const std::string& name, const onnx::TensorProto& t) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto_AttributeType_TENSOR);
    *a.mutable_t() = t;
    return a;
}

// A float tensor stored in raw_data.
inline onnx::TensorProto raw_floats(const std::string& name, const std::vector<std::int64_t>& dims,
                                    const std::vector<float>& values) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(onnx::TensorProto_DataType_FLOAT);
    for (auto d : dims) t.add_dims(d);
    t.set_raw_data(
        std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    return t;
}
// An int64 tensor stored in int64_data.
inline onnx::TensorProto typed_int64s(const std::string& name,
                                      const std::vector<std::int64_t>& dims,
                                      const std::vector<std::int64_t>& values) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(onnx::TensorProto_DataType_INT64);
    for (auto d : dims) t.add_dims(d);
    for (auto v : values) t.add_int64_data(v);
    return t;
}

class ModelBuilder {
public:
    explicit ModelBuilder(int opset = 13) {
        model_.set_ir_version(7);
        model_.set_producer_name("mo-tests");
        auto* op = model_.add_opset_import();
        op->set_domain("");
        op->set_version(opset);
        model_.mutable_graph()->set_name("test");
    }

    onnx::ModelProto& proto() { return model_; }
    onnx::GraphProto& graph() { return *model_.mutable_graph(); }

    // dims: -1 = a symbolic dimension; `no_shape` leaves the rank unknown.
    ModelBuilder& input(const std::string& name, std::vector<std::int64_t> dims,
                        int elem = onnx::TensorProto_DataType_FLOAT, bool no_shape = false) {
        fill_value_info(*graph().add_input(), name, dims, elem, no_shape);
        return *this;
    }
    ModelBuilder& output(const std::string& name) {
        graph().add_output()->set_name(name);
        return *this;
    }
    ModelBuilder& initializer(onnx::TensorProto t) {
        *graph().add_initializer() = std::move(t);
        return *this;
    }
    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs,
                          const std::vector<onnx::AttributeProto>& attrs = {},
                          const std::string& name = {}) {
        auto* n = graph().add_node();
        n->set_op_type(op);
        n->set_name(name); // empty: the reader names the node after its first output
        for (const auto& i : inputs) n->add_input(i);
        for (const auto& o : outputs) n->add_output(o);
        for (const auto& a : attrs) *n->add_attribute() = a;
        return *n;
    }

    std::filesystem::path save(const TempDir& dir, const std::string& file = "model.onnx") const {
        const auto path = dir / file;
        write_file(path, model_.SerializeAsString());
        return path;
    }

private:
    static void fill_value_info(onnx::ValueInfoProto& vi, const std::string& name,
                                const std::vector<std::int64_t>& dims, int elem, bool no_shape) {
        vi.set_name(name);
        auto* tt = vi.mutable_type()->mutable_tensor_type();
        tt->set_elem_type(elem);
        if (no_shape) return;
        auto* shape = tt->mutable_shape();
        for (auto d : dims) {
            auto* dim = shape->add_dim();
            if (d >= 0)
                dim->set_dim_value(d);
            else
                dim->set_dim_param("N");
        }
    }
    onnx::ModelProto model_;
};

// Live nodes of one type.
inline std::vector<Node*> nodes_of(const Graph& g, const std::string& type) {
    std::vector<Node*> out;
    for (Node* n : g.nodes())
        if (n->type() == type) out.push_back(n);
    return out;
}

inline Node& only_node(const Graph& g, const std::string& type) {
    auto v = nodes_of(g, type);
    if (v.size() != 1)
        throw std::runtime_error("expected one " + type + " node, found " +
                                 std::to_string(v.size()));
    return *v.front();
}

} // namespace mo::test
