#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test: lit, gtest, the
# WPT conformance corpus on both kernel paths and the end-to-end model tests
# except those labelled e2e-extended (run them with `ctest -L e2e`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)" -LE e2e-extended
