#!/usr/bin/python3
"""Conversion benchmark on the public corpus: for each model, the wall time and peak RSS of
`mo --input_model M.onnx`, the time of `cp M.onnx` in the same run (the baseline: reading and
writing the weights once), and the ratios (time / cp time, peak RSS / model size).

usage: bench/convert_corpus.py [--corpus /var/tmp/mo-corpus/onnx] [--mo build/bin/mo] [--repeat 3]
                               [--markdown bench/RESULTS.md] [MODEL ...]
Each figure is the best of --repeat runs (the machines are shared and noisy).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_measured(cmd):
    """Runs cmd; returns (seconds, peak RSS in bytes, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    return seconds, usage.ru_maxrss * 1024, proc.returncode

BEGIN, END = "<!-- convert_corpus: begin -->", "<!-- convert_corpus: end -->"


def markdown_table(rows, repeat):
    out = ["## Conversion of the public corpus\n\n"
           "`bench/convert_corpus.py --markdown bench/RESULTS.md`: best of "
           f"{repeat} runs per model on this project's 2-core machine. `cp` of the same "
           "file is measured in the same run as the baseline; ratios are what to compare "
           "between runs (targets in DESIGN.md section 8: within 3x of cp, peak RSS at most "
           "1.5x the model file).\n\n"
           "| model | size MB | mo s | cp s | mo / cp | peak RSS MB | RSS / size | converted |\n"
           "|---|---|---|---|---|---|---|---|\n"]
    for r in rows:
        out.append(f"| {r['model']} | {r['size_mb']:.1f} | {r['mo_s']:.3f} | {r['cp_s']:.3f} | "
                   f"{r['time_ratio']:.1f} | {r['rss_mb']:.1f} | {r['rss_ratio']:.2f} | "
                   f"{'yes' if r['ok'] else 'no'} |\n")
    return "".join(out)


def write_section(path, body):
    """Replaces this script's section of the results file, keeping the other benchmarks' sections."""
    text = open(path).read() if os.path.exists(path) else "# Benchmark results\n\n"
    section = f"{BEGIN}\n{body}{END}\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="*")
    ap.add_argument("--corpus", default="/var/tmp/mo-corpus/onnx")
    ap.add_argument("--mo", default=os.path.join(HERE, "..", "build", "bin", "mo"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--markdown")
    a = ap.parse_args()
    models = a.models or json.load(open(os.path.join(HERE, "..", "..", "shared", "corpus", "public.json")))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for m in models:
            src = os.path.join(a.corpus, m + ".onnx")
            if not os.path.exists(src):
                print(f"{m}: missing {src}", file=sys.stderr)
                continue
            size = os.path.getsize(src)
            mo_t, mo_rss, cp_t, ok = [], [], [], True
            for _ in range(a.repeat):
                t, rss, rc = run_measured(["cp", src, os.path.join(work, "copy.onnx")])
                cp_t.append(t)
                t, rss, rc = run_measured([a.mo, "--input_model", src, "--output_dir", work,
                                           "--model_name", m, "--silent"])
                ok = ok and rc == 0
                mo_t.append(t)
                mo_rss.append(rss)
            row = dict(model=m, size_mb=size / 1e6, mo_s=min(mo_t), cp_s=min(cp_t),
                       rss_mb=min(mo_rss) / 1e6, ok=ok)
            row["time_ratio"] = row["mo_s"] / row["cp_s"]
            row["rss_ratio"] = min(mo_rss) / size
            rows.append(row)
            print(f"{m:22s} {row['size_mb']:8.1f} MB  mo {row['mo_s']:7.3f} s  cp {row['cp_s']:6.3f} s  "
                  f"x{row['time_ratio']:6.1f}  peak RSS {row['rss_mb']:8.1f} MB (x{row['rss_ratio']:.2f} of file)"
                  + ("" if ok else "  CONVERSION FAILED"))
    if a.markdown and rows:
        write_section(a.markdown, markdown_table(rows, a.repeat))
    return 0 if rows and all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
