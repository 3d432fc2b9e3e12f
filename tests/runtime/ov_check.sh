#!/usr/bin/env bash
# The OpenVINO runtime checker in one command: creates the pinned venv when needed
# (tests/runtime/setup_venv.sh), then runs tests/runtime/ov_check.py with the given arguments.
#   bash tests/runtime/ov_check.sh MODEL.xml --inputs IN_DIR --ref REF_DIR
#   bash tests/runtime/ov_check.sh --batch CASES.json
# Exit: 0 all OK, 1 a model failed, 2 the runtime could not be installed or loaded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=$(bash "$here/setup_venv.sh" | tail -1) || { echo "[ ERROR ] ov_check: cannot set up the OpenVINO venv" >&2; exit 2; }
exec "$py" "$here/ov_check.py" "$@"
