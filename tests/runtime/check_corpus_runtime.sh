#!/usr/bin/env bash
# Every public-corpus model converted by mo and judged by the real OpenVINO runtime against ONNX
# Runtime's outputs, one line per case and a closing "N passed, N failed" line.
#
# Cases per model, each as IR v11 and IR v10:
#   fp32    plain conversion                          atol 1e-4 rtol 1e-3 (or the float64 rule, below)
#   fp16    --compress_to_fp16                         atol 1e-2 rtol 1e-2, against ONNX Runtime
#           run on the model with its weights rounded to float16 (what the IR holds)
#   pre     --mean_values --scale_values --reverse_input_channels, fed the raw image
#   batch   --input_shape [2,3,H,W], fed two images, against ONNX Runtime run on each
#   cut     --input A --output B (inner tensors), fed A, against ONNX Runtime's value of B
# References of pre/batch/cut come from tests/runtime/make_option_refs.py (run here when missing).
# Float64 rule (inception_v3): a float32 case that misses ORT passes when its max error against
# PyTorch's float64 answer ($CORPUS/ref/MODEL/fp64, make_models.py --torch-ref) is at most 1.5x
# ORT's own. The pre, batch and cut cases have no float64 answer of their own (other inputs or
# tensors): on such a model they pass within 2.5x ORT's error on the corpus input (the float64
# rule's bound on our distance from ORT: 1.5e + e).
#
# Prepare the corpus first (../shared/corpus/README.md, into $CORPUS).
# usage: tests/runtime/check_corpus_runtime.sh [MODEL ...]
#   env: CORPUS=/var/tmp/mo-corpus MO=build/bin/mo SHARED=../shared/corpus IR_VERSIONS="11 10"
#        CASES="fp32 fp16 pre batch cut" KEEP=1 (keep the IRs in the work folder)
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
CORPUS=${CORPUS:-/var/tmp/mo-corpus}
MO=${MO:-build/bin/mo}
SHARED=${SHARED:-$root/../shared/corpus}
IR_VERSIONS=${IR_VERSIONS:-11 10}
CASES=${CASES:-fp32 fp16 pre batch cut}
export SHARED CORPUS

py=$(bash tests/runtime/setup_venv.sh | tail -1) || { echo "[ ERROR ] cannot set up the OpenVINO venv" >&2; exit 2; }
work=$(mktemp -d /var/tmp/mo-rtcheck.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  models=($(/usr/bin/python3 -c "import json; print(' '.join(json.load(open('$SHARED/public.json'))))"))
fi
if [[ " $CASES " =~ \ (fp16|pre|batch|cut)\  ]]; then
  /usr/bin/python3 tests/runtime/make_option_refs.py --corpus "$CORPUS" --shared "$SHARED" "${models[@]}" \
    > "$work/option_refs.log" 2>&1 || { echo "[ WARNING ] make_option_refs.py: $(grep FAILED "$work/option_refs.log" | tr '\n' ' ')"; }
fi

pass=0; fail=0; skip=0
for m in "${models[@]}"; do
  onnx="$CORPUS/onnx/$m.onnx"; ref="$CORPUS/ref/$m"; rt="$CORPUS/runtime/$m"
  if [ ! -f "$onnx" ] || [ ! -d "$ref/outputs" ]; then
    echo "FAIL     $m: missing $onnx or $ref/outputs (generate the corpus first)"; fail=$((fail+1)); continue
  fi
  fp64=""; [ -d "$ref/fp64" ] && fp64="$ref/fp64"
  # Float32 noise allowance for cases without a float64 answer of their own (pre, batch, cut) on a
  # model whose float32 noise exceeds atol 1e-4: when ONNX Runtime is e from the exact answer on
  # the corpus input and the float64 rule allows 1.5e to us, we may be 2.5e from ONNX Runtime.
  noise=0
  if [ -n "$fp64" ]; then
    noise=$("$py" -c "
import json, os, sys, numpy as np
d, f = sys.argv[1], sys.argv[2]
mo, mf = json.load(open(os.path.join(d, 'manifest.json'))), json.load(open(os.path.join(f, 'manifest.json')))
e = max(float(np.max(np.abs(np.load(os.path.join(d, mo[k])).astype(np.float64) - np.load(os.path.join(f, mf[k])).astype(np.float64)))) for k in mo if k in mf)
print(2.5 * e if e > 1e-4 else 0)" "$ref/outputs" "$fp64")
  fi
  shape=""; [ -f "$rt/options.json" ] && shape=$(/usr/bin/python3 -c "import json; print(json.load(open('$rt/options.json'))['shape'][2:])" | tr -d ' ')
  mkdir -p "$work/$m"; cases="$work/$m.json"; echo "[" > "$cases"; first=1
  add_case() { # name xml inputs ref atol rtol fp64 noise_atol
    [ $first = 1 ] || echo "," >> "$cases"; first=0
    printf '{"name": "%s", "xml": "%s", "inputs": "%s", "ref": "%s", "atol": %s, "rtol": %s, "fp64_ref": "%s", "noise_atol": %s}\n' \
      "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" >> "$cases"
  }
  for v in $IR_VERSIONS; do
    for c in $CASES; do
      name="$m v$v $c"; out="$work/$m/v$v-$c"
      in="$ref/inputs"; exp="$ref/outputs"; atol=1e-4; rtol=1e-3; x64="$fp64"; opts=(); nz=0
      case $c in
        fp32) ;;
        fp16) opts=(--compress_to_fp16); atol=1e-2; rtol=1e-2; x64="" ;;&
        fp16|pre|batch|cut)
          if [ ! -f "$rt/done" ]; then echo "FAIL     $name: no option references in $rt (make_option_refs.py)"; fail=$((fail+1)); continue; fi
          [ $c = fp16 ] || in="$rt/$c/inputs"; exp="$rt/$c/outputs" ;;
      esac
      case $c in
        pre|batch|cut) nz=$noise ;;&
        pre) opts=(--mean_values "[123.675,116.28,103.53]" --scale_values "[58.395,57.12,57.375]" --reverse_input_channels) ;;
        batch) opts=(--input_shape "[2,3,${shape#[}"); x64="" ;;
        cut) opts=(--input "$(/usr/bin/python3 -c "import json; print(json.load(open('$rt/cut.json'))['input'])")"
                   --output "$(/usr/bin/python3 -c "import json; print(json.load(open('$rt/cut.json'))['output'])")"); x64="" ;;
      esac
      if ! "$MO" --input_model "$onnx" --output_dir "$out" --model_name "$m" --ir_version "$v" "${opts[@]}" --silent 2> "$out.err"; then
        if [ $c = batch ] && grep -q "the input shapes do not fit the model" "$out.err"; then
          # The export fixed batch 1 in a constant (shufflenet's Reshape to [1,2,58,28,28]): the
          # model itself cannot take batch 2 (ONNX Runtime neither), and mo says so.
          echo "SKIP     $name  the model cannot take batch 2: $(head -c 300 "$out.err" | tr '\n' ' ')"; skip=$((skip+1)); continue
        fi
        echo "CONVERT  $name  $(head -c 400 "$out.err" | tr '\n' ' ')"; fail=$((fail+1)); continue
      fi
      add_case "$name" "$out/$m.xml" "$in" "$exp" "$atol" "$rtol" "$x64" "$nz"
    done
  done
  echo "]" >> "$cases"
  if [ $first = 0 ]; then
    "$py" tests/runtime/ov_check.py --batch "$cases" > "$work/$m.log" 2>&1
    rc=$?
    if [ $rc -ge 2 ]; then cat "$work/$m.log"; echo "[ ERROR ] the OpenVINO checker could not run"; exit 2; fi
    grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$work/$m.log"
    pass=$((pass + $(grep -c '^OK ' "$work/$m.log")))
    fail=$((fail + $(grep -cE '^(READ|COMPILE|INFER|MISMATCH) ' "$work/$m.log")))
  fi
  [ "${KEEP:-0}" = 1 ] || rm -rf "${work:?}/$m"
done
echo "corpus runtime: IR versions $IR_VERSIONS, cases $CASES"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
