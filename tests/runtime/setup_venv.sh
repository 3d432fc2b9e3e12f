#!/usr/bin/env bash
# Creates (once) the Python virtual environment with the real OpenVINO runtime that judges our IRs.
#   bash tests/runtime/setup_venv.sh            -> prints the venv's python path on the last line
# MO_OV_VENV overrides the folder (default /var/tmp/mo-ov-venv). Versions are pinned here and only
# here. Exits non-zero (loudly) when the venv or the packages cannot be installed: a runtime check
# that cannot run must never look like a pass.
set -euo pipefail

OPENVINO_VERSION=2026.4.1
NUMPY_VERSION=2.2.6

VENV=${MO_OV_VENV:-/var/tmp/mo-ov-venv}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
STAMP="$VENV/.mo-pins"
WANT="openvino==$OPENVINO_VERSION numpy==$NUMPY_VERSION"

if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$WANT" ] \
   && "$VENV/bin/python" -c 'import openvino, numpy' 2>/dev/null; then
  echo "$VENV/bin/python"
  exit 0
fi

fail() { echo "[ ERROR ] tests/runtime/setup_venv.sh: $*" >&2; exit 2; }

if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
  # Debian splits venv/ensurepip into python3-venv.
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "[ INFO ] installing python3-venv" >&2
    (apt-get install -y --no-install-recommends python3-venv >&2 || \
       { apt-get update >&2 && apt-get install -y --no-install-recommends python3-venv >&2; }) \
      || fail "cannot install python3-venv"
  else
    fail "$PY has no venv/ensurepip module (apt-get install python3-venv)"
  fi
fi

echo "[ INFO ] creating $VENV with $WANT" >&2
rm -rf "$VENV"
"$PY" -m venv "$VENV" >&2 || fail "python3 -m venv $VENV failed"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $WANT >&2 \
  || fail "pip install $WANT failed (no access to PyPI?)"
"$VENV/bin/python" -c 'import openvino as ov; ov.Core().available_devices' >&2 \
  || fail "openvino installed but does not load"
echo "$WANT" > "$STAMP"
echo "$VENV/bin/python"
