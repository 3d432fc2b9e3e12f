#!/usr/bin/env python3
"""Judge OpenVINO IRs with the real OpenVINO runtime (CPU, INFERENCE_PRECISION_HINT f32).

Run it with the venv of tests/runtime/setup_venv.sh (tests/runtime/ov_check.sh does both).

One model:
  ov_check.py MODEL.xml --inputs IN_DIR --ref REF_DIR [--name N] [--atol 1e-4] [--rtol 1e-3]
              [--fp64-ref FP64_DIR]
Many models, one process (a JSON list, or one case per line
"name<TAB>xml<TAB>inputs<TAB>ref[<TAB>fp64_ref<TAB>atol<TAB>rtol]"):
  ov_check.py --batch CASES [--atol ...] [--rtol ...]
  A JSON case is {"name", "xml", "inputs", "ref", optional "atol", "rtol", "fp64_ref"}.
  An empty "ref" only checks that the IR reads, compiles and runs. "noise_atol": a float tensor
  also passes when its max abs error is at most this (the corpus script's float32 noise allowance).

IN_DIR and REF_DIR hold .npy files and manifest.json ({tensor name: file}), as the corpus, ONNX
Runtime's ort_run.mjs and `mo run` write them (without a manifest: every *.npy, named by its stem).
Inputs are fed by tensor name, outputs found by any of their tensor names. One line per model:
  OK        NAME  max abs err E (n outputs)
  READ      NAME  <OpenVINO's message>          (Core.read_model failed)
  COMPILE   NAME  <OpenVINO's message>          (Core.compile_model failed)
  INFER     NAME  <OpenVINO's message>          (inputs could not be fed, or inference failed)
  MISMATCH  NAME  tensor T: worst element [i,j] got G expected E (k of n differ) | shape/dtype/missing
and a closing "N passed, N failed" line. Exit 0 when every model is OK, 1 otherwise, 2 on usage or
set-up errors. Tolerance: |got - ref| <= atol + rtol*|ref| (NaN matches NaN); integers and
booleans must be equal. With fp64_ref (PyTorch's float64 answer), a float tensor that misses ORT
also passes when its max error against the float64 answer is at most 1.5x ORT's own (the corpus
rule for models whose float32 noise exceeds the tolerance; ../shared/corpus/compare.py).
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np


def sanitize(name):
    s = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return "_" + s if s.startswith(".") or not s else s


def tensors_of(d):
    """{tensor name: path} of a directory of .npy files."""
    man = os.path.join(d, "manifest.json")
    if os.path.exists(man):
        with open(man) as f:
            return {k: os.path.join(d, v) for k, v in json.load(f).items()}
    return {fn[:-4]: os.path.join(d, fn) for fn in sorted(os.listdir(d)) if fn.endswith(".npy")}


def one_line(msg):
    msg = " ".join(str(msg).split())
    # OpenVINO's messages carry the C++ source location first; keep the message itself.
    msg = re.sub(r"Exception from \S+:\d+:\s*", "", msg)
    msg = re.sub(r"Check '[^']*' failed at \S+:\d+:\s*", "", msg)
    return msg[:600]


def fmt_index(shape, flat):
    return "[" + ",".join(str(int(i)) for i in np.unravel_index(flat, shape)) + "]" if shape else "[]"


def compare(name, ref, got, atol, rtol, exact=None, noise_atol=0.0, legacy_v10=False):
    """Returns (ok, max_err, detail)."""
    if ref.shape != got.shape:
        if ref.size == got.size and ref.size == 1:
            got = got.reshape(ref.shape)
        else:
            return False, float("inf"), f"tensor {name}: shape {list(got.shape)} != expected {list(ref.shape)}"
    if ref.size == 0:
        return True, 0.0, ""
    if ref.dtype.kind in "fc":
        if got.dtype.kind not in "fc":
            return False, float("inf"), f"tensor {name}: dtype {got.dtype} != expected {ref.dtype}"
        r = ref.astype(np.float64)
        g = got.astype(np.float64)
        both_nan = np.isnan(r) & np.isnan(g)
        same = (r == g) | both_nan  # equal infinities too
        with np.errstate(invalid="ignore", over="ignore"):
            diff = np.where(same, 0.0, np.abs(g - r))
        diff = np.where(np.isnan(diff), np.inf, diff)
        bad = diff > atol + rtol * np.where(np.isfinite(r), np.abs(r), 0.0)
        max_err = float(diff.max())
        if not bad.any():
            return True, max_err, ""
        if exact is not None and exact.shape == ref.shape:
            x = exact.astype(np.float64)
            ref_err = float(np.max(np.abs(r - x)))
            got_err = float(np.max(np.abs(g - x)))
            if got_err <= 1.5 * ref_err:
                return True, max_err, (f"tensor {name}: by the float64 answer, error {got_err:.3g} "
                                       f"<= 1.5 x ORT's {ref_err:.3g}")
        if noise_atol and max_err <= noise_atol:
            return True, max_err, (f"tensor {name}: max abs err {max_err:.3g} within the float32 noise "
                                   f"allowance {noise_atol:.3g}")
        w = int(np.argmax(np.where(bad, diff, -1.0)))
        return False, max_err, (f"tensor {name}: worst element {fmt_index(ref.shape, w)} got "
                                f"{g.flat[w]:.6g} expected {r.flat[w]:.6g} ({int(bad.sum())} of "
                                f"{ref.size} differ, max abs err {max_err:.3g})")
    # integers / booleans: exact
    note = ""
    if got.dtype.kind in "fc":
        if not legacy_v10:
            return False, float("inf"), f"tensor {name}: dtype {got.dtype} != expected {ref.dtype}"
        # The runtime reads an IR v10 with the 2020-2021 API's output precisions (integer and
        # boolean outputs come back as f32): compare the values, exactly.
        note = f"tensor {name}: {got.dtype} from the runtime (IR v10 legacy output precision)"
        if not np.all(np.isfinite(got)) or not np.array_equal(got, np.round(got)):
            return False, float("inf"), f"tensor {name}: non-integer values for integer type {ref.dtype}"
        got = got.astype(np.int64)
    r = ref.astype(np.int64) if ref.dtype != np.uint64 else ref
    g = got.astype(r.dtype)
    bad = r != g
    if not bad.any():
        return True, 0.0, note
    w = int(np.argmax(bad))
    return False, float("inf"), (f"tensor {name}: worst element {fmt_index(ref.shape, w)} got "
                                 f"{g.flat[w]} expected {r.flat[w]} ({int(bad.sum())} of {ref.size} differ)")


def bf16_bits_to_f32(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def f32_to_bf16_bits(x):
    u = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)  # round to nearest even


class Checker:
    def __init__(self):
        import openvino as ov
        self.ov = ov
        self.core = ov.Core()
        self.config = {"INFERENCE_PRECISION_HINT": "f32", "INFERENCE_NUM_THREADS": "1"}

    def check(self, case, atol, rtol):
        """Returns (verdict, detail)."""
        name = case["name"]
        atol = float(case.get("atol", atol))
        rtol = float(case.get("rtol", rtol))
        with open(case["xml"], "rb") as f:
            legacy_v10 = re.search(rb'<net [^>]*version="10"', f.read(400)) is not None
        try:
            model = self.core.read_model(case["xml"])
        except Exception as e:  # noqa: BLE001 - OpenVINO raises RuntimeError and others
            return "READ", one_line(e)
        try:
            compiled = self.core.compile_model(model, "CPU", self.config)
        except Exception as e:  # noqa: BLE001
            return "COMPILE", one_line(e)
        try:
            feeds = {}
            given = tensors_of(case["inputs"]) if case.get("inputs") else {}
            for port in compiled.inputs:
                names = port.get_names()
                hit = next((n for n in given if n in names), None)
                if hit is None:
                    raise RuntimeError(f"no input file for model input {sorted(names)} "
                                       f"(have {sorted(given)})")
                arr = np.load(given[hit], allow_pickle=False)
                if port.get_element_type() == self.ov.Type.bf16:
                    # numpy has no bfloat16: ONNX's test data holds the bits as uint16.
                    bits = arr if arr.dtype == np.uint16 else f32_to_bf16_bits(arr)
                    t = self.ov.Tensor(self.ov.Type.bf16, list(arr.shape))
                    t.data.view(np.uint16)[...] = bits
                    feeds[port] = t
                    continue
                want = port.get_element_type().to_dtype()
                if arr.dtype != want:
                    arr = arr.astype(want)
                feeds[port] = arr
            request = compiled.create_infer_request()
            request.infer(feeds)
        except Exception as e:  # noqa: BLE001
            return "INFER", one_line(e)
        if not case.get("ref"):
            shapes = [list(request.get_tensor(o).data.shape) for o in compiled.outputs]
            return "OK", f"ran, no reference to compare with (output shapes {shapes})"
        refs = tensors_of(case["ref"])
        exact = tensors_of(case["fp64_ref"]) if case.get("fp64_ref") else {}
        worst, notes, failures = 0.0, [], []
        for tname, path in refs.items():
            port = next((o for o in compiled.outputs if tname in o.get_names()), None)
            if port is None:
                names = [sorted(o.get_names()) for o in compiled.outputs]
                failures.append(f"tensor {tname}: no model output has this name (outputs: {names})")
                continue
            got = np.array(request.get_tensor(port).data)
            ref = np.load(path, allow_pickle=False)
            if port.get_element_type() == self.ov.Type.bf16:
                got = bf16_bits_to_f32(got.view(np.uint16))
                if ref.dtype == np.uint16:
                    ref = bf16_bits_to_f32(ref)
            x = np.load(exact[tname], allow_pickle=False) if tname in exact else None
            ok, err, detail = compare(tname, ref, got, atol, rtol, x, float(case.get("noise_atol") or 0.0),
                                      legacy_v10)
            worst = max(worst, err)
            if not ok:
                failures.append(detail)
            elif detail:
                notes.append(detail)
        if failures:
            return "MISMATCH", "; ".join(failures)
        return "OK", f"max abs err {worst:.3g} ({len(refs)} outputs)" + (
            ("; " + "; ".join(notes)) if notes else "")


def read_cases(path):
    with open(path) as f:
        text = f.read()
    if text.lstrip().startswith("["):
        return json.loads(text)
    cases = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        c = {"name": parts[0], "xml": parts[1], "inputs": parts[2], "ref": parts[3]}
        if len(parts) > 4 and parts[4]:
            c["fp64_ref"] = parts[4]
        if len(parts) > 6:
            c["atol"], c["rtol"] = float(parts[5]), float(parts[6])
        cases.append(c)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("xml", nargs="?")
    ap.add_argument("--inputs", default="")
    ap.add_argument("--ref", default="")
    ap.add_argument("--name", default="")
    ap.add_argument("--fp64-ref", default="")
    ap.add_argument("--batch", default="", help="cases file (JSON list or TSV)")
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--results", default="",
                    help="also append one JSON line per model here: [name, verdict, detail], written as "
                         "each finishes (a caller can resume after a crash of the runtime)")
    a = ap.parse_args()
    if a.batch:
        cases = read_cases(a.batch)
    elif a.xml and a.ref:
        cases = [{"name": a.name or os.path.splitext(os.path.basename(a.xml))[0], "xml": a.xml,
                  "inputs": a.inputs, "ref": a.ref, "fp64_ref": a.fp64_ref}]
    else:
        ap.print_usage(sys.stderr)
        print("ov_check: give MODEL.xml --ref DIR [--inputs DIR], or --batch FILE", file=sys.stderr)
        return 2
    try:
        checker = Checker()
    except Exception as e:  # noqa: BLE001
        print(f"[ ERROR ] ov_check: the OpenVINO runtime cannot be loaded: {one_line(e)}", file=sys.stderr)
        return 2
    passed = failed = 0
    results = open(a.results, "a") if a.results else None
    width = max((len(c["name"]) for c in cases), default=0)
    for c in cases:
        t0 = time.time()
        verdict, detail = checker.check(c, a.atol, a.rtol)
        if results:
            results.write(json.dumps([c["name"], verdict, detail]) + "\n")
            results.flush()
        if verdict == "OK":
            passed += 1
        else:
            failed += 1
        print(f"{verdict:<8} {c['name']:<{width}}  {detail}  [{time.time() - t0:.2f}s]", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
