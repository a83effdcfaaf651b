#!/usr/bin/env bash
# Installs what webnn-mlir needs on Debian 12 (bookworm). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

packages=(
  cmake ninja-build ccache python3 python3-numpy time
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  clang-22 lld-22 liblld-22-dev
  libdnnl-dev ocl-icd-opencl-dev
  libfmt-dev googletest libgtest-dev libgmock-dev nlohmann-json3-dev
  libonnx-dev libprotobuf-dev
  python3-onnx
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
# Node.js from another source may bundle npm (and conflict with Debian's).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${missing[@]}"
fi

# onnxruntime-node computes the end-to-end tests' reference outputs; it is
# installed into the build tree. Its install script would download GPU
# binaries (ONNXRUNTIME_NODE_INSTALL=skip); the CPU build is in the package.
ort_version=1.30.0
npm_dir="${WNN_NPM_DIR:-${WNN_BUILD_DIR:-$root/build}/npm}"
if ! grep -qs "\"version\": \"$ort_version\"" \
  "$npm_dir/node_modules/onnxruntime-node/package.json"; then
  mkdir -p "$npm_dir"
  [ -f "$npm_dir/package.json" ] || echo '{"private": true}' >"$npm_dir/package.json"
  (cd "$npm_dir" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit \
    --no-fund --silent "onnxruntime-node@$ort_version") ||
    echo "setup.sh: warning: onnxruntime-node not installed; the e2e tests need it" >&2
fi
