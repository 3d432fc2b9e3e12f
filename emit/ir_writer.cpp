// IR xml + bin writer. Layout facts (port numbering, precisions, names escaping, Const
// offset/size, rt_info / meta_data) follow what the OpenVINO runtime reads.
#include "emit/ir_writer.hpp"

#include "emit/constant_pool.hpp"
#include "emit/ir_format.hpp"
#include "emit/layer_opset.hpp"
#include "emit/legacy_ops.hpp"
#include "emit/v10_checks.hpp"
#include "engine/core/error.hpp"
#include "engine/core/op_registry.hpp"
#include "engine/io/staged_file.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mo::ir {
namespace {

[[noreturn]] void fail(const Node& node, const std::string& why) {
    throw Error("cannot write node '" + node.name + "': " + why);
}

// A layer as it will be written.
struct Layer {
    const Node* node;
    IrForm form;
    int opset;        // the N of version="opsetN"
    std::string name; // unique among layers
};

struct Edge {
    std::size_t from_layer, from_port, to_layer, to_port;
    auto operator<=>(const Edge&) const = default;
};

// Parameters first (model input order), then the other nodes producers-first, then Results
// (model output order): the runtime takes input and output order from the layer order.
std::vector<const Node*> layer_order(const Graph& graph) {
    std::unordered_set<const Node*> io;
    for (const Node* p : graph.parameters()) io.insert(p);
    for (const Node* r : graph.results()) io.insert(r);
    std::vector<const Node*> order(graph.parameters().begin(), graph.parameters().end());
    for (const Node* n : graph.topological_order())
        if (!io.count(n)) order.push_back(n);
    order.insert(order.end(), graph.results().begin(), graph.results().end());
    return order;
}

std::string_view precision_of(const Node& node, std::size_t output) {
    const ElementType t = node.output_type(output);
    auto p = precision_name(t);
    if (!p)
        fail(node, "output " + std::to_string(output) + " has element type " +
                       std::string(to_string(t)) + ", which the IR cannot describe");
    return *p;
}

IrForm checked_form(const Node& node, int ir_version) {
    if (node.is_const()) {
        if (!node.value.valid()) fail(node, "the constant has no value");
        if (!precision_name(node.value.type()))
            fail(node, "constants of element type " + std::string(to_string(node.value.type())) +
                           " cannot be stored in the IR");
        return {node.type(), 1, {}, 1};
    }
    if (node.type() == "Parameter" || node.type() == "Result")
        return {node.type(), 1, {}, node.output_count()};
    if (node.opset() == 0 || !node.def())
        fail(node, "operation " + node.type() + " has no OpenVINO equivalent");
    IrForm form = ir_form(node, ir_version);
    for (const auto& [name, value] : form.attrs)
        if (std::holds_alternative<Tensor>(value))
            fail(node, "attribute '" + name + "' is a tensor, which the IR cannot hold");
    return form;
}

// Layer names must be unique for the runtime; a repeated friendly name gets a number appended.
std::string unique_layer_name(std::unordered_set<std::string>& used, const std::string& name) {
    std::string candidate = name;
    for (int suffix = 0; used.count(candidate); ++suffix) candidate = name + std::to_string(suffix);
    used.insert(candidate);
    return candidate;
}

void append_dims(pugi::xml_node port, const Node& node, const PartialShape& shape, int ir_version) {
    if (!shape.rank_known()) {
        if (ir_version < 11) fail(node, "a port of dynamic rank cannot be described in IR v10");
        return; // no <dim>: as the runtime's own serializer writes a dynamic rank
    }
    for (auto d : shape.dims())
        port.append_child("dim").text().set(
            d == PartialShape::kDynamic ? "-1" : std::to_string(d).c_str());
}

// <data> attributes in the op's spec order, then any others by name.
void append_attributes(pugi::xml_node data, const IrForm& form) {
    std::vector<std::string> order;
    if (const OpDef* def = find_op(form.type, form.opset))
        for (const auto& name : def->attributes)
            if (form.attrs.has(name)) order.push_back(name);
    for (const auto& [name, value] : form.attrs) // Attributes iterate by name
        if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
    for (const auto& name : order)
        data.append_attribute(name.c_str())
            .set_value(format_attribute(*form.attrs.find(name)).c_str());
}

void append_data(pugi::xml_node layer, const Layer& l, ConstantPool& pool, int ir_version) {
    const Node& node = *l.node;
    pugi::xml_node data = layer.append_child("data");
    if (node.type() == "Parameter") {
        auto shape = format_shape_attribute(node.output_shape(0), ir_version);
        if (!shape) fail(node, "a Parameter of dynamic rank cannot be described in IR v10");
        data.append_attribute("shape").set_value(shape->c_str());
        data.append_attribute("element_type")
            .set_value(std::string(to_string(node.output_type(0))).c_str());
    } else if (node.is_const()) {
        const auto [offset, size] = pool.add(node.value);
        data.append_attribute("element_type")
            .set_value(std::string(to_string(node.value.type())).c_str());
        data.append_attribute("shape").set_value(
            format_attribute(AttrValue(std::vector<std::int64_t>(node.value.shape()))).c_str());
        data.append_attribute("offset").set_value(static_cast<unsigned long long>(offset));
        data.append_attribute("size").set_value(static_cast<unsigned long long>(size));
    } else {
        append_attributes(data, l.form);
    }
    if (!data.first_attribute()) layer.remove_child(data);
}

void append_ports(pugi::xml_node layer, const Layer& l, int ir_version) {
    const Node& node = *l.node;
    std::size_t port_id = 0;
    if (node.input_count() > 0) {
        pugi::xml_node input = layer.append_child("input");
        for (std::size_t i = 0; i < node.input_count(); ++i) {
            const Output src = node.input(i);
            pugi::xml_node port = input.append_child("port");
            port.append_attribute("id").set_value(static_cast<unsigned long long>(port_id++));
            // OpenVINO 2021 (IR v10) wrote precision on output ports only.
            if (ir_version >= 11)
                port.append_attribute("precision")
                    .set_value(std::string(precision_of(*src.node, src.index)).c_str());
            append_dims(port, node, src.shape(), ir_version);
        }
    }
    if (l.form.outputs > 0 && node.type() != "Result") {
        pugi::xml_node output = layer.append_child("output");
        for (std::size_t o = 0; o < l.form.outputs; ++o) {
            pugi::xml_node port = output.append_child("port");
            port.append_attribute("id").set_value(static_cast<unsigned long long>(port_id++));
            port.append_attribute("precision")
                .set_value(std::string(precision_of(node, o)).c_str());
            const std::string names = join_tensor_names(node.port(o).names);
            if (!names.empty()) port.append_attribute("names").set_value(names.c_str());
            append_dims(port, node, node.output_shape(o), ir_version);
        }
    }
}

// An XML element name for a conversion parameter (flags are plain words; anything else is
// made safe so the file stays well-formed).
std::string element_name(const std::string& flag) {
    std::string out;
    for (char c : flag) {
        const bool ok =
            std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        out += ok ? c : '_';
    }
    while (!out.empty() && (out.front() == '-' || out.front() == '.')) out.erase(out.begin());
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())))
        out.insert(out.begin(), '_');
    return out;
}

void append_metadata(pugi::xml_node net, const WriteOptions& options) {
    // IR v11: <rt_info>; IR v10: the <meta_data> block of OpenVINO 2021's Model Optimizer.
    const bool v11 = options.ir_version >= 11;
    pugi::xml_node meta = net.append_child(v11 ? "rt_info" : "meta_data");
    meta.append_child("MO_version").append_attribute("value").set_value(options.mo_version.c_str());
    pugi::xml_node params = meta.append_child(v11 ? "conversion_parameters" : "cli_parameters");
    for (const auto& [flag, value] : options.conversion_parameters)
        params.append_child(element_name(flag).c_str())
            .append_attribute("value")
            .set_value(value.c_str());
}

std::filesystem::path bin_path_for(const std::filesystem::path& xml_path) {
    std::filesystem::path bin = xml_path;
    bin.replace_extension(".bin");
    return bin;
}

void create_output_dir(const std::filesystem::path& xml_path) {
    const auto dir = xml_path.parent_path();
    if (dir.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw Error("cannot create output directory '" + dir.string() +
                    "': " + (ec ? ec.message() : std::string("a file of that name exists")));
}

} // namespace

void write_ir(const Graph& graph, const std::filesystem::path& xml_path,
              const WriteOptions& options) {
    if (options.ir_version != 10 && options.ir_version != 11)
        throw Error("unsupported IR version " + std::to_string(options.ir_version) +
                    " (supported: 10, 11)");
    if (xml_path.filename().empty() || xml_path.filename() == "." || xml_path.filename() == "..")
        throw Error("invalid IR path '" + xml_path.string() + "'");

    // Check every node before touching the file system.
    const std::vector<const Node*> order = layer_order(graph);
    std::vector<Layer> layers;
    layers.reserve(order.size());
    std::unordered_map<const Node*, std::size_t> layer_id;
    std::unordered_set<std::string> used_names;
    for (const Node* n : order) {
        layer_id.emplace(n, layers.size());
        IrForm form = checked_form(*n, options.ir_version);
        const int opset = layer_opset(*n, form, options.ir_version);
        layers.push_back({n, std::move(form), opset, unique_layer_name(used_names, n->name)});
    }
    if (options.ir_version < 11) // producers first: the first node with a bad port is named
        for (const Layer& l : layers) check_v10_ports(*l.node, l.form.outputs);

    std::vector<Edge> edges;
    for (std::size_t to = 0; to < layers.size(); ++to) {
        const Node& node = *layers[to].node;
        for (std::size_t i = 0; i < node.input_count(); ++i) {
            const Output src = node.input(i);
            const auto it = layer_id.find(src.node);
            if (it == layer_id.end())
                fail(node, "input " + std::to_string(i) + " comes from a removed node");
            const Layer& from = layers[it->second];
            if (src.index >= from.form.outputs)
                fail(*from.node, "output " + std::to_string(src.index) + " is used but " +
                                     from.form.type + "-" + std::to_string(from.form.opset) +
                                     " does not have it");
            edges.push_back({it->second, src.node->input_count() + src.index, to, i});
        }
    }
    std::sort(edges.begin(), edges.end());

    create_output_dir(xml_path);
    io::StagedFile bin(bin_path_for(xml_path));
    io::StagedFile xml(xml_path);
    ConstantPool pool(bin.stream());

    pugi::xml_document doc;
    pugi::xml_node net = doc.append_child("net");
    const std::string model_name =
        options.model_name.empty() ? xml_path.stem().string() : options.model_name;
    net.append_attribute("name").set_value(model_name.c_str());
    net.append_attribute("version").set_value(options.ir_version);

    pugi::xml_node xml_layers = net.append_child("layers");
    for (std::size_t id = 0; id < layers.size(); ++id) {
        const Layer& l = layers[id];
        pugi::xml_node layer = xml_layers.append_child("layer");
        layer.append_attribute("id").set_value(static_cast<unsigned long long>(id));
        layer.append_attribute("name").set_value(l.name.c_str());
        layer.append_attribute("type").set_value(l.form.type.c_str());
        layer.append_attribute("version").set_value(("opset" + std::to_string(l.opset)).c_str());
        append_data(layer, l, pool, options.ir_version);
        append_ports(layer, l, options.ir_version);
    }

    pugi::xml_node xml_edges = net.append_child("edges");
    for (const Edge& e : edges) {
        pugi::xml_node edge = xml_edges.append_child("edge");
        edge.append_attribute("from-layer")
            .set_value(static_cast<unsigned long long>(e.from_layer));
        edge.append_attribute("from-port").set_value(static_cast<unsigned long long>(e.from_port));
        edge.append_attribute("to-layer").set_value(static_cast<unsigned long long>(e.to_layer));
        edge.append_attribute("to-port").set_value(static_cast<unsigned long long>(e.to_port));
    }
    append_metadata(net, options);

    doc.save(xml.stream(), "\t", pugi::format_indent, pugi::encoding_utf8);
    bin.close();
    xml.close();
    // The xml is what names the IR, so it appears last; if it cannot, the bin goes again.
    bin.commit();
    try {
        xml.commit();
    } catch (...) {
        bin.revert();
        throw;
    }
}

} // namespace mo::ir
