#!/usr/bin/env bash
# Runs the WPT corpus and the spec tests on both kernel paths and writes the
# per-operation table to docs/conformance-table.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"
jobs="$(nproc)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for kernels in onednn codegen; do
  "$build/bin/wnn-conformance" --kernels="$kernels" --all --jobs "$jobs" \
    "$root/test/conformance/wpt" "$root/test/conformance/spec" \
    > "$tmp/$kernels.txt" || true
done
python3 - "$tmp/onednn.txt" "$tmp/codegen.txt" \
  > "$root/docs/conformance-table.md" <<'PY'
import sys

def table(path):
    rows, started = {}, False
    for line in open(path):
        fields = line.split()
        if fields[:4] == ["operator", "passed", "failed", "skipped"]:
            started = True
            continue
        if started and len(fields) == 4 and fields[0] != "total":
            rows[fields[0]] = fields[1:]
        if started and fields[:1] == ["total"]:
            total = fields[-3:]
            return rows, total
    return rows, ["?", "?", "?"]

onednn, onednn_total = table(sys.argv[1])
codegen, codegen_total = table(sys.argv[2])
print("# Conformance by operation\n")
print("Written by `scripts/conformance-table.sh`: the WPT corpus and the spec")
print("tests, every test run (`--all`), on both kernel paths. Skipped tests are")
print("known wrong expected data (`kKnownDataIssues`); failures of operations")
print("not implemented say so.\n")
print("| operation | oneDNN passed | failed | skipped | codegen passed | failed | skipped |")
print("|---|---|---|---|---|---|---|")
for op in sorted(set(onednn) | set(codegen), key=str.lower):
    a = onednn.get(op, ["-"] * 3)
    b = codegen.get(op, ["-"] * 3)
    print(f"| `{op}` | {' | '.join(a)} | {' | '.join(b)} |")
print(f"| **total (tests)** | {' | '.join(onednn_total)} | {' | '.join(codegen_total)} |")
PY
echo "wrote $root/docs/conformance-table.md"
