#!/usr/bin/env bash
# Builds (installing packages when missing) and runs every test: unit tests, rule tests, the
# ONNX conformance subset and CLI end-to-end checks, all registered with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
