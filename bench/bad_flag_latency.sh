#!/usr/bin/env bash
# How long `mo` takes to reject a bad flag next to a large model, against a good run's start-up
# (mo --version) in the same run: the plan is checked before the model is read, so the model's
# size must not matter. Usage: bench/bad_flag_latency.sh [MO] [SIZE_MB]
set -euo pipefail
mo=${1:-build/bin/mo}
size_mb=${2:-500}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
model="$dir/big.onnx"
head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$model" # real bytes, not a sparse file

best() { # best of 5 wall-clock runs of "$@", in seconds (exit codes ignored)
  local b=999
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
    b=$(echo "$b $s $e" | awk '{ t = $3 - $2; print (t < $1) ? t : $1 }')
  done
  echo "$b"
}

base=$(best "$mo" --version)
bad=$(best "$mo" --input_model "$model" --data_type INT8 -o "$dir/out")
unreadable=$(best "$mo" --input_model "$model" -o "$dir/out") # reads the model: not ONNX
printf '| case | best of 5 (s) | ratio to mo --version |\n|---|---:|---:|\n'
printf '| mo --version | %.4f | 1 |\n' "$base"
printf '| %d MB model, bad --data_type | %.4f | %.1f |\n' "$size_mb" "$bad" "$(echo "$bad $base" | awk '{print $1/$2}')"
printf '| %d MB model, read (not ONNX) | %.4f | %.1f |\n' "$size_mb" "$unreadable" "$(echo "$unreadable $base" | awk '{print $1/$2}')"
"$mo" --input_model "$model" --data_type INT8 2>&1 | head -1
