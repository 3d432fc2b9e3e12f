#!/usr/bin/env python3
"""Operation counts of our IR against OpenVINO's own conversion of the same ONNX file.

Run with the venv of tests/runtime/setup_venv.sh (it has the openvino wheel):
  $(bash tests/runtime/setup_venv.sh | tail -1) bench/ov_opcount.py [--mo build/bin/mo]
      [--corpus /var/tmp/mo-corpus] [--markdown OUT.md] [MODEL ...]
For each model: mo's IR (v11, FP32) and openvino.convert_model(model.onnx) saved with
openvino.save_model(compress_to_fp16=False), both read back with Core.read_model, op types counted
without Parameter, Result and Constant. Prints a markdown table: total ops, and the op types where
OpenVINO has fewer (a fusion or simplification we lack) or more.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

import openvino as ov

SKIP = {"Parameter", "Result", "Constant"}


def histogram(model):
    return collections.Counter(op.get_type_name() for op in model.get_ops() if op.get_type_name() not in SKIP)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="*")
    ap.add_argument("--mo", default=os.path.join(here, "..", "build", "bin", "mo"))
    ap.add_argument("--corpus", default="/var/tmp/mo-corpus")
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared", "corpus"))
    ap.add_argument("--markdown", default="")
    a = ap.parse_args()
    models = a.models or json.load(open(os.path.join(a.shared, "public.json")))
    core = ov.Core()
    rows = []
    for m in models:
        onnx_path = os.path.join(a.corpus, "onnx", m + ".onnx")
        with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
            subprocess.run([a.mo, "-m", onnx_path, "-o", tmp, "-n", "mo", "--silent"], check=True)
            ours = histogram(core.read_model(os.path.join(tmp, "mo.xml")))
            ov.save_model(ov.convert_model(onnx_path), os.path.join(tmp, "ov.xml"), compress_to_fp16=False)
            theirs = histogram(core.read_model(os.path.join(tmp, "ov.xml")))
        fewer = {t: (ours[t], theirs[t]) for t in sorted(set(ours) | set(theirs)) if theirs[t] < ours[t]}
        more = {t: (ours[t], theirs[t]) for t in sorted(set(ours) | set(theirs)) if theirs[t] > ours[t]}
        rows.append((m, sum(ours.values()), sum(theirs.values()), fewer, more))
        print(f"{m}: mo {sum(ours.values())}, openvino.convert_model {sum(theirs.values())}", file=sys.stderr)
    fmt = lambda d: ", ".join(f"{t} {a}→{b}" for t, (a, b) in d.items()) or "—"
    lines = ["| model | mo ops | convert_model ops | types where convert_model has fewer (mo→ov) | types where it has more |",
             "|---|---:|---:|---|---|"]
    for m, o, t, fewer, more in rows:
        lines.append(f"| {m} | {o} | {t}{' **fewer**' if t < o else ''} | {fmt(fewer)} | {fmt(more)} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    sys.exit(main())
