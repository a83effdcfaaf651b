#!/usr/bin/env bash
# Single operations added for full WebNN coverage against ONNX Runtime, in
# one run: resample2d linear, dequantizeLinear + matmul, scatterND, lstm
# (bench/make_op_benchmarks.py). Each side alternates for ROUNDS rounds and
# keeps its best median. Needs shared/peers/setup.sh's packages
# (python3-onnx, onnxruntime-node in /tmp/peers).
# Usage: scripts/bench-ops.sh [THREADS] [RUNS] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"
threads="${1:-1}"
runs="${2:-30}"
rounds="${3:-3}"
work="$build/bench-ops"

/usr/bin/python3 "$root/bench/make_op_benchmarks.py" "$work"
median() { sed -n 's/.*"median_ms":\([0-9.eE+-]*\).*/\1/p'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

declare -A ort=() ours=()
cut -f1 "$work/ops.tsv" > "$work/names"
while read -r name; do
  for kernels in onednn codegen; do
    "$build/bin/webnn-compile" "$work/$name.json" --kernels="$kernels" \
      -o "$work/$name.$kernels.so"
  done
done < "$work/names"
for ((round = 0; round < rounds; ++round)); do
  while IFS= read -r line; do
    name=$(echo "$line" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')
    ort[$name]=$(best "${ort[$name]:-}" "$(echo "$line" | median)")
  done < <(node "$root/bench/ort_op_bench.mjs" "$work" "$threads" "$runs")
  while read -r name; do
    for kernels in onednn codegen; do
      t=$("$build/bin/webnn-run" "$work/$name.$kernels.so" --bench "$runs" \
        --warmup $((runs / 5 + 1)) --threads "$threads" | median)
      ours[$name.$kernels]=$(best "${ours[$name.$kernels]:-}" "$t")
    done
  done < "$work/names"
done
printf '%-12s %10s %10s %10s %10s %10s\n' op ort_ms onednn_ms codegen_ms \
  dnn/ort cg/ort
while read -r name; do
  awk -v n="$name" -v o="${ort[$name]}" -v a="${ours[$name.onednn]}" \
    -v b="${ours[$name.codegen]}" \
    'BEGIN { printf "%-12s %10.3f %10.3f %10.3f %10.2f %10.2f\n",
             n, o, a, b, a / o, b / o }'
done < "$work/names"
