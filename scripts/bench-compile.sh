#!/usr/bin/env bash
# Benchmarks compile time and peak compile memory of webnn-compile (to a .so)
# against graph size, for the families of bench/make_compile_graphs.py at
# sizes that double, and prints one row per graph: operations, seconds, peak
# resident MB, and the ratio of each to the previous size of its family.
# Usage: scripts/bench-compile.sh [KERNELS] [SIZES...]
#        KERNELS: onednn (default) or codegen; SIZES default 50 ... 1600.
#        (after scripts/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"
kernels="${1:-onednn}"
shift || true
work="$build/bench-compile"

python3 "$root/bench/make_compile_graphs.py" "$work" "$@"

printf '%-18s %6s %9s %9s %8s %8s\n' graph ops seconds peak_MB t_ratio \
  mem_ratio
previous_family=""
while IFS=$'\t' read -r name family ops; do
  # GNU time's %e (wall seconds) and %M (peak resident KB) of one compile.
  read -r seconds kb < <(/usr/bin/time -f '%e %M' -o /dev/stdout \
    "$build/bin/webnn-compile" "$work/$name.json" --kernels="$kernels" \
    -o "$work/$name.so" | tail -n 1)
  mb=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
  if [ "$family" = "$previous_family" ]; then
    ratios=$(awk -v t="$seconds" -v pt="$previous_seconds" -v m="$mb" \
      -v pm="$previous_mb" 'BEGIN { printf "%8.2f %8.2f", t / pt, m / pm }')
  else
    ratios=$(printf '%8s %8s' - -)
  fi
  printf '%-18s %6d %9.2f %9d %s\n' "$name" "$ops" "$seconds" "$mb" "$ratios"
  previous_family=$family
  previous_seconds=$seconds
  previous_mb=$mb
  rm -f "$work/$name.so"
done < "$work/graphs.tsv"
