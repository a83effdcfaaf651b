#!/usr/bin/env bash
# The ONNX importer's operator test: writes one small model per operator
# form, runs each on ONNX Runtime for the reference, then compiles and runs
# it on both kernel paths and compares; then feeds the compiler truncated,
# byte-flipped and hostile-attribute variants of them.
#
#   run_op_models.sh OUT_DIR BIN_DIR NPM_DIR
set -euo pipefail
out="$1" bin="$2" npm="$3"
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$npm/node_modules/onnxruntime-node" ]; then
  echo "error: onnxruntime-node is not installed in $npm (scripts/setup.sh installs it)" >&2
  exit 1
fi
rm -rf "$out"
/usr/bin/python3 "$here/make_op_models.py" "$out"
node "$here/ort_run.mjs" "$out" "$npm"
/usr/bin/python3 "$here/check_op_models.py" "$out" "$bin"
# Broken variants of the same models: each must end in a clear error.
/usr/bin/python3 "$here/mutate_models.py" "$out" "$bin/webnn-compile" --per-model 2
