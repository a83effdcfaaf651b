#!/usr/bin/env bash
# Installs the dependencies, builds, compiles the bundled example CNN to a
# native artifact and runs it on the bundled input.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"
mkdir -p "$build/example"
"$build/bin/webnn-compile" "$root/examples/small_cnn.json" \
  -o "$build/example/small_cnn.so"
"$build/bin/webnn-run" "$build/example/small_cnn.so" \
  --input input="$root/examples/input.npy" \
  --output-dir "$build/example" --top 3
"$build/bin/webnn-run" "$build/example/small_cnn.so" --bench 200 --warmup 20
