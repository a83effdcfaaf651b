#!/usr/bin/python3
"""Whole-model benchmark: compile time and memory, run memory and latency.

  bench/models.py [--models a,b,...] [--kernels onednn,codegen]
                  [--threads 1,2] [--runs 30] [--warmup 5] [--reps 3]
                  [--peers] [--out FILE.md]

For each model (default: the five generated ones of test/models; the
pretrained ones of test/models/npm-models.tsv by name) and kernel path:
webnn-compile's wall time and peak RSS (GNU time), then in each of --reps
repetitions, for each thread count, webnn-run --bench (min and median of
--runs runs after --warmup) under GNU time (peak RSS of the run). With
--peers, onnxruntime-node (CPU EP, same threads, same input) runs right after
ours in every repetition, and the ratio ours / ORT of the min latencies is
taken per repetition; the table gives its median over the repetitions.
Latencies in the table: the smallest min and the median of the medians over
the repetitions. Progress goes to stderr, the markdown table to stdout (and
--out).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("WNN_BUILD_DIR", os.path.join(ROOT, "build"))
MODELS = ["lenet5", "squeezenet11", "mobilenetv2", "resnet50", "bert2"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def timed(cmd):
    """Runs cmd under GNU time; returns (stdout, wall s, peak RSS MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                        t.read())
    return p.stdout, wall, int(rss.group(1)) / 1024 if rss else float("nan")


def bench_line(stdout):
    for line in stdout.splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            return d["min_ms"], d["median_ms"]
    raise RuntimeError("no JSON line in:\n" + stdout)


def prepare(name, work):
    """Model path, webnn-compile --dim args, --input args."""
    info = subprocess.run([os.path.join(ROOT, "test/models/get_model.sh"),
                           name, os.path.join(BUILD, "models")],
                          check=True, stdout=subprocess.PIPE,
                          text=True).stdout.splitlines()
    model = next(l[6:] for l in info if l.startswith("model="))
    dims = []
    for l in info:
        if l.startswith("dim="):
            dims += ["--dim", l[4:]]
    input_args = [l[10:] for l in info if l.startswith("input-arg=")]
    specs = subprocess.run(
        ["/usr/bin/python3", os.path.join(ROOT, "test/models/model_inputs.py"),
         model, os.path.join(work, "inputs")] + dims + input_args,
        check=True, stdout=subprocess.PIPE, text=True).stdout.split()
    inputs = [a for s in specs for a in ("--input", s)]
    return model, dims, inputs


def fmt(x, digits=3):
    return "-" if x is None else f"{x:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--kernels", default="onednn,codegen")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--out")
    a = ap.parse_args()
    kernels = a.kernels.split(",")
    threads = [int(t) for t in a.threads.split(",")]
    compile_bin = os.path.join(BUILD, "bin/webnn-compile")
    run_bin = os.path.join(BUILD, "bin/webnn-run")
    ort = os.path.join(ROOT, "test/models/ort_reference.mjs")
    env_npm = os.environ.setdefault("WNN_NPM_DIR", os.path.join(BUILD, "npm"))
    log(f"bench/models.py: {BUILD}, onnxruntime-node from {env_npm}")

    rows = []
    for name in a.models.split(","):
        work = os.path.join(BUILD, "bench-models", name)
        os.makedirs(work, exist_ok=True)
        model, dims, inputs = prepare(name, work)
        res = {}
        for k in kernels:
            so = os.path.join(work, f"{name}.{k}.so")
            log(f"{name}: compile --kernels={k}")
            _, wall, rss = timed([compile_bin, model, *dims, f"--kernels={k}",
                                  "-o", so])
            res[k] = {"compile_s": wall, "compile_mb": rss, "run_mb": 0}
            for t in threads:
                res[k][t] = {"min": [], "median": [], "ratio": []}
        ort_res = {t: {"min": [], "median": [], "mb": 0} for t in threads}
        for rep in range(a.reps):
            for t in threads:
                mins = {}
                for k in kernels:
                    log(f"{name}: rep {rep + 1}/{a.reps}, {k}, {t} thread(s)")
                    out, _, rss = timed(
                        [run_bin, os.path.join(work, f"{name}.{k}.so"),
                         *inputs, "--bench", str(a.runs), "--warmup",
                         str(a.warmup), "--threads", str(t)])
                    mn, med = bench_line(out)
                    res[k][t]["min"].append(mn)
                    res[k][t]["median"].append(med)
                    res[k]["run_mb"] = max(res[k]["run_mb"], rss)
                    mins[k] = mn
                if a.peers:
                    log(f"{name}: rep {rep + 1}/{a.reps}, ORT, {t} thread(s)")
                    out, _, rss = timed(
                        ["node", ort, model, "--bench", str(a.runs),
                         "--warmup", str(a.warmup), "--threads", str(t),
                         *inputs])
                    mn, med = bench_line(out)
                    ort_res[t]["min"].append(mn)
                    ort_res[t]["median"].append(med)
                    ort_res[t]["mb"] = max(ort_res[t]["mb"], rss)
                    for k in kernels:
                        res[k][t]["ratio"].append(mins[k] / mn)
        for k in kernels:
            row = [name, k, fmt(res[k]["compile_s"], 2),
                   fmt(res[k]["compile_mb"], 0), fmt(res[k]["run_mb"], 0)]
            for t in threads:
                r = res[k][t]
                row += [fmt(min(r["min"])), fmt(statistics.median(r["median"]))]
                if a.peers:
                    row += [fmt(min(ort_res[t]["min"])),
                            fmt(statistics.median(r["ratio"]), 2)]
            rows.append(row)

    head = ["model", "kernels", "compile s", "compile MB", "run MB"]
    for t in threads:
        head += [f"{t}T min ms", f"{t}T median ms"]
        if a.peers:
            head += [f"ORT {t}T min ms", f"ours/ORT {t}T"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    table = "\n".join(lines)
    note = (f"\n\n{a.runs} runs after {a.warmup} warm-up runs, {a.reps} "
            "repetitions; min: the smallest min, median: the median of the "
            "medians")
    if a.peers:
        note += "; ours/ORT: the median over repetitions of min/min"
    print(table + note)
    if a.out:
        with open(a.out, "w") as f:
            f.write(table + note + "\n")


if __name__ == "__main__":
    main()
