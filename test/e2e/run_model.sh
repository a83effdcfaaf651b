#!/usr/bin/env bash
# End-to-end test of one ONNX model against ONNX Runtime: makes or fetches
# the model (test/models/get_model.sh), writes the reference input
# (model_inputs.py), computes the reference outputs with onnxruntime-node
# (ort_reference.mjs), then compiles the model on each kernel path and runs
# it with webnn-run --compare ... --tol-of-max TOL.
#
#   test/e2e/run_model.sh NAME [onednn|codegen ...]
#
# Environment: WNN_BUILD_DIR (default build/), WNN_E2E_TOL (default 1e-4),
# WNN_NPM_DIR (where onnxruntime-node is installed, default $build/npm).
# Work files go to $build/e2e/NAME, models to $build/models.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"
export WNN_NPM_DIR="${WNN_NPM_DIR:-$build/npm}"
name="$1"
shift
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(onednn codegen)
tol="${WNN_E2E_TOL:-1e-4}"
work="$build/e2e/$name"
rm -rf "$work"
mkdir -p "$work"

info=$("$root/test/models/get_model.sh" "$name" "$build/models")
model=$(sed -n 's/^model=//p' <<<"$info")
dims=()
while read -r d; do
  [ -z "$d" ] || dims+=(--dim "$d")
done < <(sed -n 's/^dim=//p' <<<"$info")
input_args=()
while read -r arg; do
  [ -z "$arg" ] || input_args+=("$arg")
done < <(sed -n 's/^input-arg=//p' <<<"$info")

inputs=()
while read -r spec; do
  inputs+=(--input "$spec")
done < <(/usr/bin/python3 "$root/test/models/model_inputs.py" "$model" \
  "$work/inputs" "${dims[@]}" "${input_args[@]}")

echo "== $name: onnxruntime-node reference"
compares=()
while read -r spec; do
  compares+=(--compare "$spec")
done < <(node "$root/test/models/ort_reference.mjs" "$model" "$work/ref" \
  "${inputs[@]}")
[ ${#compares[@]} -gt 0 ] || { echo "no reference outputs" >&2; exit 1; }

failed=0
for k in "${kernels[@]}"; do
  echo "== $name: webnn-compile --kernels=$k"
  if ! "$build/bin/webnn-compile" "$model" "${dims[@]}" --kernels="$k" \
    -o "$work/$name.$k.so"; then
    echo "FAIL $name ($k): compile" >&2
    failed=1
    continue
  fi
  echo "== $name: webnn-run ($k)"
  if ! "$build/bin/webnn-run" "$work/$name.$k.so" "${inputs[@]}" \
    "${compares[@]}" --tol-of-max "$tol"; then
    echo "FAIL $name ($k): outputs" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] && echo "PASS $name (${kernels[*]})"
exit "$failed"
