#!/usr/bin/env python3
"""Minimal models showing the OpenVINO CPU plugin limitations listed in openvino_known.txt.

Run with the venv of tests/runtime/setup_venv.sh:
  $(bash tests/runtime/setup_venv.sh | tail -1) tests/conformance/openvino_limits.py
Each case builds the smallest model (Parameters + the one operation, with the openvino Python API,
which is what an IR of those layers reads into), runs it on CPU with INFERENCE_PRECISION_HINT f32,
and prints what the operation specification says against what the plugin does. Also runs
openvino.convert_model on the ONNX test itself where that shows OpenVINO's own conversion fails
the same way. Prints "LIMITATION <name>: ..." per case, or "FIXED <name>" when the runtime now
computes the specified result (then the entry in openvino_known.txt can go).
"""
import numpy as np
import openvino as ov
import openvino.opset13 as ops

core = ov.Core()
CFG = {"INFERENCE_PRECISION_HINT": "f32"}
ONNX = "/usr/share/libonnx-testdata/data/node/"


def tail(e):
    return " ".join(str(e).split())[-170:]


def run(params, out, feeds):
    model = ov.Model([out], params)
    return core.compile_model(model, "CPU", CFG)(feeds)[0]


def unsqueeze_dynamic_axes():
    x = ops.parameter([3, 4, 5], np.float32, name="x")
    axes = ops.parameter([1], np.int64, name="axes")
    try:
        r = run([x, axes], ops.unsqueeze(x, axes), {"x": np.ones((3, 4, 5), np.float32), "axes": np.array([0])})
        return r.shape == (1, 3, 4, 5), f"shape {r.shape}"
    except Exception as e:  # noqa: BLE001
        return False, "compile: " + tail(e)


def tile_dynamic_repeats():
    x = ops.parameter([2, 3, 4, 5], np.float32, name="x")
    rep = ops.parameter([4], np.int64, name="repeats")
    xv = np.random.default_rng(0).random((2, 3, 4, 5), dtype=np.float32)
    r = run([x, rep], ops.tile(x, rep), {"x": xv, "repeats": np.array([7, 6, 4, 2])})
    exp = np.tile(xv, (7, 6, 4, 2))
    ok = r.shape == exp.shape and np.allclose(r, exp)
    return ok, f"max error {np.nanmax(np.abs(r - exp)) if r.shape == exp.shape else 'shape ' + str(r.shape)}, " \
               f"{int(np.isnan(r).sum())} NaN"


def divide_rounding():
    x = ops.parameter([1], np.float32, name="x")
    s = ops.parameter([], np.float32, name="s")
    sv = np.float32(5) / np.float32(255)
    r = run([x, s], ops.divide(x, s), {"x": np.array([-2.5], np.float32), "s": np.array(sv)})
    exp = np.array([-2.5], np.float32) / sv  # IEEE float32 division
    return bool(r[0] == exp[0]), f"-2.5 / (5/255): got {r[0]!r}, IEEE f32 division {exp[0]!r}"


def f64_add():
    a = ops.parameter([2], np.float64, name="a")
    b = ops.parameter([2], np.float64, name="b")
    av = np.array([1e200, 1.0])
    r = run([a, b], ops.add(a, b), {"a": av, "b": av})
    return bool(np.allclose(r, av + av)), f"1e200 + 1e200 in f64: got {r[0]!r} (dtype {r.dtype})"


CASES = {
    "Unsqueeze with non-constant axes (node/test_unsqueeze_*)": unsqueeze_dynamic_axes,
    "Tile with non-constant repeats (node/test_tile)": tile_dynamic_repeats,
    "Divide rounding (node/test_dynamicquantizelinear*)": divide_rounding,
    "f64 arithmetic (pytorch-operator/test_operator_add*)": f64_add,
}


def main():
    for name, fn in CASES.items():
        ok, detail = fn()
        print(f"{'FIXED' if ok else 'LIMITATION'} {name}: {detail}")
    # OpenVINO's own ONNX conversion of the same tests fails the same way.
    for test, feeds in (("test_tile", None), ("test_unsqueeze_axis_0", None)):
        try:
            m = ov.convert_model(ONNX + test + "/model.onnx")
            core.compile_model(m, "CPU", CFG)
            print(f"openvino.convert_model {test}: compiles")
        except Exception as e:  # noqa: BLE001
            print(f"openvino.convert_model {test}: {tail(e)}")


if __name__ == "__main__":
    main()
