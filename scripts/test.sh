#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test: lit, gtest and the
# WPT conformance corpus on both kernel paths.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
