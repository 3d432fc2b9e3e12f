#include "frontends/ir/ir_reader.hpp"

#include "emit/ir_format.hpp"
#include "engine/core/error.hpp"
#include "engine/core/opset_membership.hpp"
#include "engine/io/mapped_file.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <optional>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mo::ir {
namespace {

struct PortInfoXml {
    std::size_t id = 0;
    std::optional<ElementType> type;
    std::optional<PartialShape> shape;
    std::vector<std::string> names;
};

struct LayerXml {
    pugi::xml_node xml;
    std::size_t id = 0;
    std::string name, type, version;
    std::vector<PortInfoXml> inputs, outputs;
};

// Thrown inside the per-layer code; rethrown with the file and layer added.
struct LayerError : Error {
    using Error::Error;
};

std::optional<std::uint64_t> parse_uint(std::string_view s) {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::uint64_t uint_attr(pugi::xml_node node, const char* name) {
    const pugi::xml_attribute a = node.attribute(name);
    if (!a) throw LayerError(std::string("<") + node.name() + "> lacks attribute '" + name + "'");
    auto v = parse_uint(a.value());
    if (!v)
        throw LayerError(std::string("<") + node.name() + "> attribute " + name + "=\"" +
                         a.value() + "\" is not a non-negative integer");
    return *v;
}

PortInfoXml parse_port(pugi::xml_node port) {
    PortInfoXml info;
    info.id = uint_attr(port, "id");
    if (const auto p = port.attribute("precision")) {
        info.type = element_type_from_precision(p.value());
        if (!info.type)
            throw LayerError("port " + std::to_string(info.id) + ": unknown precision '" +
                             p.value() + "'");
    }
    Shape dims;
    for (pugi::xml_node d : port.children("dim")) {
        const std::string_view text = d.child_value();
        if (text == "-1" || text.find("..") != std::string_view::npos) {
            dims.push_back(PartialShape::kDynamic);
        } else if (auto v = parse_uint(text)) {
            dims.push_back(static_cast<std::int64_t>(*v));
        } else {
            throw LayerError("port " + std::to_string(info.id) + ": bad dimension '" +
                             std::string(text) + "'");
        }
    }
    info.shape = PartialShape(std::move(dims));
    if (const auto n = port.attribute("names")) info.names = split_tensor_names(n.value());
    return info;
}

LayerXml parse_layer(pugi::xml_node xml) {
    LayerXml l;
    l.xml = xml;
    l.id = uint_attr(xml, "id");
    l.name = xml.attribute("name").value();
    l.type = xml.attribute("type").value();
    l.version = xml.attribute("version").value();
    if (l.type.empty()) throw LayerError("layer has no type");
    for (pugi::xml_node p : xml.child("input").children("port")) l.inputs.push_back(parse_port(p));
    for (pugi::xml_node p : xml.child("output").children("port"))
        l.outputs.push_back(parse_port(p));
    return l;
}

int opset_of(const LayerXml& l) {
    const std::string_view v = l.version;
    if (v.rfind("opset", 0) == 0) {
        if (auto n = parse_uint(v.substr(5)); n && *n >= 1 && *n < 1000)
            return static_cast<int>(*n);
    }
    throw LayerError("unsupported version '" + l.version + "' (expected opsetN)");
}

std::string data_attr(const LayerXml& l, const char* name) {
    const pugi::xml_attribute a = l.xml.child("data").attribute(name);
    if (!a) throw LayerError("<data> lacks attribute '" + std::string(name) + "'");
    return a.value();
}

ElementType element_type_attr(const LayerXml& l) {
    const std::string s = data_attr(l, "element_type");
    auto t = element_type_from_precision(s);
    if (!t) throw LayerError("unknown element_type '" + s + "'");
    return *t;
}

class Reader {
public:
    Reader(std::filesystem::path xml_path) : xml_path_(std::move(xml_path)) {}

    std::unique_ptr<Graph> read();

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(xml_path_.string() + ": " + what);
    }
    const io::MappedFile& weights();
    Tensor read_constant(const LayerXml& l);
    void create(const LayerXml& l, std::vector<Output> inputs);

    std::filesystem::path xml_path_;
    std::shared_ptr<const io::MappedFile> bin_;
    std::unique_ptr<Graph> graph_ = std::make_unique<Graph>();
    std::unordered_map<std::size_t, Node*> nodes_; // layer id -> node
};

const io::MappedFile& Reader::weights() {
    if (!bin_) {
        std::filesystem::path bin = xml_path_;
        bin.replace_extension(".bin");
        try {
            bin_ = io::MappedFile::open(bin);
        } catch (const Error& e) {
            throw LayerError(std::string("weights: ") + e.what());
        }
    }
    return *bin_;
}

Tensor Reader::read_constant(const LayerXml& l) {
    const ElementType type = element_type_attr(l);
    auto shape = parse_shape_attribute(data_attr(l, "shape"));
    if (!shape || !shape->is_static())
        throw LayerError("bad Const shape '" + data_attr(l, "shape") + "'");
    const pugi::xml_node data = l.xml.child("data");
    const std::uint64_t offset = uint_attr(data, "offset");
    const std::uint64_t size = uint_attr(data, "size");
    const std::uint64_t needed =
        static_cast<std::uint64_t>(element_count(shape->to_shape())) * byte_size(type);
    if (byte_size(type) == 0)
        throw LayerError("Const of element type " + std::string(to_string(type)));
    if (size < needed)
        throw LayerError("Const size " + std::to_string(size) + " is less than the " +
                         std::to_string(needed) + " bytes its shape needs");
    const io::MappedFile& bin = weights();
    if (offset > bin.size() || size > bin.size() - offset)
        throw LayerError("Const data [" + std::to_string(offset) + ", " +
                         std::to_string(offset + size) + ") lies beyond the end of the .bin (" +
                         std::to_string(bin.size()) + " bytes)");
    const std::byte* ptr = bin.data() + offset;
    if (needed == 0) return Tensor(type, shape->to_shape());
    if (reinterpret_cast<std::uintptr_t>(ptr) % byte_size(type) == 0)
        return Tensor::borrowed(type, shape->to_shape(), bin_, ptr);
    // Misaligned data (an IR written without alignment): copy it.
    Tensor copy(type, shape->to_shape());
    std::memcpy(copy.mutable_raw(), ptr, needed);
    return copy;
}

void Reader::create(const LayerXml& l, std::vector<Output> inputs) {
    Node* node = nullptr;
    if (l.type == "Parameter") {
        auto shape = parse_shape_attribute(data_attr(l, "shape"));
        if (!shape) throw LayerError("bad Parameter shape '" + data_attr(l, "shape") + "'");
        node = &graph_->add_parameter(l.name, element_type_attr(l), *shape);
    } else if (l.type == "Const") {
        node = &graph_->add_const(read_constant(l), l.name);
    } else if (l.type == "Result") {
        if (inputs.size() != 1) throw LayerError("Result needs exactly one input");
        node = &graph_->add_result(inputs[0], l.name);
    } else {
        // version="opset4" on Acosh means Acosh-3, the version opset4 holds.
        const int opset = opset_of(l);
        const int version = version_in_opset(l.type, opset).value_or(opset);
        Attributes attrs;
        for (pugi::xml_attribute a : l.xml.child("data").attributes())
            attrs.set(a.name(), parse_attribute_value(a.value()));
        const OpDef* def = find_op(l.type, version);
        node = &graph_->add(def ? def->type : l.type, version, std::move(inputs), std::move(attrs),
                            l.name, l.outputs.size());
        if (!def) // unknown to the engine: describe outputs as the file does
            for (std::size_t o = 0; o < l.outputs.size(); ++o)
                node->set_output(o, l.outputs[o].type.value_or(ElementType::dynamic),
                                 l.outputs[o].shape.value_or(PartialShape::dynamic()));
    }
    if (l.outputs.size() > node->output_count())
        throw LayerError("has " + std::to_string(l.outputs.size()) + " output ports, " +
                         node->type() + "-" + std::to_string(node->opset()) + " produces " +
                         std::to_string(node->output_count()));
    for (std::size_t o = 0; o < l.outputs.size(); ++o) node->port(o).names = l.outputs[o].names;
    nodes_[l.id] = node;
}

std::unique_ptr<Graph> Reader::read() {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_file(xml_path_.c_str());
    if (!parsed) {
        if (parsed.status == pugi::status_file_not_found || parsed.status == pugi::status_io_error)
            fail("cannot read the file");
        fail(std::string("bad XML at offset ") + std::to_string(parsed.offset) + ": " +
             parsed.description());
    }
    const pugi::xml_node net = doc.child("net");
    if (!net) fail("not an IR (no <net> element)");
    const std::string version = net.attribute("version").value();
    if (version != "10" && version != "11")
        fail("unsupported IR version '" + version + "' (supported: 10, 11)");

    std::vector<LayerXml> layers;
    std::unordered_map<std::size_t, std::size_t> index_of; // layer id -> position
    for (pugi::xml_node xml : net.child("layers").children("layer")) {
        try {
            layers.push_back(parse_layer(xml));
        } catch (const LayerError& e) {
            fail("layer id=" + std::string(xml.attribute("id").value()) + ": " + e.what());
        }
        if (!index_of.emplace(layers.back().id, layers.size() - 1).second)
            fail("duplicate layer id " + std::to_string(layers.back().id));
    }

    // Edges: (to layer, to port) -> (from layer position, output index).
    std::map<std::pair<std::size_t, std::size_t>, std::pair<std::size_t, std::size_t>> sources;
    std::vector<std::vector<std::size_t>> consumers(layers.size());
    std::vector<std::size_t> pending(layers.size(), 0);
    for (pugi::xml_node e : net.child("edges").children("edge")) {
        std::size_t from, from_port, to, to_port;
        try {
            from = uint_attr(e, "from-layer");
            from_port = uint_attr(e, "from-port");
            to = uint_attr(e, "to-layer");
            to_port = uint_attr(e, "to-port");
        } catch (const LayerError& err) {
            fail(std::string("edge: ") + err.what());
        }
        const auto fi = index_of.find(from), ti = index_of.find(to);
        if (fi == index_of.end() || ti == index_of.end())
            fail("edge " + std::to_string(from) + "->" + std::to_string(to) +
                 " names a missing layer");
        const auto& outs = layers[fi->second].outputs;
        std::size_t out_index = outs.size();
        for (std::size_t k = 0; k < outs.size(); ++k)
            if (outs[k].id == from_port) out_index = k;
        if (out_index == outs.size())
            fail("layer id=" + std::to_string(from) + ": edge from unknown output port " +
                 std::to_string(from_port));
        if (!sources.emplace(std::pair{to, to_port}, std::pair{fi->second, out_index}).second)
            fail("layer id=" + std::to_string(to) + ": input port " + std::to_string(to_port) +
                 " has two incoming edges");
        consumers[fi->second].push_back(ti->second);
        ++pending[ti->second];
    }

    // Create layers producers-first; among ready layers, in file order (keeps the order of
    // Parameters and Results, i.e. of model inputs and outputs).
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (pending[i] == 0) ready.push(i);
    // Results are created last, in file order: the order of model outputs.
    std::vector<std::size_t> results;
    const auto create_layer = [&](std::size_t i) {
        const LayerXml& l = layers[i];
        try {
            std::vector<Output> inputs;
            for (const PortInfoXml& in : l.inputs) {
                const auto it = sources.find({l.id, in.id});
                if (it == sources.end())
                    throw LayerError("input port " + std::to_string(in.id) + " is not connected");
                const auto& [src, out_index] = it->second;
                inputs.push_back(nodes_.at(layers[src].id)->output(out_index));
            }
            create(l, std::move(inputs));
        } catch (const Error& e) {
            fail("layer id=" + std::to_string(l.id) + " ('" + l.name + "', " + l.type +
                 "): " + e.what());
        }
    };
    std::size_t created = 0;
    while (!ready.empty()) {
        const std::size_t i = ready.top();
        ready.pop();
        if (layers[i].type == "Result" && consumers[i].empty())
            results.push_back(i);
        else
            create_layer(i);
        ++created;
        for (std::size_t c : consumers[i])
            if (--pending[c] == 0) ready.push(c);
    }
    std::sort(results.begin(), results.end());
    for (std::size_t i : results) create_layer(i);
    if (created != layers.size()) fail("the layers form a cycle");
    return std::move(graph_);
}

} // namespace

std::unique_ptr<Graph> read_ir(const std::filesystem::path& xml_path) {
    return Reader(xml_path).read();
}

} // namespace mo::ir
