#!/usr/bin/env bash
# Builds the compiler, runtime and conformance runner with AddressSanitizer
# and UndefinedBehaviorSanitizer into build-sanitize/ (or
# $WNN_SANITIZE_BUILD_DIR) and runs the tests labelled index-safety (every
# index-taking op fed hostile indices at run time, on both kernel paths)
# and sanitized-fuzz (a slice of the differential graph fuzzer).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
export WNN_BUILD_DIR="${WNN_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
export WNN_CMAKE_ARGS="-DWNN_SANITIZE=ON"
export WNN_BUILD_TARGETS="--target wnn-conformance wnn-graph-fuzz"
"$root/scripts/build.sh"
cd "$WNN_BUILD_DIR"
# Any report fails the run; LLVM's and oneDNN's process-lifetime caches are
# not leaks of ours.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --output-on-failure -L "index-safety|sanitized-fuzz"
