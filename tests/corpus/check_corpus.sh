#!/usr/bin/env bash
# Converts every model of the public corpus with mo, evaluates the IR with `mo run` on the corpus
# inputs, and compares with ONNX Runtime's outputs (atol 1e-4, rtol 1e-3). It also checks that the IR reads back
# with the same number of operations and holds no Dropout, Identity or BatchNormInference.
# Prepare the corpus first (../shared/corpus/README.md): models in $CORPUS/onnx, references in $CORPUS/ref.
# When $CORPUS/ref/MODEL/fp64 exists (make_models.py --torch-ref $CORPUS/ref: PyTorch's float64 run, the
# exact answer), a model that misses ONNX Runtime at atol 1e-4 / rtol 1e-3 still passes when its max
# error against the float64 answer is at most 1.5x ONNX Runtime's own (compare.py --fp64-ref; the
# rule for deep models such as inception_v3 whose float32 noise exceeds atol), and a second line per
# model gives our distance and ONNX Runtime's from it, for context.
# usage: tests/corpus/check_corpus.sh [MODEL ...]      (env: CORPUS=/var/tmp/mo-corpus, MO=build/bin/mo)
set -uo pipefail
cd "$(dirname "$0")/../.."
CORPUS=${CORPUS:-/var/tmp/mo-corpus}
MO=${MO:-build/bin/mo}
SHARED=${SHARED:-../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  models=($(/usr/bin/python3 -c "import json,sys; print(' '.join(json.load(open('$SHARED/public.json'))))"))
fi
pass=0; fail=0
for m in "${models[@]}"; do
  onnx="$CORPUS/onnx/$m.onnx"; ref="$CORPUS/ref/$m"
  if [ ! -f "$onnx" ] || [ ! -d "$ref/outputs" ]; then
    echo "FAIL $m: missing $onnx or $ref/outputs (generate the corpus first)"; fail=$((fail+1)); continue
  fi
  if ! "$MO" --input_model "$onnx" --output_dir "$work/$m" --model_name "$m" --silent 2> "$work/$m.err"; then
    echo "FAIL $m: conversion: $(cat "$work/$m.err")"; fail=$((fail+1)); continue
  fi
  # The IR must read back with the same operations, and without training-only or unfused nodes.
  layers=$(grep -c "<layer " "$work/$m/$m.xml")
  readback=$("$MO" info "$work/$m/$m.xml" 2>&1 | sed -n 's/^operations (\([0-9]*\) nodes.*/\1/p')
  if [ "$layers" != "$readback" ]; then
    echo "FAIL $m: the IR has $layers layers, the reader found ${readback:-none}"; fail=$((fail+1)); continue
  fi
  leftovers=$(grep -cE 'type="(onnx\.[A-Za-z]+|Identity|BatchNormInference)"' "$work/$m/$m.xml")
  if [ "$leftovers" != 0 ]; then
    echo "FAIL $m: $leftovers Dropout/Identity/BatchNormInference layers left in the IR"; fail=$((fail+1)); continue
  fi
  if ! "$MO" run "$work/$m/$m.xml" --input_dir "$ref/inputs" --output_dir "$work/$m/out" > "$work/$m.run" 2>&1; then
    echo "FAIL $m: mo run: $(tail -1 "$work/$m.run")"; fail=$((fail+1)); continue
  fi
  # Float64 rule (corpus README): a model whose float32 noise exceeds the tolerance passes when its
  # max error against PyTorch's float64 answer is at most 1.5x ONNX Runtime's own.
  fp64=(); [ -d "$ref/fp64" ] && fp64=(--fp64-ref "$ref/fp64")
  if /usr/bin/python3 "$SHARED/compare.py" "$ref/outputs" "$work/$m/out" --quiet "${fp64[@]}" > "$work/$m.cmp" 2>&1; then
    echo "PASS $m ($layers layers, read back alike): $(tail -1 "$work/$m.cmp")"; pass=$((pass+1))
  else
    echo "FAIL $m: $(tr '\n' ' ' < "$work/$m.cmp")"; fail=$((fail+1))
  fi
  if [ -d "$ref/fp64" ]; then
    ours=$(/usr/bin/python3 "$SHARED/compare.py" "$ref/fp64" "$work/$m/out" --quiet 2>&1 | tail -1)
    ort=$(/usr/bin/python3 "$SHARED/compare.py" "$ref/fp64" "$ref/outputs" --quiet 2>&1 | tail -1)
    echo "     $m against float64: ours: $ours | ONNX Runtime: $ort"
  fi
  rm -rf "${work:?}/$m" # the IR of a big model (vgg11_bn: 0.5 GB) need not wait for the end
done
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
