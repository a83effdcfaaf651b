#!/usr/bin/env bash
# Installs what webnn-mlir needs on Debian 12 (bookworm). Idempotent.
set -euo pipefail

packages=(
  cmake ninja-build ccache python3 python3-numpy time
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  clang-22 lld-22 liblld-22-dev
  libdnnl-dev ocl-icd-opencl-dev
  libfmt-dev googletest libgtest-dev libgmock-dev nlohmann-json3-dev
  libonnx-dev libprotobuf-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${missing[@]}"
fi
