#!/usr/bin/python3
"""Writes examples/tiny_cnn.onnx: a small residual CNN used by the README's first command.

It has what a real export has: Conv + BatchNormalization (to be fused), a residual Add, Dropout and
Identity (to be removed), GlobalAveragePool, Flatten, Gemm and Softmax. Weights are random with a
fixed seed, so the file is reproducible. Needs Debian's python3-onnx and python3-numpy.
Usage: make_example_model.py [OUT.onnx]
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "tiny_cnn.onnx")
    rng = np.random.default_rng(0)

    def weight(name, *shape, scale=0.3):
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    inits = [
        weight("conv1.w", 8, 3, 3, 3),
        weight("conv1.b", 8),
        numpy_helper.from_array((1 + 0.1 * rng.standard_normal(8)).astype(np.float32), "bn.gamma"),
        weight("bn.beta", 8, scale=0.1),
        weight("bn.mean", 8, scale=0.1),
        numpy_helper.from_array((0.5 + rng.random(8)).astype(np.float32), "bn.var"),
        weight("conv2.w", 8, 8, 3, 3, scale=0.15),
        weight("fc.w", 4, 8),
        weight("fc.b", 4, scale=0.1),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "conv1.w", "conv1.b"], ["c1"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn.gamma", "bn.beta", "bn.mean", "bn.var"],
                         ["bn1"], name="bn1", epsilon=1e-5),
        helper.make_node("Relu", ["bn1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "conv2.w"], ["c2"], name="conv2", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["c2", "p1"], ["res"], name="residual"),
        helper.make_node("Relu", ["res"], ["r2"], name="relu2"),
        helper.make_node("Dropout", ["r2"], ["d"], name="dropout"),
        helper.make_node("GlobalAveragePool", ["d"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1),
        helper.make_node("Gemm", ["flat", "fc.w", "fc.b"], ["logits"], name="fc", transB=1),
        helper.make_node("Identity", ["logits"], ["logits_id"], name="identity"),
        helper.make_node("Softmax", ["logits_id"], ["probabilities"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "tiny_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 4])],
        inits)
    model = helper.make_model(graph, producer_name="mo-examples",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, out)
    print(out)


if __name__ == "__main__":
    main()
