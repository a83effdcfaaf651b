#!/usr/bin/env bash
# Runs the WPT corpus and the spec tests on both kernel paths and writes the
# per-operation table into docs/conformance.md, between its table markers.
# Usage: scripts/conformance-table.sh [ONEDNN_OUTPUT CODEGEN_OUTPUT]
# (the outputs of earlier wnn-conformance runs, instead of running again).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WNN_BUILD_DIR:-$root/build}"
jobs="$(nproc)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 2 ]; then
  cp "$1" "$tmp/onednn.txt"
  cp "$2" "$tmp/codegen.txt"
else
  for kernels in onednn codegen; do
    "$build/bin/wnn-conformance" --kernels="$kernels" --jobs "$jobs" \
      "$root/test/conformance/wpt" "$root/test/conformance/spec" \
      > "$tmp/$kernels.txt" || true
  done
fi
python3 - "$tmp/onednn.txt" "$tmp/codegen.txt" "$root/docs/conformance.md" <<'PY'
import io
import sys
from contextlib import redirect_stdout

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
text = io.StringIO()
with redirect_stdout(text):
  print("Written by `scripts/conformance-table.sh`: the WPT corpus and the")
  print("spec tests, every test run, on both kernel paths. Skipped")
  print("tests are known wrong expected data (`kKnownDataIssues`).\n")
  print("| operation | oneDNN passed | failed | skipped | codegen passed | failed | skipped |")
  print("|---|---|---|---|---|---|---|")
  for op in sorted(set(onednn) | set(codegen), key=str.lower):
    a = onednn.get(op, ["-"] * 3)
    b = codegen.get(op, ["-"] * 3)
    print(f"| `{op}` | {' | '.join(a)} | {' | '.join(b)} |")
  print(f"| **total (tests)** | {' | '.join(onednn_total)} | {' | '.join(codegen_total)} |")
doc = open(sys.argv[3]).read()
start, end = "<!-- table start -->\n", "<!-- table end -->"
head, rest = doc.split(start, 1)
tail = rest.split(end, 1)[1]
open(sys.argv[3], "w").write(head + start + text.getvalue() + end + tail)
PY
echo "wrote the table into $root/docs/conformance.md"
