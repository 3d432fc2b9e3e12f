#!/usr/bin/python3
"""ONNX Runtime references for the conversion-option cases of tests/runtime/check_corpus_runtime.sh.

Usage: make_option_refs.py [--corpus /var/tmp/mo-corpus] [--shared ../shared/corpus] [--force] [MODEL ...]

For each corpus model (default: every model of public.json with an image input [1,3,H,W]) it
writes CORPUS/runtime/<model>/ (idempotent; --force redoes it):
  pre/inputs     the corpus input x turned into what an IR converted with
                 --mean_values MEAN --scale_values SCALE --reverse_input_channels takes:
                 (x * SCALE + MEAN) with the channels reversed; the model then sees x again, so the
                 expected outputs are ONNX Runtime's corpus outputs (pre/outputs, a copy).
  batch/inputs   x stacked with a second input (seed 1): batch 2, for --input_shape [2,3,H,W];
  batch/outputs  ONNX Runtime's outputs for x and for the second input, stacked.
  cut/inputs     the corpus input plus the value of tensor A (an early 4-D float tensor);
  cut/outputs    the value of tensor B (a later one), both from ONNX Runtime on a copy of the model
                 with A and B as extra outputs; for --input A --output B.
  cut.json       {"input": A, "output": B}
  fp16/outputs   ONNX Runtime's outputs of a copy of the model whose float weights (initializers
                 and Constant nodes) are rounded to float16: the model an IR converted with
                 --compress_to_fp16 holds, computed in float32 (rounding the weights of a deep
                 network moves its outputs by more than 1e-2: resnet50 by 0.044, the same with
                 OpenVINO's own compress_to_fp16).
Needs Debian's python3-onnx and numpy, node and onnxruntime-node (as the corpus README says).
The preprocessing constants are fixed here and read by check_corpus_runtime.sh from options.json.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

MEAN = [123.675, 116.28, 103.53]
SCALE = [58.395, 57.12, 57.375]


def ort_run(shared, model, in_dir, out_dir):
    env = dict(os.environ)
    env.setdefault("NODE_PATH", "/var/tmp/mo-corpus/ort/node_modules")
    r = subprocess.run(["node", os.path.join(shared, "ort_run.mjs"), model, in_dir, out_dir],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"ort_run.mjs {model}: {r.stderr.strip() or r.stdout.strip()}")


def load_dir(d):
    with open(os.path.join(d, "manifest.json")) as f:
        man = json.load(f)
    return {k: np.load(os.path.join(d, v)) for k, v in man.items()}


def pick_cut(model_path):
    """Two 4-D float tensors produced by ordinary nodes: A about 25% into the graph, B about 60%."""
    import onnx
    from onnx import shape_inference
    m = shape_inference.infer_shapes(onnx.load(model_path))
    rank4 = set()
    for vi in m.graph.value_info:
        t = vi.type.tensor_type
        if t.elem_type == onnx.TensorProto.FLOAT and len(t.shape.dim) == 4:
            rank4.add(vi.name)
    ops = {"Relu", "Add", "Conv", "Concat", "MaxPool", "Clip", "HardSwish", "Mul", "AveragePool"}
    cands = [(i, n.output[0]) for i, n in enumerate(m.graph.node)
             if n.op_type in ops and len(n.output) == 1 and n.output[0] in rank4]
    if len(cands) < 2:
        raise RuntimeError("no 4-D float tensors to cut at")
    count = len(m.graph.node)
    a = next(name for i, name in cands if i >= 0.25 * count)
    b = next(name for i, name in cands if i >= 0.6 * count and name != a)
    return a, b


def with_outputs(model_path, names, out_path):
    import onnx
    from onnx import shape_inference
    m = shape_inference.infer_shapes(onnx.load(model_path))
    infos = {vi.name: vi for vi in m.graph.value_info}
    for n in names:
        m.graph.output.append(infos[n])
    onnx.save(m, out_path)


def fp16_weights(model_path, out_path):
    import onnx
    from onnx import numpy_helper
    m = onnx.load(model_path)

    def rounded(t):
        a = numpy_helper.to_array(t)
        if a.dtype != np.float32 or not np.all(np.abs(a) <= 65504):
            return None
        r = numpy_helper.from_array(a.astype(np.float16).astype(np.float32), t.name)
        return r

    for i, t in enumerate(m.graph.initializer):
        r = rounded(t)
        if r is not None:
            m.graph.initializer[i].CopyFrom(r)
    for n in m.graph.node:
        if n.op_type == "Constant":
            for at in n.attribute:
                if at.name == "value":
                    r = rounded(at.t)
                    if r is not None:
                        at.t.CopyFrom(r)
    onnx.save(m, out_path)


def make_fp16(shared, onnx_path, ref, out):
    """fp16/outputs: ORT on the model with float16-rounded weights."""
    if os.path.exists(os.path.join(out, "fp16", "outputs", "manifest.json")):
        return
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "fp16.onnx")
        fp16_weights(onnx_path, model)
        ort_run(shared, model, os.path.join(ref, "inputs"), os.path.join(out, "fp16", "outputs"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="*")
    ap.add_argument("--corpus", default=os.environ.get("CORPUS", "/var/tmp/mo-corpus"))
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "..", "shared", "corpus"))
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    shared = os.path.abspath(os.environ.get("SHARED", a.shared))
    sys.path.insert(0, shared)
    from make_inputs import generate, save_tensors  # noqa: E402

    models = a.models or json.load(open(os.path.join(shared, "public.json")))
    failed = 0
    for m in models:
        onnx_path = os.path.join(a.corpus, "onnx", m + ".onnx")
        ref = os.path.join(a.corpus, "ref", m)
        out = os.path.join(a.corpus, "runtime", m)
        if not a.force and os.path.exists(os.path.join(out, "done")):
            try:
                make_fp16(shared, onnx_path, ref, out)
            except Exception as e:  # noqa: BLE001
                print(f"{m}: FAILED: {e}")
                failed += 1
            print(f"{m}: exists, skipped")
            continue
        try:
            with open(os.path.join(a.corpus, "onnx", m + ".json")) as f:
                side = json.load(f)
            if len(side["inputs"]) != 1 or len(side["inputs"][0]["shape"]) != 4 or side["inputs"][0]["shape"][:2] != [1, 3]:
                print(f"{m}: not a single [1,3,H,W] input, skipped")
                continue
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            in_name = side["inputs"][0]["name"]
            x = load_dir(os.path.join(ref, "inputs"))[in_name]
            ref_out = load_dir(os.path.join(ref, "outputs"))
            # preprocessing: the IR's input is the raw image; the model sees x.
            mean = np.array(MEAN, np.float64).reshape(1, 3, 1, 1)
            scale = np.array(SCALE, np.float64).reshape(1, 3, 1, 1)
            raw = (x.astype(np.float64) * scale + mean)[:, ::-1].astype(np.float32)
            save_tensors(os.path.join(out, "pre", "inputs"), {in_name: raw})
            save_tensors(os.path.join(out, "pre", "outputs"), ref_out)
            # batch 2: the corpus input and a second one, each run by ORT at batch 1.
            x1 = generate(side["inputs"], seed=1)[in_name]
            with tempfile.TemporaryDirectory() as tmp:
                save_tensors(os.path.join(tmp, "in1"), {in_name: x1})
                ort_run(shared, onnx_path, os.path.join(tmp, "in1"), os.path.join(tmp, "out1"))
                out1 = load_dir(os.path.join(tmp, "out1"))
                save_tensors(os.path.join(out, "batch", "inputs"), {in_name: np.concatenate([x, x1])})
                save_tensors(os.path.join(out, "batch", "outputs"),
                             {k: np.concatenate([v, out1[k]]) for k, v in ref_out.items()})
                # cut: ORT on a copy of the model with the two inner tensors as extra outputs.
                ta, tb = pick_cut(onnx_path)
                extra = os.path.join(tmp, "extra.onnx")
                with_outputs(onnx_path, [ta, tb], extra)
                ort_run(shared, extra, os.path.join(ref, "inputs"), os.path.join(tmp, "outx"))
                vals = load_dir(os.path.join(tmp, "outx"))
                save_tensors(os.path.join(out, "cut", "inputs"), {in_name: x, ta: vals[ta]})
                save_tensors(os.path.join(out, "cut", "outputs"), {tb: vals[tb]})
            with open(os.path.join(out, "cut.json"), "w") as f:
                json.dump({"input": ta, "output": tb}, f)
            with open(os.path.join(out, "options.json"), "w") as f:
                json.dump({"mean_values": MEAN, "scale_values": SCALE, "input": in_name,
                           "shape": side["inputs"][0]["shape"]}, f)
            make_fp16(shared, onnx_path, ref, out)
            open(os.path.join(out, "done"), "w").close()
            print(f"{m}: ok (cut {ta} -> {tb})")
        except Exception as e:  # noqa: BLE001
            print(f"{m}: FAILED: {e}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
