#!/usr/bin/env bash
# The bundled examples converted by mo and judged by the real OpenVINO runtime (CI runs this):
#   examples/tiny_cnn.onnx      against ONNX Runtime's outputs in examples/tiny_cnn_reference,
#                               as IR v11 and v10, FP32 and --compress_to_fp16
#   examples/replacement/*      with their replacement configs on seeded random inputs: the swish
#                               example against `mo run` (the two judges must agree), the SSD
#                               example's DetectionOutput against tests/runtime/ssd_reference.py
# One line per case and a closing "N passed, N failed" line; exit 1 on a failure, 2 when the
# runtime cannot be installed.
# usage: tests/runtime/check_examples.sh      (env: MO=build/bin/mo)
set -uo pipefail
cd "$(dirname "$0")/../.."
MO=${MO:-build/bin/mo}
py=$(bash tests/runtime/setup_venv.sh | tail -1) || { echo "[ ERROR ] cannot set up the OpenVINO venv" >&2; exit 2; }
work=$(mktemp -d /var/tmp/mo-rtexamples.XXXXXX)
trap 'rm -rf "$work"' EXIT
convert_fail=0
cases="$work/cases.tsv"; : > "$cases"

convert() { # name outdir args...
  local name=$1 out=$2; shift 2
  if ! "$MO" --output_dir "$out" --model_name model --silent "$@" 2> "$out.err"; then
    echo "CONVERT  $name  $(head -c 400 "$out.err" | tr '\n' ' ')"; convert_fail=$((convert_fail+1)); return 1
  fi
}

ref=examples/tiny_cnn_reference
for v in 11 10; do
  for p in fp32 fp16; do
    out="$work/tiny_cnn-v$v-$p"; opts=(); tol="1e-4\t1e-3"
    [ $p = fp16 ] && { opts=(--compress_to_fp16); tol="1e-2\t1e-2"; }
    convert "tiny_cnn v$v $p" "$out" -m examples/tiny_cnn.onnx --ir_version $v "${opts[@]}" &&
      printf "tiny_cnn v%s %s\t%s\t%s\t%s\t\t$tol\n" $v $p "$out/model.xml" "$(pwd)/$ref/inputs" "$(pwd)/$ref/outputs" >> "$cases"
  done
done

# Replacement examples: seeded inputs from the IR's own inputs, reference = mo run.
for ex in "ssd_tiny ssd_postprocessing.json" "swish_tiny swish_scope.json"; do
  set -- $ex
  for v in 11 10; do
    name="$1+$2 v$v"; out="$work/$1-v$v"
    convert "$name" "$out" -m "examples/replacement/$1.onnx" --ir_version $v \
      --transformations_config "examples/replacement/$2" || continue
    "$py" - "$out/model.xml" "$out/inputs" <<'EOF' || { echo "CONVERT  $name  cannot make inputs"; convert_fail=$((convert_fail+1)); continue; }
import json, os, sys
import numpy as np
import openvino as ov
model = ov.Core().read_model(sys.argv[1])
os.makedirs(sys.argv[2], exist_ok=True)
rng = np.random.default_rng(0)
man = {}
for i, p in enumerate(model.inputs):
    shape = [int(d) for d in p.get_shape()]
    arr = rng.random(shape).astype(p.get_element_type().to_dtype())
    np.save(os.path.join(sys.argv[2], f"in{i}.npy"), arr)
    man[sorted(p.get_names())[0]] = f"in{i}.npy"
json.dump(man, open(os.path.join(sys.argv[2], "manifest.json"), "w"))
EOF
    expected="$out/expected"
    if [ $1 = ssd_tiny ]; then
      # The reference evaluator has no DetectionOutput kernel: the detections are checked against
      # a NumPy DetectionOutput on the boxes and scores that the model's own decoding block
      # computes (converted without the config, evaluated by mo run).
      if ! { "$MO" -m "examples/replacement/$1.onnx" -o "$out" -n decoded --silent &&
             "$MO" run "$out/decoded.xml" --input_dir "$out/inputs" -o "$out/decoded" > "$out.run" 2>&1; }; then
        echo "CONVERT  $name  decoding reference: $(tail -1 "$out.run" 2>/dev/null)"; convert_fail=$((convert_fail+1)); continue
      fi
      "$py" tests/runtime/ssd_reference.py "$name" "$out/model.xml" "$out/inputs/in0.npy" "$out/decoded" \
        "examples/replacement/$2" >> "$work/ssd.log" 2>&1
      continue
    elif ! "$MO" run "$out/model.xml" --input_dir "$out/inputs" --output_dir "$expected" > "$out.run" 2>&1; then
      echo "CONVERT  $name  mo run: $(tail -1 "$out.run")"; convert_fail=$((convert_fail+1)); continue
    fi
    printf '%s\t%s\t%s\t%s\n' "$name" "$out/model.xml" "$out/inputs" "$expected" >> "$cases"
  done
done

"$py" tests/runtime/ov_check.py --batch "$cases" > "$work/log" 2>&1
rc=$?
[ $rc -ge 2 ] && { cat "$work/log"; exit 2; }
touch "$work/ssd.log"
grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$work/log"; cat "$work/ssd.log"
# A line of ssd.log that is not OK is a failure (a verdict or a traceback).
pass=$(( $(grep -c '^OK ' "$work/log") + $(grep -c '^OK ' "$work/ssd.log") ))
fail=$(( $(grep -cE '^(READ|COMPILE|INFER|MISMATCH) ' "$work/log") + $(grep -cv '^OK ' "$work/ssd.log") + convert_fail ))
echo "examples runtime: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
