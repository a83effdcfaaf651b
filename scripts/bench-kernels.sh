#!/usr/bin/env bash
# Benchmarks single kernels (bench/make_kernels.py) on both kernel paths, in
# one run, and prints a table: median ms and GFLOP/s per path, and the ratio.
# The two paths alternate for ROUNDS rounds and each keeps its best median,
# so that a burst of load on a shared machine does not decide the ratio.
# Usage: scripts/bench-kernels.sh [THREADS] [RUNS] [ROUNDS]
#        (after scripts/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"
threads="${1:-1}"
runs="${2:-50}"
rounds="${3:-3}"
work="$build/bench-kernels"

python3 "$root/bench/make_kernels.py" "$work"
median() { sed -n 's/.*"median_ms":\([0-9.eE+-]*\).*/\1/p'; }

printf '%-26s %10s %10s %10s %10s %8s\n' kernel onednn_ms codegen_ms \
  onednn_GF/s codegen_GF/s cg/dnn
while IFS=$'\t' read -r name flops; do
  declare -A ms=()
  for kernels in onednn codegen; do
    "$build/bin/webnn-compile" "$work/$name.json" --kernels="$kernels" \
      -o "$work/$name.$kernels.so"
  done
  for ((round = 0; round < rounds; ++round)); do
    for kernels in onednn codegen; do
      t=$("$build/bin/webnn-run" "$work/$name.$kernels.so" --bench "$runs" \
        --warmup $((runs / 5 + 1)) --threads "$threads" | median)
      ms[$kernels]=$(awk -v a="${ms[$kernels]:-}" -v b="$t" \
        'BEGIN { print (a == "" || b < a) ? b : a }')
    done
  done
  awk -v n="$name" -v f="$flops" -v a="${ms[onednn]}" -v b="${ms[codegen]}" \
    'BEGIN { printf "%-26s %10.3f %10.3f %10.1f %10.1f %8.2f\n",
             n, a, b, f / a / 1e6, f / b / 1e6, b / a }'
  unset ms
done < "$work/kernels.tsv"
