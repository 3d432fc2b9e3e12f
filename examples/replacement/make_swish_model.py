#!/usr/bin/python3
"""Writes examples/replacement/swish_tiny.onnx: a small CNN for the scope walkthrough in
README.md (swish_scope.json).

Layout (node names are what swish_scope.json refers to):
  x[1,3,8,8] -> norm/mul (x * 0.5) -> norm/sub (- 0.5)           input normalisation block
             -> conv1 -> act1/sigmoid, act1/mul (y * sigmoid(y))   Swish written out
             -> conv2 -> act2/sigmoid, act2/mul                    Swish written out
             -> y[1,4,8,8]
Weights are random with a fixed seed. Needs Debian's python3-onnx and python3-numpy.
Usage: make_swish_model.py [OUT.onnx]
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "swish_tiny.onnx")
    rng = np.random.default_rng(3)

    def weight(name, *shape, scale=0.3):
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    inits = [
        numpy_helper.from_array(np.array([0.5], dtype=np.float32), "norm_scale"),
        numpy_helper.from_array(np.array([0.5], dtype=np.float32), "norm_shift"),
        weight("conv1.w", 4, 3, 3, 3), weight("conv1.b", 4, scale=0.1),
        weight("conv2.w", 4, 4, 3, 3), weight("conv2.b", 4, scale=0.1),
    ]
    nodes = [
        helper.make_node("Mul", ["x", "norm_scale"], ["scaled"], name="norm/mul"),
        helper.make_node("Sub", ["scaled", "norm_shift"], ["normalized"], name="norm/sub"),
        helper.make_node("Conv", ["normalized", "conv1.w", "conv1.b"], ["c1"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Sigmoid", ["c1"], ["s1"], name="act1/sigmoid"),
        helper.make_node("Mul", ["c1", "s1"], ["a1"], name="act1/mul"),
        helper.make_node("Conv", ["a1", "conv2.w", "conv2.b"], ["c2"], name="conv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Sigmoid", ["c2"], ["s2"], name="act2/sigmoid"),
        helper.make_node("Mul", ["c2", "s2"], ["y"], name="act2/mul"),
    ]
    graph = helper.make_graph(
        nodes, "swish_tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 8, 8])],
        inits)
    model = helper.make_model(graph, producer_name="mo-examples",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, out)
    print(out)


if __name__ == "__main__":
    main()
