#!/usr/bin/python3
"""Writes examples/replacement/ssd_tiny.onnx: a small SSD-style detector for the
DetectionOutput walkthrough in README.md.

Layout (node names are what ssd_postprocessing.json refers to):
  image[1,3,32,32] -> backbone/conv1..conv3 (+ Relu), stride 8 -> features [1,16,4,4]
  head/loc_*  : Conv 16->8 (2 anchors x 4 offsets) -> Transpose -> Reshape -> loc  [1,128]
  head/conf_* : Conv 16->6 (2 anchors x 3 classes) -> Transpose -> Reshape [1,32,3]
                -> Softmax -> Reshape -> conf [1,96]
  postprocess/: the block that mo replaces by one DetectionOutput. It decodes the box offsets
                against 32 constant prior boxes (the PriorBox layout: [1, 2, 32*4], row 0 the
                corners xmin,ymin,xmax,ymax, row 1 the variances), with the CENTER_SIZE coding
                that DetectionOutput uses, and reshapes the class scores:
                  boxes  [1,32,4] (corners), scores [1,32,3]
Weights are random with a fixed seed, so the file is reproducible. Needs Debian's python3-onnx
and python3-numpy.
Usage: make_ssd_model.py [OUT.onnx]
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FEATURE = 4  # feature map is FEATURE x FEATURE
ANCHORS = [0.3, 0.6]  # box sizes (fraction of the image) per cell
CLASSES = 3  # background + 2
PRIORS = FEATURE * FEATURE * len(ANCHORS)


def prior_boxes():
    """PriorBox-style output [1, 2, PRIORS*4]: corners, then variances 0.1, 0.1, 0.2, 0.2."""
    corners = []
    for y in range(FEATURE):
        for x in range(FEATURE):
            cx, cy = (x + 0.5) / FEATURE, (y + 0.5) / FEATURE
            for size in ANCHORS:
                corners += [cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2]
    variances = [0.1, 0.1, 0.2, 0.2] * PRIORS
    return np.array([[corners, variances]], dtype=np.float32)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "ssd_tiny.onnx")
    rng = np.random.default_rng(7)

    def weight(name, *shape, scale=0.2):
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    def ints(name, values):
        return numpy_helper.from_array(np.array(values, dtype=np.int64), name)

    def floats(name, values):
        return numpy_helper.from_array(np.array(values, dtype=np.float32), name)

    inits = [
        weight("conv1.w", 8, 3, 3, 3), weight("conv1.b", 8, scale=0.05),
        weight("conv2.w", 16, 8, 3, 3, scale=0.1), weight("conv2.b", 16, scale=0.05),
        weight("conv3.w", 16, 16, 3, 3, scale=0.1), weight("conv3.b", 16, scale=0.05),
        weight("loc.w", len(ANCHORS) * 4, 16, 3, 3, scale=0.1), weight("loc.b", len(ANCHORS) * 4, scale=0.05),
        weight("conf.w", len(ANCHORS) * CLASSES, 16, 3, 3, scale=0.1),
        weight("conf.b", len(ANCHORS) * CLASSES, scale=0.05),
        ints("flat_shape", [1, -1]), ints("conf_shape", [1, -1, CLASSES]),
        numpy_helper.from_array(prior_boxes(), "priorbox"),
        ints("boxes_shape", [1, PRIORS, 4]), ints("scores_shape", [1, PRIORS, CLASSES]),
        ints("priors_shape", [PRIORS, 4]),
        ints("row0", [0]), ints("row1", [1]), ints("row2", [2]), ints("axis1", [1]),
        ints("c0", [0]), ints("c2", [2]), ints("c4", [4]), ints("axis_last", [-1]),
        floats("half", [0.5]),
    ]

    def conv(name, x, w, b, out, stride=1):
        return helper.make_node("Conv", [x, w, b], [out], name=name, kernel_shape=[3, 3],
                                pads=[1, 1, 1, 1], strides=[stride, stride])

    def slice_(name, x, start, end, axis, out):
        return helper.make_node("Slice", [x, start, end, axis], [out], name=name)

    nodes = [
        conv("backbone/conv1", "image", "conv1.w", "conv1.b", "x1", 2),
        helper.make_node("Relu", ["x1"], ["r1"], name="backbone/relu1"),
        conv("backbone/conv2", "r1", "conv2.w", "conv2.b", "x2", 2),
        helper.make_node("Relu", ["x2"], ["r2"], name="backbone/relu2"),
        conv("backbone/conv3", "r2", "conv3.w", "conv3.b", "x3", 2),
        helper.make_node("Relu", ["x3"], ["features"], name="backbone/relu3"),
        # Heads.
        conv("head/loc_conv", "features", "loc.w", "loc.b", "loc_map"),
        helper.make_node("Transpose", ["loc_map"], ["loc_nhwc"], name="head/loc_transpose", perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["loc_nhwc", "flat_shape"], ["loc"], name="head/loc_flatten"),
        conv("head/conf_conv", "features", "conf.w", "conf.b", "conf_map"),
        helper.make_node("Transpose", ["conf_map"], ["conf_nhwc"], name="head/conf_transpose", perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["conf_nhwc", "conf_shape"], ["conf_logits"], name="head/conf_reshape"),
        helper.make_node("Softmax", ["conf_logits"], ["conf_probs"], name="head/conf_softmax", axis=-1),
        helper.make_node("Reshape", ["conf_probs", "flat_shape"], ["conf"], name="head/conf_flatten"),
        # Post-processing: decode the boxes against the priors (CENTER_SIZE with variances).
        helper.make_node("Reshape", ["loc", "boxes_shape"], ["deltas"], name="postprocess/loc_reshape"),
        slice_("postprocess/prior_row", "priorbox", "row0", "row1", "axis1", "prior_row"),
        helper.make_node("Reshape", ["prior_row", "priors_shape"], ["priors"], name="postprocess/priors"),
        slice_("postprocess/variance_row", "priorbox", "row1", "row2", "axis1", "variance_row"),
        helper.make_node("Reshape", ["variance_row", "priors_shape"], ["variances"], name="postprocess/variances"),
        slice_("postprocess/prior_min", "priors", "c0", "c2", "axis_last", "p_min"),
        slice_("postprocess/prior_max", "priors", "c2", "c4", "axis_last", "p_max"),
        helper.make_node("Sub", ["p_max", "p_min"], ["p_size"], name="postprocess/prior_size"),
        helper.make_node("Add", ["p_min", "p_max"], ["p_sum"], name="postprocess/prior_sum"),
        helper.make_node("Mul", ["p_sum", "half"], ["p_center"], name="postprocess/prior_center"),
        helper.make_node("Mul", ["deltas", "variances"], ["scaled"], name="postprocess/apply_variance"),
        slice_("postprocess/delta_center", "scaled", "c0", "c2", "axis_last", "d_center"),
        slice_("postprocess/delta_size", "scaled", "c2", "c4", "axis_last", "d_size"),
        helper.make_node("Mul", ["d_center", "p_size"], ["shift"], name="postprocess/center_shift"),
        helper.make_node("Add", ["p_center", "shift"], ["center"], name="postprocess/center"),
        helper.make_node("Exp", ["d_size"], ["growth"], name="postprocess/size_growth"),
        helper.make_node("Mul", ["p_size", "growth"], ["size"], name="postprocess/size"),
        helper.make_node("Mul", ["size", "half"], ["half_size"], name="postprocess/half_size"),
        helper.make_node("Sub", ["center", "half_size"], ["box_min"], name="postprocess/box_min"),
        helper.make_node("Add", ["center", "half_size"], ["box_max"], name="postprocess/box_max"),
        helper.make_node("Concat", ["box_min", "box_max"], ["boxes"], name="postprocess/boxes", axis=-1),
        helper.make_node("Reshape", ["conf", "scores_shape"], ["scores"], name="postprocess/scores"),
    ]
    graph = helper.make_graph(
        nodes, "ssd_tiny",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [1, PRIORS, 4]),
         helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, PRIORS, CLASSES])],
        inits)
    model = helper.make_model(graph, producer_name="mo-examples",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, out)
    print(out)


if __name__ == "__main__":
    main()
