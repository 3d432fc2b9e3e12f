#!/usr/bin/env bash
# Converts every ONNX backend test model with --ir_version 10 and sorts the results: converted
# (every port dim static and non-zero, as OpenVINO 2020-2021 read them), refused (mo's one-line
# message), or unreadable (converted, but with a -1 or 0 dim: must stay at 0).
# usage: scripts/ir_v10_survey.sh [MO] [DATA_DIR] [SUBSTRING]   (prints TSV, then a summary)
set -uo pipefail
cd "$(dirname "$0")/.."
mo=${1:-build/bin/mo}
data=${2:-/usr/share/libonnx-testdata/data}
filter=${3:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

converted=0 refused=0 unreadable=0
for model in "$data"/*/*/model.onnx; do
  test=${model#"$data"/}
  test=${test%/model.onnx}
  [[ -z "$filter" || "$test" == *"$filter"* ]] || continue
  rm -f "$out"/m.xml "$out"/m.bin
  if message=$("$mo" -m "$model" -o "$out" -n m --ir_version 10 --silent 2>&1); then
    # Port dims, and the shape attribute of Parameters.
    if grep -Eq '<dim>(-1|0)</dim>|shape="([^"]*,)?(-1|0)(,[^"]*)?"' "$out/m.xml"; then
      unreadable=$((unreadable + 1))
      printf 'unreadable\t%s\n' "$test"
    else
      converted=$((converted + 1))
      printf 'converted\t%s\n' "$test"
    fi
  else
    refused=$((refused + 1))
    printf 'refused\t%s\t%s\n' "$test" "$(tail -n 1 <<<"$message")"
  fi
done
echo "ir_v10_survey: $converted converted, $refused refused, $unreadable unreadable"
[[ $unreadable -eq 0 ]]
