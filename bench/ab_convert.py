#!/usr/bin/python3
"""A/B conversion time of two mo builds on the public corpus, measured in the same run: the two
binaries alternate, and each figure is the best of N runs (the machine is shared and noisy). Which binary runs first alternates, since a run pays for the
write-back of the previous run's output (530 MB for vgg11_bn).

usage: bench/ab_convert.py OLD_MO NEW_MO N [--old-rules DIR] [--corpus DIR]
--old-rules: the rule library the old build reads (MO_RULES_DIR), e.g. a `git archive` of its
commit's rules/, when the rules of the work tree no longer parse with it.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("old")
parser.add_argument("new")
parser.add_argument("runs", type=int)
parser.add_argument("--old-rules")
parser.add_argument("--corpus", default="/var/tmp/mo-corpus/onnx")
args = parser.parse_args()

env_old = dict(os.environ)
if args.old_rules:
    env_old["MO_RULES_DIR"] = args.old_rules
ratios = []
print("| model | old s | new s | new / old |\n|---|---:|---:|---:|")
for f in sorted(os.listdir(args.corpus)):
    if not f.endswith(".onnx"):
        continue
    model = os.path.join(args.corpus, f)
    best = {"old": float("inf"), "new": float("inf")}
    with tempfile.TemporaryDirectory() as out:
        pair = [("old", args.old, env_old), ("new", args.new, os.environ)]
        for run in range(args.runs):
            # Alternate which goes first: a run pays for writing back the previous run's output.
            for tag, binary, env in (pair if run % 2 == 0 else pair[::-1]):
                start = time.perf_counter()
                subprocess.run([binary, "-m", model, "-o", out, "--silent"], check=True, env=env)
                best[tag] = min(best[tag], time.perf_counter() - start)
    ratios.append(best["new"] / best["old"])
    print(f"| {f[:-5]} | {best['old']:.3f} | {best['new']:.3f} | {ratios[-1]:.2f} |", flush=True)
print(f"\nmedian new / old: {statistics.median(ratios):.2f}")
